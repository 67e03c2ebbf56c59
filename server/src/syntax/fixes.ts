// Fix-building helpers shared by rules: imports to add, env reads per language.
import type { Node, TextEdit } from '../core/types';
import { kids } from './tree';

/** An edit adding `import os` (or another plain import) after the module docstring/imports, unless present. */
export function ensurePythonImport(root: Node, module: string): TextEdit[] {
  const statements = kids(root);
  const has = statements.some(
    (s) => s.type === 'import_statement' && kids(s).some((n) => n.text === module || n.text.startsWith(`${module} as`)),
  );
  if (has) return [];
  const at = pythonImportOffset(root);
  return [{ start: at, end: at, newText: `import ${module}\n` }];
}

/** Where a new import goes: after the module docstring, leading comments and `from __future__` imports. */
function pythonImportOffset(root: Node): number {
  let at = 0;
  for (const s of kids(root)) {
    const isDocstring = s.type === 'expression_statement' && s.firstNamedChild?.type === 'string';
    const isFuture = s.type === 'future_import_statement';
    if (s.type === 'comment' || isDocstring || isFuture) {
      at = s.endIndex + 1;
      continue;
    }
    break;
  }
  return at;
}

/** `from X import a, b` for the names not yet imported from X (added to an existing import when present). */
export function ensurePythonFromImport(root: Node, module: string, wanted: string | readonly string[]): TextEdit[] {
  const names = typeof wanted === 'string' ? [wanted] : wanted;
  for (const s of kids(root)) {
    if (s.type !== 'import_from_statement' || s.childForFieldName('module_name')?.text !== module) continue;
    const present = s.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const missing = names.filter(
      (name) => !present.some((n) => n.text === name || n.childForFieldName('name')?.text === name),
    );
    const last = present[present.length - 1];
    if (!missing.length || !last) return [];
    return [{ start: last.endIndex, end: last.endIndex, newText: `, ${missing.join(', ')}` }];
  }
  const first = kids(root).find((s) => s.type === 'import_from_statement' || s.type === 'import_statement');
  const at = first ? first.startIndex : pythonImportOffset(root);
  return [{ start: at, end: at, newText: `from ${module} import ${names.join(', ')}\n` }];
}

/** Sorts and applies edits to a text (used by tests, the CLI and the LSP fix-all). Overlapping edits throw. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, e.start) + e.newText + result.slice(e.end);
    limit = e.start;
  }
  return result;
}
