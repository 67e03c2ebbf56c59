// error-leak, Python side: exception text (str(e), f"{e}", e.args, traceback.format_exc()) reaching a
// response, an HTTPException detail, abort(), Streamlit output or a bot reply.
import type { Node, TreeContext } from '../../core/types';
import { calleeName, dottedName, kids, lastSegment, nodesAt } from '../../syntax/tree';
import { enclosingFunction, importedNames, keywordArg, positionalArgs } from '../../syntax/python';
import { findPythonHandlers, handlerContaining, mayDefineHandlers } from '../../syntax/handlers';
import { CLIENT_ERRORS, DEV_CONDITION, mentionsException, type ExceptionScope, type Leak } from './common';

const LEAK_ATTRS = new Set([
  'args',
  'message',
  'msg',
  'strerror',
  'orig',
  'pgerror',
  'stderr',
  'output',
  '__traceback__',
  '__cause__',
  '__context__',
]);
const STRINGIFY = new Set(['str', 'repr', 'format', 'ascii']);
const STRING_METHODS = new Set(['format', 'join', 'replace', 'strip', 'lower', 'upper', 'splitlines', 'encode']);
/**
 * Functions that return their text argument reshaped: the exception text goes through them (`textwrap.shorten(msg)`).
 */
const TEXT_WRAPPERS = new Set(['shorten', 'fill', 'wrap', 'dedent', 'indent', 'escape', 'escape_markdown', 'truncate']);
const RESPONSES = new Set([
  'JSONResponse',
  'HTMLResponse',
  'PlainTextResponse',
  'Response',
  'ORJSONResponse',
  'UJSONResponse',
  'JsonResponse',
  'HttpResponse',
  'HttpResponseServerError',
  'HttpResponseBadRequest',
  'jsonify',
  'make_response',
  'json_response',
  'render_template',
]);
const NOT_PAYLOAD = new Set([
  'status_code',
  'status',
  'headers',
  'media_type',
  'content_type',
  'mimetype',
  'background',
  'template_name_or_list',
  'safe',
  'code',
]);
const STREAMLIT_OUT = new Set([
  'error',
  'warning',
  'info',
  'success',
  'write',
  'markdown',
  'text',
  'code',
  'exception',
  'toast',
  'json',
  'caption',
]);
const BOT_REPLIES = new Set([
  'reply_text',
  'reply_html',
  'reply_markdown',
  'reply_markdown_v2',
  'reply',
  'answer',
  'send_message',
  'edit_message_text',
  'edit_text',
  'send_text',
  'send_json',
]);

// ---------- scopes ----------

// `except ValueError as e:` / `except (A, B) as e:` / `except:`: the name, read from the text.
const EXCEPT_AS = /^except\*?[^:]*?\bas\s+([A-Za-z_]\w*)\s*:/;
const TRACEBACK = /format_exc|format_exception|format_tb|exc_info/;

function exceptScopes(ctx: TreeContext): ExceptionScope[] {
  return nodesAt(ctx.root, ctx.text, /\bexcept\b/g, 'except_clause').flatMap((clause) => {
    // Text gate: a clause that neither names the exception nor formats a traceback cannot leak it.
    const text = clause.text;
    const named = EXCEPT_AS.exec(text)?.[1];
    if (
      !TRACEBACK.test(text) &&
      !(named && new RegExp(`(^|[^\\w.])${named}\\b`).test(text.slice(text.indexOf(':') + 1)))
    )
      return [];
    const body = kids(clause).find((c) => c.type === 'block');
    if (!body) return [];
    const pattern = kids(clause).find((c) => c.type === 'as_pattern');
    const typeNode = pattern ? kids(pattern)[0] : kids(clause).find((c) => c.type !== 'block' && c.type !== 'comment');
    const caught = typeNode
      ? (typeNode.type === 'tuple' ? kids(typeNode) : [typeNode]).map((t) => lastSegment(dottedName(t)))
      : [];
    const name = pattern
      ? kids(kids(pattern).find((c) => c.type === 'as_pattern_target') ?? pattern).find((c) => c.type === 'identifier')
          ?.text
      : undefined;
    // No `fn`: scopeFunction() finds it when a candidate needs it (walking up the tree is costly).
    return [{ body, names: new Set(name ? [name] : []), logName: name, inCatch: true, caught }];
  });
}

const exceptFunctions = new WeakMap<ExceptionScope, Node | undefined>();

/** The function a scope belongs to: given for handler functions, looked up once for an except clause. */
function scopeFunction(scope: ExceptionScope): Node | undefined {
  if (scope.fn) return scope.fn;
  if (!exceptFunctions.has(scope)) exceptFunctions.set(scope, enclosingFunction(scope.body));
  return exceptFunctions.get(scope);
}

function paramName(fn: Node, index: number): string | undefined {
  const p = kids(fn.childForFieldName('parameters') ?? fn)[index];
  if (!p) return undefined;
  return p.type === 'identifier'
    ? p.text
    : (p.childForFieldName('name') ?? kids(p).find((k) => k.type === 'identifier'))?.text;
}

/** Where a registered error handler receives the exception. */
type ExceptionSource =
  /** A parameter: `handler(request, exc)` (Starlette, FastAPI) is 1, `handler(error)` (Flask) is 0. */
  | { kind: 'parameter'; index: number }
  /** python-telegram-bot's `handler(update, context)`: the exception is `context.error`. */
  | { kind: 'contextError' };

/** The name the exception goes by in a handler (`exc`, `context.error`); undefined when it has none. */
function exceptionName(fn: Node, source: ExceptionSource): string | undefined {
  return source.kind === 'parameter' ? paramName(fn, source.index) : `${paramName(fn, 1) ?? 'context'}.error`;
}

/** Handlers for HTTP 4xx and validation errors exist to tell the client what was wrong: not leaks. */
function handlesClientErrors(registeredFor: Node | undefined): boolean {
  if (!registeredFor) return false;
  const code = registeredFor.type === 'integer' ? Number(registeredFor.text) : 0;
  return (
    (code >= 400 && code < 500) ||
    /^(HTTPException|StarletteHTTPException|RequestValidationError|ValidationError|NotFound|MethodNotAllowed)$/.test(
      lastSegment(dottedName(registeredFor)),
    )
  );
}

/** Functions registered as exception handlers (`@app.exception_handler(X)`, `@app.errorhandler(500)`, ...). */
function handlerFunctionScopes(ctx: TreeContext): ExceptionScope[] {
  const scopes: ExceptionScope[] = [];
  const add = (fn: Node | undefined, source: ExceptionSource, registeredFor?: Node) => {
    const body = fn?.childForFieldName('body');
    if (!fn || !body || handlesClientErrors(registeredFor)) return;
    const name = exceptionName(fn, source);
    if (!name) return;
    scopes.push({ body, names: new Set([name]), logName: name, inCatch: false, caught: [], fn });
  };
  scopes.push(...ptbErrorCallbacks(ctx, scopes));
  if (!/exception_handler|errorhandler|error_handler/.test(ctx.text)) return scopes;
  const fnNamed = (n: Node | undefined) =>
    n?.type === 'identifier'
      ? (ctx.root.descendantsOfType('function_definition').find((f) => f?.childForFieldName('name')?.text === n.text) ??
        undefined)
      : undefined;
  for (const call of nodesAt(
    ctx.root,
    ctx.text,
    /\b(?:exception_handler|errorhandler|add_exception_handler|register_error_handler|add_error_handler)\s*\(/g,
    'call',
  )) {
    const verb = lastSegment(calleeName(call));
    const args = positionalArgs(call);
    const decorated =
      call.parent?.type === 'decorator'
        ? (call.parent.parent?.childForFieldName('definition') ?? undefined)
        : undefined;
    const second = { kind: 'parameter', index: 1 } as const;
    const first = { kind: 'parameter', index: 0 } as const;
    if (verb === 'exception_handler' && decorated) add(decorated, second, args[0]);
    else if (verb === 'errorhandler' && decorated) add(decorated, first, args[0]);
    else if (verb === 'add_exception_handler') add(fnNamed(args[1]), second, args[0]);
    else if (verb === 'register_error_handler') add(fnNamed(args[1]), first, args[0]);
    else if (verb === 'add_error_handler') add(fnNamed(args[0]), { kind: 'contextError' });
  }
  return scopes;
}

/**
 * python-telegram-bot error callbacks registered from another module (`app.add_error_handler(commands.Error())`):
 * `context.error` is set only while an error handler runs, so a callback taking `(update, context)` that reads
 * `<context>.error` is one. Functions already registered in this file are skipped.
 */
function ptbErrorCallbacks(ctx: TreeContext, known: ExceptionScope[]): ExceptionScope[] {
  if (!/\btelegram\b/.test(ctx.text) || !/\.error\b/.test(ctx.text)) return [];
  const out: ExceptionScope[] = [];
  for (const fn of ctx.root.descendantsOfType('function_definition')) {
    const body = fn?.childForFieldName('body');
    if (!fn || !body || known.some((k) => k.fn?.id === fn.id)) continue;
    const params = kids(fn.childForFieldName('parameters') ?? fn);
    const offset = params[0]?.text === 'self' ? 1 : 0;
    const ctxName = params.length === offset + 2 ? paramName(fn, offset + 1) : undefined;
    if (!ctxName || !new RegExp(`\\b${ctxName}\\.error\\b`).test(body.text)) continue;
    const name = `${ctxName}.error`;
    out.push({ body, names: new Set([name]), logName: name, inCatch: false, caught: [], fn });
  }
  return out;
}

// ---------- payload walking ----------

function isExceptionRef(node: Node, scope: ExceptionScope): boolean {
  return (node.type === 'identifier' || node.type === 'attribute') && scope.names.has(dottedName(node));
}

function isTracebackCall(node: Node): boolean {
  const name = calleeName(node);
  return /^(traceback\.)?format_(exc|exception|tb|stack)$/.test(name) || name === 'sys.exc_info';
}

/** Collects into `out` the slots (container-level expressions) of `node` that carry exception text. */
function walk(node: Node | null | undefined, slot: Node, scope: ExceptionScope, out: Set<Node>): void {
  if (!node) return;
  const add = () => {
    if (![...out].some((s) => s.startIndex === slot.startIndex && s.endIndex === slot.endIndex)) out.add(slot);
  };
  if (isExceptionRef(node, scope)) return add();
  switch (node.type) {
    case 'attribute': {
      const object = node.childForFieldName('object');
      if (object && isExceptionRef(object, scope)) {
        if (LEAK_ATTRS.has(node.childForFieldName('attribute')?.text ?? '')) add();
        return;
      }
      return walk(object, slot, scope, out);
    }
    case 'subscript':
      return walk(node.childForFieldName('value'), slot, scope, out);
    case 'call': {
      if (isTracebackCall(node)) return add();
      const fn = node.childForFieldName('function');
      const name = calleeName(node);
      const args = kids(node.childForFieldName('arguments') ?? node);
      if (STRINGIFY.has(name) || TEXT_WRAPPERS.has(lastSegment(name))) {
        for (const a of args) walk(a.type === 'keyword_argument' ? a.childForFieldName('value') : a, slot, scope, out);
        return;
      }
      if (
        fn?.type === 'attribute' &&
        STRING_METHODS.has(lastSegment(name) || fn.childForFieldName('attribute')?.text || '')
      ) {
        walk(fn.childForFieldName('object'), slot, scope, out);
        for (const a of args) walk(a.type === 'keyword_argument' ? a.childForFieldName('value') : a, slot, scope, out);
        return;
      }
      if (name === 'dict')
        for (const a of args) {
          const v = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
          if (v) walk(v, v, scope, out);
        }
      return;
    }
    case 'string':
      for (const i of kids(node).filter((c) => c.type === 'interpolation')) walk(kids(i)[0], slot, scope, out);
      return;
    case 'concatenated_string':
    case 'binary_operator':
    case 'boolean_operator':
    case 'parenthesized_expression':
      for (const c of kids(node)) walk(c, slot, scope, out);
      return;
    case 'conditional_expression': {
      const [, condition] = kids(node);
      if (condition && DEV_CONDITION.test(condition.text)) return;
      for (const c of kids(node)) walk(c, slot, scope, out);
      return;
    }
    case 'dictionary':
      for (const p of kids(node)) {
        const v = p.childForFieldName('value');
        if (v) walk(v, v, scope, out);
      }
      return;
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      for (const c of kids(node)) walk(c, c, scope, out);
      return;
    default:
      return;
  }
}

function payloadSlots(values: (Node | undefined)[], scope: ExceptionScope): Node[] {
  const out = new Set<Node>();
  for (const v of values) if (v) walk(v, v, scope, out);
  return [...out].sort((a, b) => a.startIndex - b.startIndex);
}

// ---------- sinks ----------

function literalStatus(call: Node | undefined, positional?: number): number | undefined {
  if (!call) return undefined;
  const v =
    keywordArg(call, 'status_code') ??
    keywordArg(call, 'status') ??
    keywordArg(call, 'code') ??
    (positional === undefined ? undefined : positionalArgs(call)[positional]);
  return v?.type === 'integer' ? Number(v.text) : undefined;
}

/** The payload arguments of a call that sends something to the client; undefined when not a sink. */
function sinkPayload(
  call: Node,
  names: Map<string, string>,
): { values: (Node | undefined)[]; status?: number; whole?: boolean } | undefined {
  const name = calleeName(call);
  const last = lastSegment(name);
  const root = name.split('.')[0];
  const args = kids(call.childForFieldName('arguments') ?? call);
  const positional = positionalArgs(call);
  const keywordValues = (skip: Set<string>) =>
    args
      .filter((a) => a.type === 'keyword_argument' && !skip.has(a.childForFieldName('name')?.text ?? ''))
      .map((a) => a.childForFieldName('value') ?? undefined);
  if (RESPONSES.has(last)) {
    const values =
      last === 'render_template'
        ? keywordValues(NOT_PAYLOAD)
        : [...positional.filter((p) => p.type !== 'integer'), ...keywordValues(NOT_PAYLOAD)];
    // make_response(body, 500) takes the status second; the other responses only by keyword.
    return { values, status: literalStatus(call, last === 'make_response' ? 1 : undefined) };
  }
  if (last === 'HTTPException' || last === 'StarletteHTTPException')
    return { values: [keywordArg(call, 'detail') ?? positional[1]], status: literalStatus(call, 0) };
  if (last === 'abort' && (names.get(root) ?? name).startsWith('flask'))
    return { values: [keywordArg(call, 'description') ?? positional[1]], status: literalStatus(call, 0) };
  if (names.get(root) === 'streamlit' && STREAMLIT_OUT.has(last))
    return { values: [positional[0] ?? keywordArg(call, 'body')], whole: last === 'exception' };
  const isSend = last === 'send' && /(^|\.)(ctx|channel|followup|websocket|ws)\.send$/.test(name);
  if ((BOT_REPLIES.has(last) || isSend) && name.includes('.'))
    return {
      values: [
        keywordArg(call, 'text') ??
          keywordArg(call, 'content') ??
          positional[last === 'send_message' && positional.length > 1 ? 1 : 0],
      ],
    };
  return undefined;
}

/** True when a dev-mode branch or a client-error isinstance() check guards `node` within the scope. */
function guarded(node: Node, scope: ExceptionScope): boolean {
  for (let p = node.parent; p && p.startIndex >= scope.body.startIndex; p = p.parent) {
    if (p.type !== 'if_statement' && p.type !== 'elif_clause') continue;
    const condition = p.childForFieldName('condition')?.text ?? '';
    if (DEV_CONDITION.test(condition)) return true;
    const isa = /isinstance\(\s*\w+\s*,\s*\(?([\w.]+)/.exec(condition);
    if (isa && CLIENT_ERRORS.test(lastSegment(isa[1]))) return true;
  }
  return false;
}

function statementOf(node: Node): Node {
  let s = node;
  while (s.parent && s.parent.type !== 'block' && s.parent.type !== 'module') s = s.parent;
  return s;
}

/** Code in a nested function or lambda runs later, outside the except clause: not this scope. */
function sameFunction(node: Node, scope: ExceptionScope): boolean {
  return !ancestorLambda(node, scope.body) && enclosingFunction(node)?.id === scopeFunction(scope)?.id;
}

function ancestorLambda(node: Node, stop: Node): boolean {
  for (let p = node.parent; p && p.id !== stop.id; p = p.parent) if (p.type === 'lambda') return true;
  return false;
}

/**
 * Variables that hold the exception text (`error_text = f"Failed: {e}"`, then `text = shorten(error_text)`):
 * they join the scope's names in source order, so a later reply or response with them leaks the same text.
 */
function carriers(assignments: Node[], scope: ExceptionScope): void {
  scope.own = new Set(scope.names);
  for (const a of assignments) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || scope.names.has(left.text)) continue;
    if (payloadSlots([right], scope).length && sameFunction(a, scope)) scope.names.add(left.text);
  }
}

/** A bot message to the developers' or admins' chat (`chat_id=DEVELOPER_CHAT_ID`), not to the user. */
function toDevelopers(call: Node): boolean {
  const chat =
    keywordArg(call, 'chat_id') ??
    (lastSegment(calleeName(call)) === 'send_message' ? positionalArgs(call)[0] : undefined);
  return !!chat && /DEVELOPER|ADMIN|OWNER|LOG_?CHAT|MAINTAINER/i.test(chat.text);
}

/**
 * What the text of a file with a leak holds: a sink called by its own name (a response, HTTPException, Flask's
 * abort, a Streamlit output, a bot reply, `ctx.send`), an exception handler registered (FastAPI, Flask,
 * python-telegram-bot's error callback) or a route or bot handler whose return is the response.
 */
const SINK_NAMES = [...RESPONSES, ...BOT_REPLIES, 'HTTPException', 'StarletteHTTPException', 'abort', 'streamlit'];
const SINK_NAMED = new RegExp(
  `\\b(?:${[...SINK_NAMES, 'telegram'].join('|')})\\b|\\b(?:ctx|channel|followup|websocket|ws)\\s*\\.\\s*send\\b` +
    '|exception_handler|errorhandler|error_handler',
);

export function findPythonLeaks(ctx: TreeContext): Leak[] {
  if (!SINK_NAMED.test(ctx.text) && !mayDefineHandlers('python', ctx.text, ctx.file.path)) return [];
  const names = importedNames(ctx.root);
  let handlers: ReturnType<typeof findPythonHandlers> | undefined;
  const isHandler = (fn: Node) =>
    handlerContaining((handlers ??= findPythonHandlers(ctx.root).filter((h) => h.kind === 'http')), fn)?.fn?.id ===
    fn.id;
  const leaks: Leak[] = [];
  const seen = new Set<number>();
  const record = (scope: ExceptionScope, at: Node, slots: Node[], status: number | undefined, whole?: Node) => {
    if (!slots.length || guarded(at, scope)) return;
    if (
      status !== undefined &&
      status >= 400 &&
      status < 500 &&
      scope.caught.length &&
      scope.caught.every((c) => CLIENT_ERRORS.test(c))
    )
      return;
    const statement = statementOf(at);
    if (seen.has(statement.id)) return;
    seen.add(statement.id);
    const direct = { ...scope, names: scope.own ?? scope.names };
    const viaVariable = !whole && !slots.some((slot) => payloadSlots([slot], direct).length);
    leaks.push({ statement, slots, scope, wholeCall: whole, viaVariable });
  };
  for (const scope of [...exceptScopes(ctx), ...handlerFunctionScopes(ctx)]) {
    if (!mentionsException(scope)) continue;
    // sameFunction walks up the tree: test it only on the few nodes that pass the cheaper checks.
    const inBody = (type: string) => scope.body.descendantsOfType(type).filter((n): n is Node => n !== null);
    carriers(inBody('assignment'), scope);
    for (const call of inBody('call')) {
      const sink = sinkPayload(call, names);
      if (!sink || toDevelopers(call) || !sameFunction(call, scope)) continue;
      const slots = sink.whole
        ? sink.values[0] && isExceptionRef(sink.values[0], scope)
          ? [call]
          : []
        : payloadSlots(sink.values, scope);
      record(scope, call, slots, sink.status, sink.whole ? call : undefined);
    }
    const returns = inBody('return_statement').filter((r) => sameFunction(r, scope));
    const fn = scopeFunction(scope);
    if (!returns.length || (scope.inCatch && !(fn && isHandler(fn)))) continue;
    for (const ret of returns) {
      const value = kids(ret)[0];
      if (!value || (value.type === 'call' && sinkPayload(value, names))) continue; // judged as sinks above
      const status = value.type === 'expression_list' ? kids(value).find((c) => c.type === 'integer') : undefined;
      record(scope, ret, payloadSlots([value], scope), status ? Number(status.text) : undefined);
    }
  }
  return leaks.sort((a, b) => a.statement.startIndex - b.statement.startIndex);
}
