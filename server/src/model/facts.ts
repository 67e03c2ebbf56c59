// Module facts of one parsed file, for the project model: per family, plus what makes a file's routes
// not endpoints (tests, scripts, migrations).
import type { Family, Node } from '../core/types';
import { isTestPath } from '../core/languages';
import { findJsHandlers, findPythonHandlers, mayDefineHandlers } from '../syntax/handlers';
import { withTypeIndex } from '../syntax/tree';
import { jsModuleFacts } from './js';
import { pythonModuleFacts } from './python';
import type { ModuleFacts } from './types';

/** Why a file's handlers are not served endpoints, if they are not. */
function excludedReason(file: string, text: string): string | undefined {
  if (isTestPath(file) || /(^|\/)(e2e|cypress|playwright|fixtures?)\//.test(file)) return 'test file';
  if (/(^|\/)migrations\//.test(file)) return 'migration';
  if (/(^|\/)(scripts?|bin)\/[^/]+$/.test(file) && !/(^|\/)(app|pages|api|routes)\//.test(file)) return 'script';
  if (
    /^\s*import (click|typer)\b|^\s*from (click|typer) import/m.test(text) &&
    !/\b(FastAPI|Flask|APIRouter|Blueprint)\(/.test(text)
  )
    return 'command-line program';
  return undefined;
}

/**
 * Node types the fact extractors ask for: collected in one walk per file (see `withTypeIndex`). Shared
 * helpers ask for both families' call types at once, so each list names the other family's call types too.
 */
const INDEXED_TYPES: Record<Family, string[]> = {
  python: [
    'import_statement',
    'import_from_statement',
    'call',
    'call_expression',
    'new_expression',
    'function_definition',
    'decorated_definition',
    'class_definition',
    'assignment',
    'try_statement',
    'return_statement',
  ],
  js: [
    'import_statement',
    'variable_declarator',
    'call',
    'call_expression',
    'new_expression',
    'assignment_expression',
    'arrow_function',
    'function_expression',
    'function',
    'function_declaration',
    'method_definition',
    'try_statement',
  ],
};

/** Facts of one file (workspace-relative `file`); keep these, not the tree. Never throws. */
export function moduleFacts(family: Family, root: Node, text: string, file: string): ModuleFacts {
  const facts = withTypeIndex(root, INDEXED_TYPES[family], () =>
    family === 'python' ? pythonModuleFacts(root, text, file) : jsModuleFacts(root, text, file),
  );
  const excluded = excludedReason(file, text);
  if (excluded) facts.excluded = excluded;
  return facts;
}

/** `x.register('prefix', View)`: DRF routes need a dotted `.register(` call whose first argument is a string. */
const DRF_REGISTER = /\.\s*register(?:\s|#[^\n]*)*\((?:\s|#[^\n]*)*[rRuUbBfF]{0,2}["']/;

/**
 * False only when this file's facts cannot give the model an endpoint: no handler candidate (see
 * `mayDefineHandlers`), and in Python no DRF route (`DRF_REGISTER`) and no Streamlit import (pages). A
 * project none of whose files can has no endpoints, so its other facts are never read; see the CLI's
 * `withProjectHints`.
 */
export function mayHaveEndpoints(family: 'python' | 'js', text: string, path: string): boolean {
  if (mayDefineHandlers(family, text, path)) return true;
  return family === 'python' && (DRF_REGISTER.test(text) || text.includes('streamlit'));
}

/**
 * With the file's tree: false only when its facts would hold no endpoint (`hasEndpoints`): no handler found
 * on the tree (the facts' endpoints are its handlers), and in Python no DRF route or Streamlit import in the
 * text. Much cheaper than the facts, whose handlers it finds (and caches for the rules) the same way.
 */
export function treeMayHaveEndpoints(family: 'python' | 'js', root: Node, text: string, path: string): boolean {
  if (family === 'python')
    return DRF_REGISTER.test(text) || text.includes('streamlit') || findPythonHandlers(root).length > 0;
  return findJsHandlers(root, path).length > 0;
}

/** Whether these facts give the model an endpoint (own handlers, DRF routes, a Streamlit page). */
export function hasEndpoints(facts: ModuleFacts): boolean {
  return facts.endpoints.endpoints.length > 0 || facts.urls.some((u) => u.register) || facts.streamlit === true;
}
