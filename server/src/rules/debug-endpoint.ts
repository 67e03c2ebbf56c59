// debug-endpoint: a route that hands the server's environment or configuration to whoever asks:
// any handler sending os.environ/process.env whole, and debug/env/config-style routes returning
// settings objects, database URLs or secrets. Handlers come from util/handlers (shared with the inventory).
import type { Node, Rule, TextEdit, TreeContext } from '../core/types';
import { descendants, dottedName } from '../syntax/tree';
import { importedNames, stringValue as pyString } from '../syntax/python';
import { stringValue as jsString } from '../syntax/js';
import { findJsHandlers, findPythonHandlers, handlerRoute, type Handler } from '../syntax/handlers';
import { deleteBlock, deleteStatements, removeListItem } from '../syntax/edits';
import { JS, PYTHON, reachesResponse, type Lang } from './debug-endpoint/flow';

// Routes whose name says "internals": their config-shaped answers are treated as leaks.
const DEBUG_PATH = /debug|config|_internal|phpinfo|settings|(^|[^a-z])(env|environ|environment|dotenv|vars)([^a-z]|$)/i;
const SECRET_NAME =
  /^(DATABASE_URL|DATABASE_URI|DB_URL|DB_URI|DB_DSN|DSN|SQLALCHEMY_DATABASE_URI|REDIS_URL|MONGO_URL|MONGO_URI|MONGODB_URI|MONGODB_URL|POSTGRES_URL|POSTGRES_PASSWORD|MYSQL_URL)$|SECRET|PASSWORD|PRIVATE_KEY|API_KEY|ACCESS_KEY|TOKEN/i;
const WHOLE_ENV_HINT = /environ|process\.env/;
const LEAK_HINT =
  /environ|getenv|process\.env|settings|conf|DATABASE|DB_|DSN|REDIS|MONGO|POSTGRES|MYSQL|SECRET|PASSWORD|PRIVATE_KEY|API_KEY|ACCESS_KEY|TOKEN|__dict__|vars\(/i;
const CONFIG_NAME = /^(settings|config|conf|app_config|SETTINGS|CONFIG)$/;
const LITERALS = new Set([
  'dictionary',
  'list',
  'tuple',
  'set',
  'string',
  'integer',
  'object',
  'array',
  'number',
  'template_string',
]);

interface Leak {
  node: Node;
  what: string;
  whole: boolean;
}

/**
 * A secret-looking name: a constant (`DATABASE_URL`, `STRIPE_SECRET_KEY`) or a field of a settings object
 * (`settings.database_url`). A local `token` or `password` variable is too vague to call configuration.
 */
function isSecretName(name: string, owner?: string): boolean {
  if (!SECRET_NAME.test(name)) return false;
  return (
    name === name.toUpperCase() || (owner !== undefined && CONFIG_NAME.test(owner.slice(owner.lastIndexOf('.') + 1)))
  );
}

/** `config = {"theme": "dark"}` in the handler or module is a literal the author wrote: public by intent. */
function boundToLiteral(
  name: string,
  scopes: readonly Node[],
  assignType: string,
  left: string,
  right: string,
): boolean {
  return scopes.some((scope) =>
    descendants(scope, assignType).some(
      (a) => a.childForFieldName(left)?.text === name && LITERALS.has(a.childForFieldName(right)?.type ?? ''),
    ),
  );
}

function pyCandidates(fn: Node, root: Node, bareEnviron: boolean): Leak[] {
  const found: Leak[] = [];
  for (const n of descendants(fn, ['attribute', 'identifier', 'subscript', 'call'])) {
    const parent = n.parent;
    if (n.type === 'attribute' && dottedName(n) === 'os.environ')
      found.push({ node: n, what: 'os.environ', whole: true });
    else if (
      bareEnviron &&
      n.type === 'identifier' &&
      n.text === 'environ' &&
      !(parent?.type === 'attribute' && parent.childForFieldName('object')?.startIndex !== n.startIndex)
    )
      found.push({ node: n, what: 'os.environ', whole: true });
    else if (
      n.type === 'identifier' &&
      CONFIG_NAME.test(n.text) &&
      !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.startIndex === n.startIndex) &&
      !(parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === n.startIndex)
    ) {
      if (!boundToLiteral(n.text, [fn, root], 'assignment', 'left', 'right'))
        found.push({ node: n, what: n.text, whole: false });
    } else if (
      n.type === 'identifier' &&
      isSecretName(n.text) &&
      parent?.type !== 'attribute' &&
      parent?.type !== 'keyword_argument'
    )
      found.push({ node: n, what: n.text, whole: false });
    else if (n.type === 'attribute' && parent?.type !== 'attribute') {
      const attr = n.childForFieldName('attribute')?.text ?? '';
      const owner = dottedName(n.childForFieldName('object'));
      if (attr === 'config' && /(^|\.)(app|current_app)$/.test(owner))
        found.push({ node: n, what: n.text, whole: false });
      else if (isSecretName(attr, owner)) found.push({ node: n, what: n.text, whole: false });
    } else if (n.type === 'subscript' && dottedName(n.childForFieldName('value')) === 'os.environ') {
      const key = pyString(n.childForFieldName('subscript'));
      if (key && isSecretName(key)) found.push({ node: n, what: `os.environ["${key}"]`, whole: false });
    } else if (
      n.type === 'call' &&
      /(^|\.)(os\.getenv|os\.environ\.get|getenv)$/.test(dottedName(n.childForFieldName('function')))
    ) {
      const key = pyString(n.childForFieldName('arguments')?.firstNamedChild);
      if (key && isSecretName(key)) found.push({ node: n, what: `the ${key} value`, whole: false });
    }
  }
  return found;
}

function jsCandidates(fn: Node, root: Node): Leak[] {
  const found: Leak[] = [];
  for (const n of descendants(fn, ['member_expression', 'subscript_expression', 'identifier'])) {
    if (n.type === 'member_expression' && dottedName(n) === 'process.env')
      found.push({ node: n, what: 'process.env', whole: true });
    else if (
      n.type === 'member_expression' &&
      dottedName(n.childForFieldName('object')) === 'process.env' &&
      isSecretName(n.childForFieldName('property')?.text ?? '')
    )
      found.push({ node: n, what: n.text, whole: false });
    else if (
      n.type === 'subscript_expression' &&
      dottedName(n.childForFieldName('object')) === 'process.env' &&
      isSecretName(jsString(n.childForFieldName('index')) ?? '')
    )
      found.push({ node: n, what: n.text, whole: false });
    else if (
      n.type === 'member_expression' &&
      CONFIG_NAME.test(dottedName(n.childForFieldName('object'))) &&
      isSecretName(n.childForFieldName('property')?.text ?? '', 'config')
    )
      found.push({ node: n, what: n.text, whole: false });
    else if (
      n.type === 'identifier' &&
      CONFIG_NAME.test(n.text) &&
      n.parent?.type !== 'member_expression' &&
      !boundToLiteral(n.text, [root], 'variable_declarator', 'name', 'value')
    )
      found.push({ node: n, what: n.text, whole: false });
  }
  return found;
}

/** Removes a construct: a list item with its comma, or its whole statement with its lines. */
function removal(ctx: TreeContext, node: Node, python: boolean): TextEdit[] {
  const parent = node.parent;
  if (parent && ['list', 'array', 'tuple'].includes(parent.type)) return [removeListItem(ctx.text, node)];
  // `app.add_handler(CommandHandler("env", env))`: the registration statement goes as a whole.
  const outer = parent && (parent.type === 'argument_list' || parent.type === 'arguments') ? parent.parent : undefined;
  const target =
    outer && outer.parent?.type === 'expression_statement'
      ? outer.parent
      : parent?.type === 'expression_statement'
        ? parent
        : node;
  if (
    [
      'decorated_definition',
      'function_definition',
      'expression_statement',
      'export_statement',
      'function_declaration',
      'lexical_declaration',
    ].includes(target.type)
  )
    return [deleteBlock(ctx.text, target)];
  return deleteStatements(ctx.text, [target], python);
}

function inside(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Deletes the handler so the code still runs: its construct, its registration when that lives apart
 * (a bot's `CommandHandler("env", env)`, Django's `path(...)` entry), and its function when it is defined
 * apart and used nowhere else (Starlette's `Route("/env", env_dump)`).
 */
function deletion(ctx: TreeContext, h: Handler, python: boolean): TextEdit[] {
  const edits = removal(ctx, h.whole, python);
  if (!inside(h.anchor, h.whole)) edits.push(...removal(ctx, h.anchor, python));
  const fn = h.fn;
  const def = fn && (fn.parent?.type === 'decorated_definition' ? fn.parent : fn);
  const name = fn?.childForFieldName('name')?.text;
  if (def && name && !inside(def, h.whole) && (def.parent?.type === 'module' || def.parent?.type === 'program')) {
    const uses = ctx.text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
    if (uses === 2) edits.push(deleteBlock(ctx.text, def));
  }
  return edits;
}

function check(
  ctx: TreeContext,
  handlers: readonly Handler[],
  lang: Lang,
  candidates: (fn: Node) => Leak[],
  python: boolean,
): void {
  if (ctx.options.isTestFile) return;
  for (const h of handlers) {
    if (!h.fn) continue; // routes to functions in other files: nothing to read here
    const debugPath = DEBUG_PATH.test(h.path);
    // Text gate before the tree walk: most handlers mention nothing that could leak.
    if (!(debugPath ? LEAK_HINT : WHOLE_ENV_HINT).test(h.fn.text)) continue;
    const leak = candidates(h.fn).find((c) => (c.whole || debugPath) && reachesResponse(c.node, h.fn!, lang));
    if (!leak) continue;
    const route = handlerRoute(h, ctx.options.handlerFacts?.(h.anchor.startPosition.row + 1), '(dynamic path)');
    ctx.report({
      start: leak.node.startIndex,
      end: leak.node.endIndex,
      ...(leak.whole
        ? { messageId: 'wholeEnvironment', data: { route, what: leak.what } }
        : {
            messageId: 'configuration',
            data: { endpoint: h.path ? `"${h.path}" endpoint` : 'endpoint', route, what: leak.what },
          }),
      // Deleting is what a debug route needs; a route named for something else (`/status`) serves callers
      // that would break, so there the deletion is offered but never applied blind.
      fixes: [{ title: `Delete the ${route} handler`, preferred: debugPath, edits: deletion(ctx, h, python) }],
    });
  }
}

export const debugEndpoint: Rule = {
  meta: {
    id: 'debug-endpoint',
    title: 'Endpoint exposes environment or configuration',
    defaultSeverity: 'error',
    summary:
      'A handler that returns os.environ/process.env, or a debug/env/config route that returns settings, ' +
      'database URLs or secrets.',
    checklistItem: 'debug-off',
    taxonomy: { cwe: [215, 200], owasp: 'A05', securitySeverity: 7.5 },
    languages: ['python', 'js'],
    messages: {
      wholeEnvironment:
        'This handler ({{route}}) sends the whole environment ({{what}}) to the client: every secret in ' +
        'it (API keys, database passwords, signing keys) is one request away. Delete the endpoint.',
      configuration:
        'This {{endpoint}} ({{route}}) returns configuration ({{what}}) to the client: secrets and ' +
        'connection strings in it are one request away. Delete the endpoint (or return only non-secret ' +
        'fields).',
    },
  },
  keywords: ['environ', 'process.env', 'settings', 'config', 'SETTINGS', 'CONFIG', 'getenv', 'DATABASE', 'SECRET'],
  python(ctx) {
    // Read only for a handler's candidates: a file without handlers is then never parsed for its imports.
    let bareEnviron: boolean | undefined;
    const bare = () => (bareEnviron ??= importedNames(ctx.root).get('environ') === 'os.environ');
    check(ctx, findPythonHandlers(ctx.root), PYTHON, (fn) => pyCandidates(fn, ctx.root, bare()), true);
  },
  js(ctx) {
    check(ctx, findJsHandlers(ctx.root, ctx.file.path), JS, (fn) => jsCandidates(fn, ctx.root), false);
  },
};
