// A small, local notion of "request-supplied": an expression that reads the request directly, a variable
// assigned from one in the same function, or (FastAPI) a plain route parameter. One hop of flow is enough
// for the shapes that ship; deeper flow would cost precision and speed.
import type { Node } from '../core/types';
import { descendants, kids } from './tree';

const PY_SOURCE =
  /\brequest\.(query_params|path_params|args|form|values|GET|POST|json|get_json|data|headers|cookies|files|body)\b|\bawait\s+request\.(json|body|form)\(/;
const JS_SOURCE =
  /\b(req|request|ctx\.request)\.(query|body|params|headers|cookies)\b|\breq\.get\(|\b(searchParams|URLSearchParams)\b|\blocation\.(search|hash)\b|\bnextUrl\.searchParams\b|\bawait\s+(req|request)\.(json|formData|text)\(/;

// Outbound HTTP calls: what comes back is the remote service's answer, request-supplied only when the URL is.
const HTTP_CALLEE = /^(fetch|axios(\.\w+)?|got(\.\w+)?|ky(\.\w+)?|(requests|httpx|aiohttp)(\.\w+)+|urlopen)$/;

/** The URL argument of `await fetch(url, {body})`, `requests.post(url, json=...)`; undefined for other values. */
function outboundUrl(value: Node): Node | undefined {
  let v: Node | null = value;
  while (v && (v.type === 'await' || v.type === 'await_expression' || v.type === 'parenthesized_expression'))
    v = kids(v).find((k) => k.type !== 'await' && k.text !== '(' && k.text !== ')') ?? null;
  if (v?.type !== 'call' && v?.type !== 'call_expression') return undefined;
  if (!HTTP_CALLEE.test(v.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '')) return undefined;
  const args = v.childForFieldName('arguments');
  return (args ? kids(args) : []).find((k) => !/^[(),]$/.test(k.type));
}

/** Names the function binds from the request: assignments/destructurings whose value reads the request. */
function derivedNames(fn: Node, source: RegExp): Set<string> {
  const names = new Set<string>();
  for (let pass = 0; pass < 2; pass++) {
    // two passes follow `a = req.x; b = a.strip()`
    for (const a of descendants(fn, ['assignment', 'variable_declarator'])) {
      const left = a.childForFieldName('left') ?? a.childForFieldName('name');
      const right = a.childForFieldName('right') ?? a.childForFieldName('value');
      if (!left || !right) continue;
      // A response to a request sent with user data in its body is the service's answer, not the user's input.
      const read = outboundUrl(right) ?? right;
      const tainted =
        source.test(read.text) ||
        descendants(read, 'identifier').some((i) => names.has(i.text)) ||
        (read.type === 'identifier' && names.has(read.text));
      if (!tainted) continue;
      if (left.type === 'identifier') names.add(left.text);
      else
        for (const id of descendants(left, ['identifier', 'shorthand_property_identifier_pattern'])) names.add(id.text);
    }
  }
  return names;
}

const NOT_INPUT_TYPES = /\b(Request|WebSocket|Session|AsyncSession|BackgroundTasks|Response)\b/;

/** Plain parameters of a FastAPI-style route function (query/path/body values), not injected objects. */
function routeParams(fn: Node): Set<string> {
  const names = new Set<string>();
  const params = fn.childForFieldName('parameters');
  for (const p of params ? kids(params) : []) {
    const name =
      p.type === 'identifier' ? p : (p.childForFieldName('name') ?? kids(p).find((c) => c.type === 'identifier'));
    if (!name || name.text === 'self' || name.text === 'cls') continue;
    if (NOT_INPUT_TYPES.test(p.childForFieldName('type')?.text ?? '') || /Depends\(|Security\(/.test(p.text)) continue;
    names.add(name.text);
  }
  return names;
}

/**
 * False only when nothing in this text reads the request (a FastAPI route's plain parameters aside, which need
 * a route: `mayDefineHandlers`), so no expression of it can be tainted.
 */
export function mayReadRequest(family: 'python' | 'js', text: string): boolean {
  return (family === 'python' ? PY_SOURCE : JS_SOURCE).test(text);
}

export interface TaintScope {
  readonly isTainted: (expr: Node) => boolean;
}

/** Builds the taint test for one function. `isRoute`: its plain parameters are request input (FastAPI). */
export function taintScope(fn: Node | undefined, family: 'python' | 'js', isRoute: boolean): TaintScope {
  const source = family === 'python' ? PY_SOURCE : JS_SOURCE;
  const names = fn ? derivedNames(fn, source) : new Set<string>();
  if (fn && isRoute && family === 'python') for (const n of routeParams(fn)) names.add(n);
  return {
    isTainted(expr: Node): boolean {
      if (source.test(expr.text)) return true;
      if (expr.type === 'identifier') return names.has(expr.text);
      return descendants(expr, 'identifier').some((i) => names.has(i.text) && !isCallee(i));
    },
  };
}

function isCallee(id: Node): boolean {
  const parent = id.parent;
  return (
    !!parent &&
    (parent.type === 'call' || parent.type === 'call_expression') &&
    parent.childForFieldName('function')?.startIndex === id.startIndex
  );
}
