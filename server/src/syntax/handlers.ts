// Finds request handlers and bot command handlers in a syntax tree: FastAPI/Starlette/Flask/Django,
// Express/Fastify/Koa/Next.js, python-telegram-bot/aiogram/discord.py/Telegraf. Shared by rules and the
// endpoint inventory, so both agree on what "a handler" is.
import type { HandlerFacts, Node } from '../core/types';
import { calleeName, descendants, dottedName, kids, lastSegment, nodesAt, sourceOf } from './tree';
import { keywordArg, stringValue as pyString, positionalArgs } from './python';
import { callArgs, stringValue as jsString } from './js';

export type HandlerKind = 'http' | 'bot';

export interface Handler {
  framework: string;
  kind: HandlerKind;
  /** HTTP method in capitals, `ANY`, or `COMMAND`/`MESSAGE` for bots. */
  method: string;
  /** Route path or bot command (`/start`); '' when not a literal. */
  path: string;
  /** The handler function when defined in this file (function_definition, arrow_function, function_declaration...). */
  fn?: Node;
  /** The whole construct (decorated definition, route statement, export) — what a "delete handler" fix removes. */
  whole: Node;
  /** Where diagnostics about the handler as a whole point: the decorator or route call. */
  anchor: Node;
  /** Decorators (Python) or the middleware arguments before the handler (JS), as nodes, for auth/limit checks. */
  guards: Node[];
  /** The handler as written when it is not a function of this file (`views.items`, `commands.Start()`). */
  ref?: string;
  /** The arguments of a handler object built in place (`commands.Reply(reply_to)`), as `name` or `key=name`. */
  refArgs?: string[];
  /** Bot handler filters as written (`filters=filters.User(...)`, a MessageHandler's first argument). */
  filter?: Node;
}

/**
 * `GET /api/v1/users`: a handler's route with the full paths the project model found (router prefixes and
 * mounts, possibly several), else its path as written, else `fallback`. Findings name routes the way the
 * endpoint inventory does.
 */
export function handlerRoute(h: Handler, facts: HandlerFacts | undefined, fallback: string): string {
  const paths = h.kind === 'http' && facts?.paths?.length ? facts.paths : [h.path || fallback];
  return `${h.method} ${paths.join(' and ')}`;
}

const HTTP_VERBS = [
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'all',
  'api_route',
  'route',
  'websocket',
];
const cache = new WeakMap<Node, Handler[]>();

function memo(root: Node, find: () => Handler[]): Handler[] {
  let hit = cache.get(root);
  if (!hit) cache.set(root, (hit = find()));
  return hit;
}

// ---------- Python ----------

function pyMethods(verb: string, call?: Node): string {
  if ((verb === 'route' || verb === 'api_route') && call) {
    const methods = keywordArg(call, 'methods');
    const listed = methods
      ? kids(methods)
          .map((m) => pyString(m)?.toUpperCase())
          .filter(Boolean)
      : [];
    return listed.length ? listed.join(',') : verb === 'route' ? 'GET' : 'ANY';
  }
  if (verb === 'websocket') return 'WEBSOCKET';
  return verb === 'all' ? 'ANY' : verb.toUpperCase();
}

function pyFunctionNamed(root: Node, name: string): Node | undefined {
  return descendants(root, 'function_definition').find((f) => f.childForFieldName('name')?.text === name);
}

/** The function a registration names: `ask`, or `self.ask` (a method of the class the registration sits in). */
function pyTarget(root: Node, call: Node, target: Node | undefined): Node | undefined {
  if (target?.type === 'identifier') return pyFunctionNamed(root, target.text);
  const method = target?.type === 'attribute' ? /^self\.(\w+)$/.exec(target.text)?.[1] : undefined;
  if (!method) return undefined;
  let cls = call.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  return pyFunctionNamed(cls ?? root, method);
}

function pyWhole(fn: Node): Node {
  return fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
}

// `@owner.verb(` then, optionally, a plain first string argument: read from the decorator's text, which
// costs one crossing into WebAssembly instead of a dozen for walking the call's children.
const DECORATOR = /^@\s*([\w.]+)\s*\.\s*(\w+)\s*\(\s*(?:path\s*=\s*)?(?:[rRuU]?(["'])([^"'\n]*)\3)?/;
const BOT_VERBS =
  /^(message|callback_query|message_handler|callback_query_handler|inline_query|inline_handler|errors|errors_handler)$/;

/** Names handed to a handler object's constructor: `Reply(reply_to, model=ask)` -> `reply_to`, `model=ask`. */
function constructorArgs(call: Node): string[] | undefined {
  const out: string[] = [];
  for (const a of kids(call.childForFieldName('arguments') ?? call)) {
    const value = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
    const name = dottedName(value);
    if (!name) out.push('');
    else out.push(a.type === 'keyword_argument' ? `${a.childForFieldName('name')?.text ?? ''}=${name}` : name);
  }
  return out.some(Boolean) ? out : undefined;
}

/** A line starting with a decorator DECORATOR could match (`@x.verb(`): candidates found from the text. */
const DECORATOR_LINE = /^[ \t]*(?<at>@)\s*[\w.]+\s*\.\s*\w+\s*\(/gm;

function pythonDecorated(root: Node): Handler[] {
  const found: Handler[] = [];
  // From the text inward: walking every decorated definition of a big module cost most of a keystroke.
  for (const def of nodesAt(root, sourceOf(root), DECORATOR_LINE, 'decorated_definition')) {
    const fn = def.childForFieldName('definition');
    if (!fn || fn.type !== 'function_definition') continue;
    const decorators = kids(def).filter((d) => d.type === 'decorator');
    for (const d of decorators) {
      const m = DECORATOR.exec(d.text);
      if (!m) continue;
      const [, , verb, , literal] = m;
      const guards = decorators.filter((x) => x !== d);
      if (HTTP_VERBS.includes(verb)) {
        const path = literal ?? '';
        if (!path.startsWith('/') && path !== '') continue; // `.get("key")` on a dict-like decorator is not a route
        const call = verb === 'route' || verb === 'api_route' ? kids(d)[0] : undefined;
        found.push({
          framework: verb === 'route' ? 'flask' : 'fastapi',
          kind: 'http',
          method: pyMethods(verb, call),
          path,
          fn,
          whole: def,
          anchor: d,
          guards,
        });
      } else if (BOT_VERBS.test(verb)) {
        const command =
          /Command\(\s*["']?\/?([\w-]+)/.exec(d.text)?.[1] ?? /commands\s*=\s*\[\s*["']([\w-]+)/.exec(d.text)?.[1];
        const kind = /^callback/.test(verb)
          ? 'CALLBACK'
          : /^inline/.test(verb)
            ? 'INLINE'
            : /^errors/.test(verb)
              ? 'ERROR'
              : command
                ? 'COMMAND'
                : 'MESSAGE';
        found.push({
          framework: 'aiogram',
          kind: 'bot',
          method: kind,
          path: command ? `/${command}` : '',
          fn,
          whole: def,
          anchor: d,
          guards,
          filter: kids(d)[0]?.type === 'call' ? (kids(d)[0].childForFieldName('arguments') ?? undefined) : undefined,
        });
      } else if (verb === 'command' || verb === 'hybrid_command') {
        const call = kids(d)[0];
        const name =
          (call?.type === 'call' ? pyString(keywordArg(call, 'name')) : undefined) ??
          fn.childForFieldName('name')?.text ??
          '';
        found.push({
          framework: 'discord',
          kind: 'bot',
          method: 'COMMAND',
          path: `/${name}`,
          fn,
          whole: def,
          anchor: d,
          guards,
        });
      }
    }
  }
  return found;
}

const PTB_KINDS: Record<string, string> = {
  CommandHandler: 'COMMAND',
  MessageHandler: 'MESSAGE',
  CallbackQueryHandler: 'CALLBACK',
  InlineQueryHandler: 'INLINE',
  add_error_handler: 'ERROR',
};

const PY_REGISTRATIONS =
  /\.(?:message|callback_query|inline_query|errors)\.(register)\s*\(|\b(CommandHandler|MessageHandler|CallbackQueryHandler|InlineQueryHandler|add_error_handler|path|re_path|url|add_api_route|add_url_rule|add_route|Route)\s*\(/g;
const JS_ROUTE_CALLS = /\.\s*(?<at>get|post|put|patch|delete|head|options|all|command|hears|action|start|help)\s*\(/g;

function pythonRegistered(root: Node): Handler[] {
  const found: Handler[] = [];
  for (const call of nodesAt(root, sourceOf(root), PY_REGISTRATIONS, 'call')) {
    const name = lastSegment(calleeName(call));
    const args = positionalArgs(call);
    if (name === 'register') {
      // aiogram 3: `dp.message.register(handler, Command("start"))`, `dp.callback_query.register(handler)`.
      const event = /\.(message|callback_query|inline_query|errors)\.register$/.exec(calleeName(call))?.[1];
      if (!event || !args[0]) continue;
      const command = /Command\(\s*["']\/?([\w-]+)/.exec(call.text)?.[1];
      const target = args[0];
      const fn = pyTarget(root, call, target);
      found.push({
        framework: 'aiogram',
        kind: 'bot',
        method:
          event === 'callback_query'
            ? 'CALLBACK'
            : event === 'inline_query'
              ? 'INLINE'
              : event === 'errors'
                ? 'ERROR'
                : command
                  ? 'COMMAND'
                  : 'MESSAGE',
        path: command ? `/${command}` : '',
        fn,
        whole: call,
        anchor: call,
        guards: [],
        ref: fn ? undefined : dottedName(target) || undefined,
        filter: args.length > 1 ? (call.childForFieldName('arguments') ?? undefined) : undefined,
      });
    } else if (PTB_KINDS[name]) {
      const command = name === 'CommandHandler' ? pyString(args[0]) : undefined;
      const target =
        name === 'CommandHandler' || name === 'MessageHandler' ? args[1] : (args[0] ?? keywordArg(call, 'callback'));
      const fn = pyTarget(root, call, target);
      const ref = fn ? undefined : dottedName(target?.type === 'call' ? target.childForFieldName('function') : target);
      found.push({
        framework: 'python-telegram-bot',
        kind: 'bot',
        method: PTB_KINDS[name],
        path: command ? `/${command}` : name === 'CommandHandler' && args[0] ? `/${args[0].text}` : '',
        fn,
        whole: fn ? pyWhole(fn) : call,
        anchor: call,
        guards: [],
        ref: ref || undefined,
        refArgs: target?.type === 'call' ? constructorArgs(target) : undefined,
        filter: keywordArg(call, 'filters') ?? (name === 'MessageHandler' ? args[0] : undefined),
      });
    } else if ((name === 'path' || name === 're_path' || name === 'url') && args.length >= 2) {
      const route = pyString(args[0]);
      if (route === undefined) continue;
      const target = args[1];
      const fn = target.type === 'identifier' ? pyFunctionNamed(root, target.text) : undefined;
      if (target.type === 'call' && /include$/.test(calleeName(target))) continue; // include() mounts other urls
      found.push({
        framework: 'django',
        kind: 'http',
        method: 'ANY',
        path: `/${route.replace(/^\^|\$$/g, '')}`,
        fn,
        whole: fn ? pyWhole(fn) : call,
        anchor: call,
        guards: fn ? kids(pyWhole(fn)).filter((d) => d.type === 'decorator') : [],
      });
    } else if (name === 'add_api_route' || name === 'add_url_rule' || name === 'add_route') {
      const route = pyString(args[0]) ?? '';
      const target =
        args[name === 'add_url_rule' ? 2 : 1] ?? keywordArg(call, name === 'add_url_rule' ? 'view_func' : 'endpoint');
      const fn = target?.type === 'identifier' ? pyFunctionNamed(root, target.text) : undefined;
      found.push({
        framework: name === 'add_url_rule' ? 'flask' : 'fastapi',
        kind: 'http',
        method: 'ANY',
        path: route,
        fn,
        whole: call,
        anchor: call,
        guards: [],
      });
    } else if (name === 'Route' && args.length >= 2) {
      const route = pyString(args[0]);
      if (route === undefined) continue;
      const fn = args[1].type === 'identifier' ? pyFunctionNamed(root, args[1].text) : undefined;
      found.push({
        framework: 'starlette',
        kind: 'http',
        method: 'ANY',
        path: route,
        fn,
        whole: call,
        anchor: call,
        guards: [],
      });
    }
  }
  return found;
}

export function findPythonHandlers(root: Node): Handler[] {
  return memo(root, () =>
    // The finders' own candidates are broader (any `@x.y(` decorator: `@pytest.mark.parametrize(`), so without
    // a route or bot verb in the text they would parse a file (every rule asks for handlers) to find none.
    mayDefineHandlers('python', sourceOf(root), '')
      ? [...pythonDecorated(root), ...pythonRegistered(root)].sort((a, b) => a.anchor.startIndex - b.anchor.startIndex)
      : [],
  );
}

// ---------- JavaScript / TypeScript ----------

const HTTP_CLIENTS =
  /^(axios|https?|fetch|request|supertest|agent|client|api|instance|\$http|this\.\$http|cy|page|ky|got|superagent)$/i;
const JS_FUNCTION_TYPES = ['arrow_function', 'function_expression', 'function', 'function_declaration'];
const NEXT_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function jsFunctionNamed(root: Node, name: string): Node | undefined {
  for (const f of descendants(root, 'function_declaration')) if (f.childForFieldName('name')?.text === name) return f;
  for (const d of descendants(root, 'variable_declarator')) {
    const value = d.childForFieldName('value');
    if (d.childForFieldName('name')?.text === name && value && JS_FUNCTION_TYPES.includes(value.type)) return value;
  }
  return undefined;
}

function statementOf(node: Node): Node {
  return node.parent?.type === 'expression_statement' ? node.parent : node;
}

/** `router.route('/x').get(h).patch(h)`: the `route('/x')` call at the bottom of a verb chain. */
function routeCallBelow(object: Node | null | undefined): Node | undefined {
  for (let o = object, depth = 0; o?.type === 'call_expression' && depth < 12; depth++) {
    const fn = o.childForFieldName('function');
    if (fn?.type !== 'member_expression') return undefined;
    const verb = fn.childForFieldName('property')?.text ?? '';
    if (verb === 'route') return o;
    if (!HTTP_VERBS.includes(verb)) return undefined;
    o = fn.childForFieldName('object');
  }
  return undefined;
}

/** `app.get('/x', mw, handler)`, `router.post(...)`, `app.route('/x').get(handler)`, `bot.command('start', fn)`. */
function jsRouteCalls(root: Node): Handler[] {
  const found: Handler[] = [];
  for (const call of nodesAt(root, sourceOf(root), JS_ROUTE_CALLS, 'call_expression')) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'member_expression') continue;
    const verb = callee.childForFieldName('property')?.text ?? '';
    const object = callee.childForFieldName('object');
    const args = callArgs(call);
    if (['command', 'hears', 'action', 'start', 'help'].includes(verb) && object && /bot|telegraf/i.test(object.text)) {
      const last = args[args.length - 1];
      const fn =
        last && JS_FUNCTION_TYPES.includes(last.type)
          ? last
          : last?.type === 'identifier'
            ? jsFunctionNamed(root, last.text)
            : undefined;
      const command = verb === 'start' || verb === 'help' ? verb : jsString(args[0]);
      found.push({
        framework: 'telegraf',
        kind: 'bot',
        method: verb === 'hears' ? 'MESSAGE' : verb === 'action' ? 'CALLBACK' : 'COMMAND',
        path: command ? `/${command}` : '',
        fn,
        whole: statementOf(call),
        anchor: call,
        guards: [],
      });
      continue;
    }
    if (!HTTP_VERBS.includes(verb) || verb === 'route' || verb === 'api_route' || verb === 'websocket') continue;
    // `app.route('/x').get(h)` chains put the path on the inner call.
    const chained = routeCallBelow(object);
    // `request(app).get('/x')` (supertest), `axios.get('/api/x')`: HTTP clients, not routes.
    if (!chained && (object?.type === 'call_expression' || HTTP_CLIENTS.test(object?.text ?? ''))) continue;
    const path = chained ? jsString(callArgs(chained)[0]) : jsString(args[0]);
    if (path === undefined || (!path.startsWith('/') && path !== '*')) continue;
    const handlerArgs = chained ? args : args.slice(1);
    const last = handlerArgs[handlerArgs.length - 1];
    const fn =
      last && JS_FUNCTION_TYPES.includes(last.type)
        ? last
        : last?.type === 'identifier'
          ? jsFunctionNamed(root, last.text)
          : undefined;
    const ref =
      !fn && last ? dottedName(last.type === 'call_expression' ? last.childForFieldName('function') : last) : '';
    const framework = /fastify/i.test(object?.text ?? '') ? 'fastify' : 'express';
    found.push({
      framework,
      kind: 'http',
      method: verb === 'all' ? 'ANY' : verb.toUpperCase(),
      path,
      fn,
      whole: statementOf(call),
      anchor: call,
      guards: handlerArgs.slice(0, -1),
      ref: ref || undefined,
    });
  }
  return found;
}

/** Next.js route segment from a file path: `app/api/chat/route.ts` -> `/api/chat`, `pages/api/x.ts` -> `/api/x`. */
export function nextRoutePath(path: string): string | undefined {
  const app = /(?:^|\/)(?:src\/)?app((?:\/[^/]+)*)\/route\.[cm]?[jt]sx?$/.exec(path);
  if (app) return (app[1] || '/').replace(/\/\([^/]+\)/g, '') || '/';
  const pages = /(?:^|\/)(?:src\/)?pages(\/api(?:\/[^/]+)*?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(path);
  return pages ? pages[1] : undefined;
}

function jsNextExports(root: Node, path: string): Handler[] {
  const route = nextRoutePath(path);
  if (route === undefined) return [];
  const found: Handler[] = [];
  for (const exp of kids(root).filter((s) => s.type === 'export_statement')) {
    const decl = exp.childForFieldName('declaration');
    const isDefault = kids(exp).length > 0 && exp.text.startsWith('export default');
    if (decl?.type === 'function_declaration') {
      const name = decl.childForFieldName('name')?.text ?? '';
      if (NEXT_VERBS.includes(name))
        found.push({
          framework: 'nextjs',
          kind: 'http',
          method: name,
          path: route,
          fn: decl,
          whole: exp,
          anchor: decl.childForFieldName('name') ?? decl,
          guards: [],
        });
      else if (isDefault && /\/pages\//.test(`/${path}`))
        found.push({
          framework: 'nextjs',
          kind: 'http',
          method: 'ANY',
          path: route,
          fn: decl,
          whole: exp,
          anchor: decl,
          guards: [],
        });
    } else if (decl?.type === 'lexical_declaration') {
      for (const d of kids(decl).filter((x) => x.type === 'variable_declarator')) {
        const name = d.childForFieldName('name')?.text ?? '';
        const value = d.childForFieldName('value');
        if (NEXT_VERBS.includes(name) && value)
          found.push({
            framework: 'nextjs',
            kind: 'http',
            method: name,
            path: route,
            fn: JS_FUNCTION_TYPES.includes(value.type) ? value : undefined,
            whole: exp,
            anchor: d,
            guards: [],
          });
      }
    } else if (isDefault && /\/pages\//.test(`/${path}`)) {
      const value = kids(exp).find((c) => JS_FUNCTION_TYPES.includes(c.type));
      if (value)
        found.push({
          framework: 'nextjs',
          kind: 'http',
          method: 'ANY',
          path: route,
          fn: value,
          whole: exp,
          anchor: value,
          guards: [],
        });
    }
  }
  return found;
}

/**
 * Tests of a whole text that hold wherever the finders can find a handler: a decorator line as
 * `DECORATOR_LINE` whose verb (`DECORATOR`'s) is one `pythonDecorated` takes, a `PY_REGISTRATIONS` or
 * `JS_ROUTE_CALLS` candidate (the finders take every candidate from these patterns over the text).
 */
const PY_CANDIDATE_TESTS = [
  new RegExp(
    `^[ \\t]*@\\s*[\\w.]+\\s*\\.\\s*(?:${[...HTTP_VERBS, 'command', 'hybrid_command'].join('|')}|` +
      `${BOT_VERBS.source.slice(2, -2)})\\s*\\(`,
    'm',
  ),
  new RegExp(PY_REGISTRATIONS.source),
];
const JS_CANDIDATE_TEST = new RegExp(JS_ROUTE_CALLS.source);

/** `mayDefineHandlers`' last Python text and its answer (it holds one text alive, the one analysed last). */
let lastPythonText: string | undefined;
let lastPythonAnswer = false;

/**
 * False only when `findPythonHandlers` / `findJsHandlers` cannot find a handler in this file (Next.js ones
 * come from the file's path). Lets a caller skip the work a handler would need (the CLI's project-model
 * facts) without a parse.
 */
export function mayDefineHandlers(family: 'python' | 'js', text: string, path: string): boolean {
  if (family === 'python') {
    // Half a dozen callers ask about the same text in one analysis (rules' gates, the handler finder, the
    // project model's facts); the patterns' alternations cost a few ns per character, so the answer for the
    // last text is kept.
    if (lastPythonText !== text) {
      lastPythonText = text;
      lastPythonAnswer = PY_CANDIDATE_TESTS.some((re) => re.test(text));
    }
    return lastPythonAnswer;
  }
  return JS_CANDIDATE_TEST.test(text) || nextRoutePath(path) !== undefined;
}

export function findJsHandlers(root: Node, path: string): Handler[] {
  return memo(root, () =>
    [...jsRouteCalls(root), ...jsNextExports(root, path)].sort((a, b) => a.anchor.startIndex - b.anchor.startIndex),
  );
}

/** The handler whose function contains a node, if any. */
export function handlerContaining(handlers: readonly Handler[], node: Node): Handler | undefined {
  return handlers.find((h) => h.fn && node.startIndex >= h.fn.startIndex && node.endIndex <= h.fn.endIndex);
}
