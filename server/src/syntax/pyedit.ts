// Python edits shared by rules: removing a keyword argument, adding an import in sorted position.
import type { Node, TextEdit } from '../core/types';
import { kids } from './tree';
import { ensurePythonImport } from './fixes';
import { perTree } from './memo';

/** Removes `name=value` and exactly one neighbouring comma, keeping the rest of the layout. */
export function removeKeywordEdit(call: Node, kw: Node): TextEdit {
  const args = kids(call.childForFieldName('arguments') ?? call).filter((a) => a.type !== 'comment');
  const i = args.findIndex((a) => a.startIndex === kw.startIndex);
  if (i > 0) return { start: args[i - 1].endIndex, end: kw.endIndex, newText: '' };
  if (i === 0 && args.length > 1) return { start: kw.startIndex, end: args[1].startIndex, newText: '' };
  return { start: kw.startIndex, end: kw.endIndex, newText: '' };
}

/** `import module` placed in alphabetical order within the module's leading plain imports. */
export function ensureSortedPythonImport(root: Node, module: string): TextEdit[] {
  // Edits are shared between findings: hand out copies so no caller can change another's fix.
  return perTree(root, `import:${module}`, () => sortedImport(root, module)).map((e) => ({ ...e }));
}

function sortedImport(root: Node, module: string): TextEdit[] {
  const statements = kids(root);
  const plain = statements.filter((s) => s.type === 'import_statement');
  if (plain.some((s) => kids(s).some((n) => n.text === module || n.text.startsWith(`${module} as`)))) return [];
  const leading: Node[] = [];
  for (const s of statements.slice(statements.findIndex((x) => x.type === 'import_statement'))) {
    if (s.type !== 'import_statement') break;
    leading.push(s);
  }
  if (!plain.length || !leading.length) return ensurePythonImport(root, module);
  const after = leading.find((s) => (kids(s)[0]?.text ?? '') > module);
  const at = after ? after.startIndex : leading[leading.length - 1].endIndex + 1;
  return [{ start: at, end: at, newText: `import ${module}\n` }];
}
