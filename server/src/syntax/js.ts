// JavaScript/TypeScript syntax helpers: object properties, literals, call arguments.
import type { Node } from '../core/types';
import { kids } from './tree';

export function callArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? kids(args).filter((a) => a.type !== 'comment') : [];
}

/** The value of `key: value` in an object literal (keys written as identifiers or strings). */
export function objectProp(obj: Node, key: string): Node | undefined {
  return objectPair(obj, key)?.childForFieldName('value') ?? undefined;
}

export function objectPair(obj: Node, key: string): Node | undefined {
  if (obj.type !== 'object') return undefined;
  for (const p of kids(obj)) {
    if (p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    if (k && (k.text === key || stringValue(k) === key)) return p;
  }
  return undefined;
}

/** Content of a string literal or a template literal without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !kids(node).some((c) => c.type === 'template_substitution'))
    return node.text.slice(1, -1);
  return undefined;
}

/** Literal with no runtime input: strings, numbers, booleans, null, and arrays of them. */
export function isConstant(node: Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'true':
    case 'false':
    case 'null':
    case 'undefined':
      return true;
    case 'template_string':
      return stringValue(node) !== undefined;
    case 'array':
      return kids(node).every(isConstant);
    case 'parenthesized_expression':
      return kids(node).every(isConstant);
    case 'binary_expression':
      return isConstant(node.childForFieldName('left')) && isConstant(node.childForFieldName('right'));
    default:
      return false;
  }
}

/** Enclosing function of any form (declaration, expression, arrow, method). */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (
      ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function'].includes(
        p.type,
      )
    )
      return p;
  }
  return undefined;
}

/** Names of a function's formal parameters, in order (`req`, `res`, `next`, or `err, req, res, next`). */
export function paramNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params.text];
  return kids(params).map((p) => {
    const pattern = p.childForFieldName('pattern') ?? p;
    return pattern.type === 'identifier' ? pattern.text : '';
  });
}
