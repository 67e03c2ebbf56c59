// Finds the baseline that applies to a file on disk (the one at its git root, else at `fallbackRoot`),
// cached per root, for `preflight lint` and other whole-workspace checks.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BaselineError, loadBaseline, type Baseline } from './baseline';

function gitTopOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export type BaselineCheck = (ruleId: string, path: string, secret: string) => boolean;

/**
 * Returns `forFile(absPath, fallbackRoot)`: an `AnalyzeOptions.isBaselined` for that file (it ignores the
 * path the rule passes and uses the file's path relative to the baseline's root), or undefined when
 * there is no baseline. Throws BaselineError for a corrupt file unless `onError` is given.
 */
export function createBaselineLookup(
  onError?: (err: BaselineError) => void,
): (absPath: string, fallbackRoot: string) => BaselineCheck | undefined {
  const byRoot = new Map<string, Baseline | null>();
  // Per folder: the walk up to the git root would otherwise stat every parent folder for every file.
  const topOf = new Map<string, string | undefined>();
  return (absPath, fallbackRoot) => {
    const dir = dirname(absPath);
    if (!topOf.has(dir)) topOf.set(dir, gitTopOf(dir));
    const root = topOf.get(dir) ?? fallbackRoot;
    if (!byRoot.has(root)) {
      try {
        const b = loadBaseline(root);
        byRoot.set(root, b.exists && b.data.entries.length ? b : null);
      } catch (err) {
        if (!(err instanceof BaselineError) || !onError) throw err;
        onError(err);
        byRoot.set(root, null);
      }
    }
    const baseline = byRoot.get(root);
    if (!baseline) return undefined;
    const rel = relative(root, absPath).split(sep).join('/');
    return (ruleId, _path, secret) => baseline.isBaselined(ruleId, rel, secret);
  };
}
