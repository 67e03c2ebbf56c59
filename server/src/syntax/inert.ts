// "Inert" values for injection rules (SQL, shell, code): literals, numbers, UPPER_CASE constants and
// single-assignment locals of those, plus whatever a rule declares safe (e.g. `shlex.quote(x)`). Unlike
// values.ts there is no HTML sanitiser list: html.escape does not make SQL safe.
import type { Node } from '../core/types';
import { calleeName, descendants, kids, lastSegment } from './tree';
import { isConstant as pyIsConstant } from './python';
import { callArgs, isConstant as jsIsConstant } from './js';
import {
  constantName,
  jsBinding,
  jsReassignedAnywhere,
  jsScalarTyped,
  pyAssignedAnywhere,
  pyBinding,
  pyNumericFormat,
  pyScalarTyped,
} from './values';

const MAX_DEPTH = 4;
/**
 * Nodes one judgement may visit. Depth alone does not bound the work: a broken file (an unclosed bracket
 * swallowing the rest of it into one list) gives nodes with hundreds of children, each followed to its
 * binding, and the editor hung on such a keystroke. Past the budget the value counts as not inert.
 */
const MAX_VISITS = 400;
const PY_NUMERIC = new Set(['int', 'float', 'len', 'round', 'abs', 'bool']);
const JS_NUMERIC = new Set([
  'Number',
  'parseInt',
  'parseFloat',
  'Math.round',
  'Math.floor',
  'Math.ceil',
  'Math.abs',
  'Math.min',
  'Math.max',
]);

export type SafeCall = (call: Node) => boolean;

/** Python: true when no part of the value can come from outside the program. */
export function pyIsInert(
  node: Node | null | undefined,
  safeCall: SafeCall = () => false,
  depth = 0,
  budget = { left: MAX_VISITS },
): boolean {
  if (!node) return true;
  if (depth > MAX_DEPTH || --budget.left < 0) return false;
  if (pyIsConstant(node)) return true;
  const next = (n: Node | null | undefined) => pyIsInert(n, safeCall, depth + 1, budget);
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'none':
    case 'true':
    case 'false':
      return true;
    case 'parenthesized_expression':
    case 'concatenated_string':
    case 'conditional_expression':
    case 'tuple':
    case 'list':
      return kids(node).every(next);
    case 'string':
      return kids(node)
        .filter((c) => c.type === 'interpolation')
        .every((i) => pyNumericFormat(i) || next(kids(i)[0]));
    case 'binary_operator':
      return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
    // `",".join("?" for _ in ids)`: the loop only counts how many constant pieces there are.
    case 'generator_expression':
    case 'list_comprehension':
      return next(node.childForFieldName('body'));
    case 'call': {
      if (PY_NUMERIC.has(calleeName(node)) || safeCall(node)) return true;
      const fn = node.childForFieldName('function');
      // "...".format(...) / ", ".join(...) of inert parts
      if (
        fn?.type === 'attribute' &&
        /^(format|join|upper|lower|strip)$/.test(fn.childForFieldName('attribute')?.text ?? '')
      ) {
        const args = node.childForFieldName('arguments');
        return (
          next(fn.childForFieldName('object')) &&
          (args?.type === 'generator_expression'
            ? next(args)
            : kids(args ?? node).every((a) => next(a.type === 'keyword_argument' ? a.childForFieldName('value') : a)))
        );
      }
      return false;
    }
    case 'identifier': {
      if (pyScalarTyped(node)) return true;
      const value = pyBinding(node, node.text);
      return value !== undefined ? next(value) : constantName(node) && !pyAssignedAnywhere(node);
    }
    default:
      return false;
  }
}

/** JS/TS: true when no part of the value can come from outside the program. */
export function jsIsInert(
  node: Node | null | undefined,
  safeCall: SafeCall = () => false,
  depth = 0,
  budget = { left: MAX_VISITS },
): boolean {
  if (!node) return true;
  if (depth > MAX_DEPTH || --budget.left < 0) return false;
  if (jsIsConstant(node)) return true;
  const next = (n: Node | null | undefined) => jsIsInert(n, safeCall, depth + 1, budget);
  switch (node.type) {
    case 'number':
    case 'undefined':
      return true;
    case 'parenthesized_expression':
    case 'array':
      return kids(node).every(next);
    case 'template_string':
      return kids(node)
        .filter((c) => c.type === 'template_substitution')
        .every((s) => kids(s).every(next));
    case 'binary_expression':
      return next(node.childForFieldName('left')) && next(node.childForFieldName('right'));
    case 'ternary_expression':
      return next(node.childForFieldName('consequence')) && next(node.childForFieldName('alternative'));
    case 'as_expression':
    case 'non_null_expression':
      return next(kids(node)[0]);
    case 'call_expression': {
      if (JS_NUMERIC.has(calleeName(node)) || lastSegment(calleeName(node)) === 'toFixed' || safeCall(node))
        return true;
      const fn = node.childForFieldName('function');
      return (
        fn?.type === 'member_expression' &&
        fn.childForFieldName('property')?.text === 'join' &&
        callArgs(node).every(next) &&
        jsConstantPieces(fn.childForFieldName('object'), next)
      );
    }
    case 'member_expression':
      return node.childForFieldName('property')?.text === 'length';
    case 'identifier': {
      if (node.text === 'undefined' || jsScalarTyped(node)) return true;
      const value = jsBinding(node, node.text);
      return value !== undefined ? next(value) : constantName(node) && !jsReassignedAnywhere(node);
    }
    default:
      return false;
  }
}

/**
 * A list of constant pieces to join: an array of inert values, `Array(n).fill("?")`, or `ids.map(() => "?")` /
 * `ids.map((_, i) => `$${i + 1}`)` (placeholder lists: the callback uses at most the element's index).
 */
function jsConstantPieces(list: Node | null, next: (n: Node | null | undefined) => boolean): boolean {
  if (!list) return false;
  if (list.type === 'array') return next(list);
  const fn = list.type === 'call_expression' ? list.childForFieldName('function') : undefined;
  if (fn?.type !== 'member_expression') return false;
  const method = fn.childForFieldName('property')?.text;
  const [first] = callArgs(list);
  if (method === 'fill') return !!first && next(first);
  if (method !== 'map' || (first?.type !== 'arrow_function' && first?.type !== 'function_expression')) return false;
  const body = first.childForFieldName('body');
  if (!body || body.type === 'statement_block') return false;
  const params = first.childForFieldName('parameters');
  const second = params ? kids(params)[1] : undefined;
  const index = second ? descendants(second, 'identifier')[0]?.text : undefined;
  if (next(body)) return true;
  return (
    !!index &&
    descendants(body, 'call_expression').length === 0 &&
    descendants(body, 'identifier').every((id) => id.text === index)
  );
}
