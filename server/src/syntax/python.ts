// Python syntax helpers: keyword arguments, literal values, string contents.
import type { Node } from '../core/types';
import { kids } from './tree';

/** The value node of `name=...` in a call's argument list. */
export function keywordArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const a of kids(args)) {
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)
      return a.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The whole `name=value` node, for fixes that remove or rewrite it. */
export function keywordArgNode(call: Node, name: string): Node | undefined {
  const value = keywordArg(call, name);
  return value?.parent ?? undefined;
}

export function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args
    ? kids(args).filter(
        (a) =>
          a.type !== 'keyword_argument' &&
          a.type !== 'comment' &&
          a.type !== 'dictionary_splat' &&
          a.type !== 'list_splat',
      )
    : [];
}

/** Content of a plain (non-f) string literal; undefined for f-strings, concatenations and others. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (kids(node).some((c) => c.type === 'interpolation')) return undefined;
  return kids(node)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
}

/** Literal with no runtime input: strings without interpolation, numbers, booleans, None, and lists/tuples of them. */
export function isConstant(node: Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'string':
      return stringValue(node) !== undefined;
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'concatenated_string':
      return kids(node).every(isConstant);
    case 'list':
    case 'tuple':
    case 'set':
      return kids(node).every(isConstant);
    case 'parenthesized_expression':
      return kids(node).every(isConstant);
    case 'binary_operator':
      return isConstant(node.childForFieldName('left')) && isConstant(node.childForFieldName('right'));
    default:
      return false;
  }
}

/** Enclosing function definition (plain or async), if any. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** Decorators of a function definition (the `decorated_definition` wrapper's decorator nodes). */
export function decoratorsOf(fn: Node): Node[] {
  const wrapper = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return wrapper ? kids(wrapper).filter((c) => c.type === 'decorator') : [];
}

const imported = new WeakMap<Node, Map<string, string>>();

/**
 * Names imported in the module: `from fastapi import FastAPI as F` maps F -> fastapi.FastAPI. Many rules
 * ask; the answer is kept per root (one shared root per analysis), so the module is read once: never mutate it.
 */
export function importedNames(root: Node): Map<string, string> {
  let names = imported.get(root);
  if (!names) imported.set(root, (names = readImports(root)));
  return names;
}

function readImports(root: Node): Map<string, string> {
  const names = new Map<string, string>();
  for (const stmt of kids(root)) {
    if (stmt.type === 'import_from_statement') {
      const module = stmt.childForFieldName('module_name')?.text ?? '';
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import')
          names.set(n.childForFieldName('alias')?.text ?? '', `${module}.${n.childForFieldName('name')?.text ?? ''}`);
        else names.set(n.text, `${module}.${n.text}`);
      }
    } else if (stmt.type === 'import_statement') {
      for (const n of kids(stmt)) {
        if (n.type === 'aliased_import')
          names.set(n.childForFieldName('alias')?.text ?? '', n.childForFieldName('name')?.text ?? '');
        else names.set(n.text.split('.')[0], n.text.split('.')[0]);
      }
    }
  }
  return names;
}

/** Indentation (spaces/tabs) of the line holding an offset. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** Names of a function's parameters (plain, typed, defaulted; splats without their stars). */
export function paramNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  return kids(params)
    .map((p) => {
      if (p.type === 'identifier') return p.text;
      const name = p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier');
      return name?.text ?? '';
    })
    .filter(Boolean);
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * The text of a call's arguments read without a parse: from `from` (just after the call's `(`) to the
 * matching `)`, skipping strings and comments. Undefined whenever the end is not plain to see (a
 * triple-quoted string, an unclosed string or bracket, more than `limit` characters), so that a rule gating
 * its parse on this text parses instead.
 */
export function pyCallArgsText(text: string, from: number, limit = 4000): string | undefined {
  const open: string[] = [')'];
  const end = Math.min(text.length, from + limit);
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c in CLOSER) open.push(CLOSER[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (open.pop() !== c) return undefined;
      if (!open.length) return text.slice(from, i);
    } else if (c === '#') {
      i = text.indexOf('\n', i);
      if (i === -1) return undefined;
    } else if (c === '"' || c === "'") {
      if (text.startsWith(c + c + c, i)) return undefined;
      let j = i + 1;
      while (j < end && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== c) return undefined;
      i = j;
    }
  }
  return undefined;
}
