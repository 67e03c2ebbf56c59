// Split Django settings: development values in `base.py` that a production module beside it replaces
// (`from .base import *`, then its own assignment). A finding on such a value describes development only.
import type { AnalyzeOptions } from '../core/types';
import { escapeRegExp } from './tree';

const PRODUCTION_MODULES = ['production.py', 'prod.py', 'settings_production.py', 'settings_prod.py', 'live.py'];

/** The production settings file beside `path` that star-imports it and assigns `name` itself, if there is one. */
export function overriddenInProduction(
  path: string,
  name: string,
  readFile: AnalyzeOptions['readFile'],
): string | undefined {
  if (!readFile || !path.endsWith('.py')) return undefined;
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const module = escapeRegExp(path.slice(slash + 1, -3));
  const importsIt = new RegExp(`^from[ \\t]+(?:\\.|[\\w.]+\\.)${module}[ \\t]+import[ \\t]+\\*`, 'm');
  const assigns = new RegExp(`^${escapeRegExp(name)}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'm');
  for (const candidate of PRODUCTION_MODULES) {
    if (dir + candidate === path) continue;
    const text = readFile(dir + candidate);
    if (text && importsIt.test(text) && assigns.test(text)) return candidate;
  }
  return undefined;
}
