// Where a node sits: its enclosing function and, when that function is a route, the handler.
import type { Node, TreeContext } from '../core/types';
import { findJsHandlers, findPythonHandlers, handlerContaining, type Handler } from './handlers';
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

/** Taint scopes cached per function start, so a rule asks once per function. */
export function taintFor(ctx: TreeContext): (node: Node) => TaintScope {
  let handlers: Handler[] | undefined; // found on first use: most files have no candidate at all
  const cache = new Map<number, TaintScope>();
  return (node) => {
    handlers ??= handlersOf(ctx);
    const fn = enclosingFn(node);
    const key = fn?.startIndex ?? -1;
    let scope = cache.get(key);
    if (!scope) {
      const handler = handlerContaining(handlers, node);
      const isRoute = !!handler && handler.fn?.startIndex === fn?.startIndex && handler.kind === 'http';
      // module-level code: the module is the scope
      cache.set(key, (scope = taintScope(fn ?? ctx.root, ctx.family, isRoute)));
    }
    return scope;
  };
}
