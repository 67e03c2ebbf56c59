// Where a node sits: its enclosing function and, when that function is a route, the handler.
import type { Node, TreeContext } from '../core/types';
import { findJsHandlers, findPythonHandlers, handlerContaining, type Handler } from './handlers';
import { perTree } from './memo';
import { taintScope, type TaintScope } from './taint';

const FUNCTION_TYPES = [
  'function_definition',
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'function',
];

export function enclosingFn(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.includes(p.type)) return p;
  return undefined;
}

export function handlersOf(ctx: TreeContext): Handler[] {
  return ctx.family === 'python' ? findPythonHandlers(ctx.root) : findJsHandlers(ctx.root, ctx.file.path);
}

/**
 * Taint scopes cached per function start and per parse, shared by every rule that asks: a broken file's
 * module-level scope (an unclosed bracket leaves calls outside any function) is one whole-file pass, not one
 * per rule.
 */
export function taintFor(ctx: TreeContext): (node: Node) => TaintScope {
  return (node) => {
    const fn = enclosingFn(node);
    return perTree(ctx.root, `taintScope:${fn?.startIndex ?? -1}`, () => {
      const handler = handlerContaining(
        perTree(ctx.root, 'handlersOf', () => handlersOf(ctx)),
        node,
      );
      const isRoute = !!handler && handler.fn?.startIndex === fn?.startIndex && handler.kind === 'http';
      // module-level code: the module is the scope
      return taintScope(fn ?? ctx.root, ctx.family, isRoute);
    });
  };
}
