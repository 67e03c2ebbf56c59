// error-leak, JS/TS side: err.message / err.stack / String(err) / `${err}` / err itself reaching
// res.json/send, Next.js Response.json, Koa ctx.body, Hono c.json or a bot reply, inside a catch
// clause, a `.catch(err => ...)` callback or an error middleware `(err, req, res, next)`.
import type { Node, TreeContext } from '../../core/types';
import { calleeName, dottedName, escapeRegExp, kids, lastSegment, nodesAt } from '../../syntax/tree';
import { callArgs, enclosingFunction, paramNames } from '../../syntax/js';
import { findJsHandlers, handlerContaining } from '../../syntax/handlers';
import { CLIENT_ERRORS, DEV_CONDITION, mentionsException, type ExceptionScope, type Leak } from './common';

const FUNCTIONS = ['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition'];
const LEAK_PROPS = new Set(['message', 'stack', 'cause', 'detail', 'sql', 'sqlMessage', 'stderr', 'stdout']);
const STRINGIFY = new Set(['String', 'JSON.stringify', 'util.inspect', 'util.format', 'inspect', 'format']);
const STRING_METHODS = new Set([
  'toString',
  'concat',
  'slice',
  'substring',
  'trim',
  'replace',
  'split',
  'join',
  'toUpperCase',
  'toLowerCase',
]);
const RESPONSE_METHODS = new Set(['json', 'send', 'end', 'write', 'jsonp', 'render', 'text', 'html', 'body']);
const BOT_METHODS = new Set([
  'reply',
  'replyWithHTML',
  'replyWithMarkdown',
  'replyWithMarkdownV2',
  'sendMessage',
  'answerCbQuery',
  'editMessageText',
  'followUp',
  'editReply',
]);
const DEFAULT_RESPONSES = ['res', 'response', 'reply'];
const ERROR_CALLBACK_CALLS = /\.\s*(?:catch|onError|setErrorHandler)\s*\(/g;
// `(err, req, res, next)`-shaped parameter lists (types allowed): where Express error middleware can be.
const ERROR_MIDDLEWARE_PARAMS =
  /\(\s*[\w$]+\s*(?::[^,()]*)?,\s*(?:req|request|_req|_request|_)\s*(?::[^,()]*)?,\s*(?:res|response|_res)\b/g;

const enclosingFn = enclosingFunction;

function scopesOf(ctx: TreeContext): ExceptionScope[] {
  const scopes: ExceptionScope[] = [];
  for (const clause of nodesAt(ctx.root, ctx.text, /\bcatch\b/g, 'catch_clause')) {
    const param = clause.childForFieldName('parameter');
    const body = clause.childForFieldName('body');
    if (!param || !body) continue;
    const names =
      param.type === 'identifier'
        ? [param.text]
        : kids(param)
            .map((k) => (k.type === 'pair_pattern' ? k.childForFieldName('value') : k)?.text ?? '')
            .filter(Boolean);
    let fnMemo: Node | undefined | null = null; // found lazily: walking up the tree is costly
    const fnOf = () => (fnMemo === null ? (fnMemo = enclosingFn(clause)) : fnMemo);
    let handlerRes: string | null | undefined;
    const isResponse = (name: string) => {
      if (DEFAULT_RESPONSES.includes(name)) return true;
      if (handlerRes === undefined) {
        const handler = fnOf() ? handlerContaining(findJsHandlers(ctx.root, ctx.file.path), clause) : undefined;
        handlerRes =
          (handler?.fn ? paramNames(handler.fn)[handler.framework === 'telegraf' ? 0 : 1] : undefined) ?? null;
      }
      return name === handlerRes;
    };
    scopes.push({
      body,
      names: new Set(names),
      logName: param.type === 'identifier' ? param.text : undefined,
      inCatch: true,
      caught: [],
      get fn() {
        return fnOf();
      },
      isResponse,
    });
  }
  const fnScope = (fn: Node, errIndex: number, resIndex: number) => {
    const params = paramNames(fn);
    const body = fn.childForFieldName('body');
    if (!params[errIndex] || !body) return;
    const res = params[resIndex];
    scopes.push({
      body,
      names: new Set([params[errIndex]]),
      logName: params[errIndex],
      inCatch: false,
      caught: [],
      fn,
      isResponse: (name) => DEFAULT_RESPONSES.includes(name) || name === res,
    });
  };
  // Text first: only `.catch(` / `.onError(` / `.setErrorHandler(` calls can open such a scope.
  for (const call of nodesAt(ctx.root, ctx.text, ERROR_CALLBACK_CALLS, 'call_expression')) {
    const callee = call.childForFieldName('function');
    const verb = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : '';
    const fn = callArgs(call).find((a) => FUNCTIONS.includes(a.type));
    if (!fn) continue;
    if (verb === 'catch' && callArgs(call)[0]?.id === fn.id) fnScope(fn, 0, -1);
    else if (verb === 'onError')
      fnScope(fn, 0, 1); // Hono: (err, c)
    else if (verb === 'setErrorHandler') fnScope(fn, 0, 2); // Fastify: (error, request, reply)
  }
  // Express error middleware: exactly four parameters, (err, req, res, next).
  for (const fn of nodesAt(ctx.root, ctx.text, ERROR_MIDDLEWARE_PARAMS, [
    'arrow_function',
    'function_expression',
    'function_declaration',
  ])) {
    {
      if ((fn.childForFieldName('parameters')?.namedChildCount ?? 0) !== 4) continue;
      const params = paramNames(fn);
      if (
        params.length === 4 &&
        /^(req|request|_req|_request|_)$/.test(params[1]) &&
        /^(res|response|_res)$/.test(params[2])
      )
        fnScope(fn, 0, 2);
    }
  }
  return scopes;
}

/** `(err as Error)` / `err!` / `(err)` are still the exception. */
function unwrap(node: Node): Node {
  let n = node;
  while (
    ['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression'].includes(n.type) &&
    kids(n)[0]
  )
    n = kids(n)[0];
  return n;
}

function isRef(node: Node, scope: ExceptionScope): boolean {
  node = unwrap(node);
  return (node.type === 'identifier' || node.type === 'shorthand_property_identifier') && scope.names.has(node.text);
}

function walk(node: Node | null | undefined, slot: Node, scope: ExceptionScope, out: Node[]): void {
  if (!node) return;
  const add = () => {
    if (!out.some((s) => s.id === slot.id)) out.push(slot);
  };
  if (isRef(node, scope)) return add();
  switch (node.type) {
    case 'member_expression': {
      const object = node.childForFieldName('object');
      if (object && isRef(object, scope)) {
        if (LEAK_PROPS.has(node.childForFieldName('property')?.text ?? '')) add();
        return;
      }
      return walk(object, slot, scope, out);
    }
    case 'subscript_expression':
      return walk(node.childForFieldName('object'), slot, scope, out);
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const name = calleeName(node);
      if (STRINGIFY.has(name)) {
        for (const a of callArgs(node)) walk(a, slot, scope, out);
        return;
      }
      if (fn?.type === 'member_expression' && STRING_METHODS.has(fn.childForFieldName('property')?.text ?? '')) {
        walk(fn.childForFieldName('object'), slot, scope, out);
        for (const a of callArgs(node)) walk(a, slot, scope, out);
      }
      return;
    }
    case 'template_string':
      for (const s of kids(node).filter((c) => c.type === 'template_substitution')) walk(kids(s)[0], slot, scope, out);
      return;
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      const op = node.childForFieldName('operator')?.text;
      if ((op === '&&' || op === '||' || op === '??') && left && DEV_CONDITION.test(left.text)) return;
      for (const c of kids(node)) walk(c, slot, scope, out);
      return;
    }
    case 'ternary_expression': {
      if (DEV_CONDITION.test(node.childForFieldName('condition')?.text ?? '')) return;
      walk(node.childForFieldName('consequence'), slot, scope, out);
      walk(node.childForFieldName('alternative'), slot, scope, out);
      return;
    }
    case 'parenthesized_expression':
    case 'await_expression':
    case 'as_expression':
    case 'non_null_expression':
      for (const c of kids(node)) walk(c, slot, scope, out);
      return;
    case 'object':
      for (const p of kids(node)) {
        if (p.type === 'pair') {
          const v = p.childForFieldName('value');
          if (v) walk(v, v, scope, out);
        } else if (p.type === 'shorthand_property_identifier') walk(p, p, scope, out);
        else if (p.type === 'spread_element') walk(kids(p)[0], kids(p)[0], scope, out);
      }
      return;
    case 'array':
      for (const c of kids(node)) walk(c, c, scope, out);
      return;
    default:
      return;
  }
}

/** The receiver chain's root identifier: `res` for `res.status(500).json(...)`. */
function rootOf(node: Node | null): string {
  for (let n = node; n;) {
    if (n.type === 'identifier' || n.type === 'this') return n.text;
    n =
      n.type === 'call_expression'
        ? n.childForFieldName('function')
        : n.type === 'member_expression'
          ? n.childForFieldName('object')
          : null;
  }
  return '';
}

function sinkPayload(node: Node, scope: ExceptionScope): Node[] | undefined {
  if (node.type === 'new_expression') {
    const ctor = node.childForFieldName('constructor')?.text ?? '';
    return ctor === 'Response' || ctor === 'NextResponse' ? callArgs(node).slice(0, 1) : undefined;
  }
  if (node.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    const isKoaBody =
      left?.type === 'member_expression' &&
      left.childForFieldName('property')?.text === 'body' &&
      /^(ctx|context)$/.test(dottedName(left.childForFieldName('object')));
    return isKoaBody ? [node.childForFieldName('right')].filter((n): n is Node => n !== null) : undefined;
  }
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.childForFieldName('property')?.text ?? '';
  const object = callee.childForFieldName('object');
  const args = callArgs(node);
  if ((object?.text === 'NextResponse' || object?.text === 'Response') && method === 'json') return args.slice(0, 1);
  if (RESPONSE_METHODS.has(method) && scope.isResponse?.(rootOf(object)))
    return method === 'render' ? args.slice(1) : args.filter((a) => a.type !== 'number');
  if (method === 'send' && /^(ws|socket|websocket|client|channel)$/.test(rootOf(object))) return args;
  if (BOT_METHODS.has(method)) return method === 'sendMessage' ? args.slice(1, 2) : args.slice(0, 1);
  return undefined;
}

function guarded(node: Node, scope: ExceptionScope): boolean {
  for (let p = node.parent; p && p.startIndex >= scope.body.startIndex; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const condition = p.childForFieldName('condition')?.text ?? '';
    if (DEV_CONDITION.test(condition)) return true;
    const isa = /instanceof\s+([\w.]+)/.exec(condition);
    if (isa && CLIENT_ERRORS.test(lastSegment(isa[1]))) return true;
  }
  return false;
}

function statementOf(node: Node, scope: ExceptionScope): Node {
  let s = node;
  while (s.parent && s.parent.type !== 'statement_block' && s.id !== scope.body.id) s = s.parent;
  return s;
}

/**
 * Variables that hold the exception text (`let msg = err.message || 'Failed'`, then `{ message: msg }`): they
 * join the scope's names in source order, so a later response with them leaks the same text.
 */
function carriers(scope: ExceptionScope): void {
  scope.own = new Set(scope.names);
  if (!/\b(const|let|var)\b|[^=!<>]=[^=>]/.test(scope.body.text)) return;
  for (const d of scope.body.descendantsOfType(['variable_declarator', 'assignment_expression'])) {
    if (!d) continue;
    const left = d.childForFieldName(d.type === 'variable_declarator' ? 'name' : 'left');
    const right = d.childForFieldName(d.type === 'variable_declarator' ? 'value' : 'right');
    if (left?.type !== 'identifier' || !right || scope.names.has(left.text)) continue;
    const slots: Node[] = [];
    walk(right, right, scope, slots);
    if (slots.length && (enclosingFn(d)?.id ?? -1) === (scope.fn?.id ?? -1)) scope.names.add(left.text);
  }
}

export function findJsLeaks(ctx: TreeContext): Leak[] {
  const leaks: Leak[] = [];
  const seen = new Set<number>();
  for (const scope of scopesOf(ctx)) {
    if (!mentionsException(scope)) continue;
    carriers(scope);
    const inBody = scope.body
      .descendantsOfType(['call_expression', 'new_expression', 'assignment_expression'])
      .filter((n): n is Node => n !== null);
    // Cheapest checks first: a sink can only leak the exception if its text names it.
    const names = new RegExp(`(?<![\\w$.])(?:${[...scope.names].map(escapeRegExp).join('|')})(?![\\w$])`);
    for (const node of [scope.body, ...inBody]) {
      if (!['call_expression', 'new_expression', 'assignment_expression'].includes(node.type) || !names.test(node.text))
        continue;
      const payload = sinkPayload(node, scope);
      if (!payload) continue;
      if ((enclosingFn(node)?.id ?? -1) !== (scope.inCatch ? (scope.fn?.id ?? -1) : scope.fn?.id)) continue;
      const slots: Node[] = [];
      for (const p of payload) walk(p, p, scope, slots);
      if (!slots.length || guarded(node, scope)) continue;
      const statement = statementOf(node, scope);
      if (seen.has(statement.id)) continue;
      seen.add(statement.id);
      const direct = { ...scope, names: scope.own ?? scope.names };
      const viaVariable = !slots.some((slot) => {
        const again: Node[] = [];
        walk(slot, slot, direct, again);
        return again.length > 0;
      });
      leaks.push({ statement, slots: slots.sort((a, b) => a.startIndex - b.startIndex), scope, viaVariable });
    }
  }
  return leaks.sort((a, b) => a.statement.startIndex - b.statement.startIndex);
}
