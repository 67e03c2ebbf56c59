// Edit builders for fixes that remove or add pieces of code cleanly: list items with their comma,
// whole statements with their line, keyword arguments appended in the call's own layout.
import type { Node, TextEdit } from '../core/types';
import { kids } from './tree';

function isComment(n: Node): boolean {
  return n.type === 'comment';
}

/**
 * Removes one element of a comma-separated list (call arguments, object properties, dict entries)
 * together with its separating comma, so `f(a, verify=False)` -> `f(a)` and `{ a: 1, b: 2 }` -> `{ b: 2 }`.
 * The only element empties the brackets: `Agent({ x: false })` -> `Agent({})`.
 */
export function removeListItem(text: string, item: Node): TextEdit {
  // An item alone on its line(s) goes with its line, trailing comment included.
  const lineStart = text.lastIndexOf('\n', item.startIndex - 1) + 1;
  let lineEnd = text.indexOf('\n', item.endIndex);
  if (lineEnd < 0) lineEnd = text.length;
  if (
    lineStart > 0 &&
    /^[ \t]*$/.test(text.slice(lineStart, item.startIndex)) &&
    /^[ \t]*,?[ \t]*((#|\/\/).*)?\r?$/.test(text.slice(item.endIndex, lineEnd))
  ) {
    return { start: lineStart, end: Math.min(lineEnd + 1, text.length), newText: '' };
  }
  const list = item.parent;
  const siblings = list ? kids(list).filter((n) => !isComment(n)) : [item];
  const i = siblings.findIndex((n) => n.startIndex === item.startIndex && n.endIndex === item.endIndex);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  if (next) return { start: item.startIndex, end: next.startIndex, newText: '' };
  if (prev) return { start: prev.endIndex, end: item.endIndex, newText: '' };
  // Sole element: clear everything between the brackets (a trailing comma or comment included).
  const open = list ? list.startIndex + 1 : item.startIndex;
  const close = list ? list.endIndex - 1 : item.endIndex;
  return { start: open, end: close, newText: '' };
}

const BLOCK_PARENTS = new Set([
  'module',
  'block',
  'program',
  'statement_block',
  'class_body',
  'switch_case',
  'switch_default',
]);

/**
 * Deletes statements: whole lines when a statement stands alone on its lines (its trailing comment
 * goes with it), else just its text. A Python block left empty gets `pass`; a JS statement that is
 * the body of an `if`/loop without braces becomes `{}` so the following statement keeps its meaning.
 */
export function deleteStatements(text: string, statements: readonly Node[], python: boolean): TextEdit[] {
  const edits: TextEdit[] = [];
  const doomed = new Set(statements.map((s) => s.startIndex));
  const emptied = new Set<number>();
  for (const stmt of statements) {
    const parent = stmt.parent;
    if (parent && !BLOCK_PARENTS.has(parent.type)) {
      edits.push({ start: stmt.startIndex, end: stmt.endIndex, newText: python ? 'pass' : '{}' });
      continue;
    }
    const survivors = parent ? kids(parent).filter((n) => !isComment(n) && !doomed.has(n.startIndex)) : [];
    if (python && parent?.type === 'block' && survivors.length === 0 && !emptied.has(parent.startIndex)) {
      emptied.add(parent.startIndex);
      edits.push({ start: stmt.startIndex, end: stmt.endIndex, newText: 'pass' });
      continue;
    }
    const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
    let lineEnd = text.indexOf('\n', stmt.endIndex);
    if (lineEnd < 0) lineEnd = text.length;
    const before = text.slice(lineStart, stmt.startIndex);
    const after = text.slice(stmt.endIndex, lineEnd);
    const trailingOk = python ? /^\s*(#.*)?\r?$/.test(after) : /^\s*;?\s*(\/\/.*)?\r?$/.test(after);
    if (/^[ \t]*$/.test(before) && trailingOk)
      edits.push({ start: lineStart, end: Math.min(lineEnd + 1, text.length), newText: '' });
    else edits.push({ start: stmt.startIndex, end: stmt.endIndex, newText: '' });
  }
  return edits;
}

/** The statement holding an expression (its `expression_statement`), or the node itself. */
export function statementOf(node: Node): Node {
  let n = node;
  while (
    n.parent &&
    n.parent.type !== 'expression_statement' &&
    [
      'assignment',
      'assignment_expression',
      'augmented_assignment',
      'call',
      'call_expression',
      'await',
      'await_expression',
    ].includes(n.parent.type)
  )
    n = n.parent;
  return n.parent?.type === 'expression_statement' ? n.parent : n;
}

/**
 * Appends `name=value` arguments (Python) or any argument texts to a call, following its layout:
 * one per line at the last argument's indentation when the arguments already span lines.
 */
export function appendArguments(text: string, args: Node, items: readonly string[]): TextEdit {
  const present = kids(args).filter((n) => !isComment(n));
  const last = present[present.length - 1];
  const closeAt = args.endIndex - 1;
  if (!last) return { start: args.startIndex + 1, end: closeAt, newText: items.join(', ') };
  const between = text.slice(last.endIndex, closeAt);
  const multiline = text.slice(args.startIndex, last.startIndex).includes('\n');
  if (multiline) {
    const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
    const trailingComma = /^\s*,/.test(between);
    const commaEnd = trailingComma ? last.endIndex + between.indexOf(',') + 1 : last.endIndex;
    const added = items.map((i) => `\n${indent}${i},`).join('');
    return { start: commaEnd, end: commaEnd, newText: trailingComma ? added : `,${added.slice(0, -1)}` };
  }
  return { start: last.endIndex, end: last.endIndex, newText: items.map((i) => `, ${i}`).join('') };
}

/**
 * Deletes a whole multi-line construct (a decorated function, a route statement) with its lines,
 * and the blank lines after it when blank lines already precede it, so the gap between the
 * neighbours stays as it was.
 */
export function deleteBlock(text: string, node: Node): TextEdit {
  const start = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  let end = text.indexOf('\n', node.endIndex);
  end = end < 0 ? text.length : end + 1;
  const before = text.slice(0, start);
  if (start === 0 || /\n[ \t]*\n$/.test(`\n${before}`)) {
    const blank = /^([ \t]*\r?\n)*/.exec(text.slice(end))?.[0] ?? '';
    // Keep the file's last newline; drop blank lines only when code follows them.
    if (end + blank.length < text.length || start === 0) end += blank.length;
    else if (start > 0)
      return { start: start - (/(\r?\n[ \t]*)+$/.exec(before)?.[0].length ?? 0) + 1, end: text.length, newText: '' };
  }
  return { start, end, newText: '' };
}
