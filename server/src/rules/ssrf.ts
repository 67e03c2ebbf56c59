// ssrf: the server fetches a URL the client chose, so a request can reach internal services and cloud
// metadata endpoints (http://169.254.169.254/) with the server's network position and credentials.
import type { Node, Rule } from '../core/types';
import { keywordArg, positionalArgs } from '../syntax/python';
import { callArgs, objectProp, stringValue as jsString } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { calleeName, codeText, descendants, kids, nodesAt } from '../syntax/tree';
import { fixedTarget } from '../syntax/urlTarget';

const PY_FETCH =
  /^(requests|httpx|session|client|http|self\.session|self\.client)\.(get|post|put|patch|delete|head|request|stream)$|^(urllib\.request\.)?urlopen$|^(requests|httpx)\.request$/;
const JS_FETCH =
  /^(fetch|got|axios|ky|needle|superagent|nodeFetch)$|^(axios|got|ky|http|https|undici|superagent|request|needle)\.(get|post|put|patch|delete|head|request|fetch|stream)$|^request$/;
/** Modules whose default export (or named `request`/`fetch`) fetches a URL, for locally chosen names. */
const JS_CLIENT_MODULES = /^(node-fetch|undici|got|request|superagent|axios|needle|cross-fetch|isomorphic-fetch)$/;
const PY_METHODS = 'get|post|put|patch|delete|head|request|stream';
const PY_CANDIDATES =
  /\b(?:requests|httpx|session|client|http|self\s*\.\s*session|self\s*\.\s*client)\s*\.\s*(?:get|post|put|patch|delete|head|request|stream)\s*\(|\burlopen\s*\(/g;
const JS_CANDIDATES =
  /\b(?:fetch|got|axios|ky|needle|superagent|request|nodeFetch)\s*\(|\b(?:axios|got|ky|http|https|undici|superagent|request|needle)\s*\.\s*(?:get|post|put|patch|delete|head|request|fetch|stream)\s*\(/g;
const ALLOW_CHECK =
  /ALLOWED_HOSTS|ALLOWED_DOMAINS|allowed_hosts|allowedHosts|allowlist|allow_list|whitelist|\.hostname\s*(in|not in|===|!==|==)|\.netloc\s*(in|not in|==)|\.host\s*(in|===|==)/;

/** A URL built from a constant scheme+host (or this site's path) with the input only after it is not SSRF. */
function constantOrigin(url: Node): boolean {
  return fixedTarget(url);
}

/**
 * `session.get(User, id)`, `db.session.delete(obj)`, `client.get(key)`: generic object names also hold ORM
 * sessions and cache/database clients. For them, only an argument that looks like a URL counts as one.
 */
const GENERIC_CLIENT = /^(?:session|client|http|self\.session|self\.client)\./;
const URL_LIKE = /:\/\/|\b\w*(?:url|uri|link|href|endpoint|address)\w*\b/i;
function notAUrl(call: Node, url: Node): boolean {
  return GENERIC_CLIENT.test(calleeName(call)) && !URL_LIKE.test(url.text);
}

/** `url += request.args["path"]`: a name extended with request data later in the function. */
function extendedWithInput(url: Node, isTainted: (n: Node) => boolean): boolean {
  if (url.type !== 'identifier') return false;
  const fn = enclosingFn(url);
  if (!fn) return false;
  return descendants(fn, ['augmented_assignment', 'augmented_assignment_expression']).some((a) => {
    const right = a.childForFieldName('right');
    return (
      a.childForFieldName('left')?.text === url.text && a.startIndex < url.startIndex && !!right && isTainted(right)
    );
  });
}

/** Constructors of Python HTTP client objects whose methods take a URL: `httpx.AsyncClient()`, `requests.Session()`. */
const PY_CLIENT_CONSTRUCTORS =
  /\b(?:httpx\s*\.\s*(?:Async)?Client|aiohttp\s*\.\s*ClientSession|requests\s*\.\s*Session|AsyncClient|ClientSession)\s*\(/g;

/**
 * Names bound to a Python HTTP client object: `async with httpx.AsyncClient() as c`, `s = requests.Session()`.
 * Their methods always take a URL, so these names need no URL-like argument (unlike a generic `client`).
 */
function pyClientNames(root: Node, text: string): Set<string> {
  const names = new Set<string>();
  for (const call of nodesAt(root, text, PY_CLIENT_CONSTRUCTORS, 'call')) {
    const holder = call.parent?.type === 'await' ? call.parent.parent : call.parent;
    const target =
      holder?.type === 'as_pattern'
        ? kids(holder).find((k) => k.type === 'as_pattern_target')
        : holder?.type === 'assignment' && holder.childForFieldName('right')?.startIndex === call.startIndex
          ? holder.childForFieldName('left')
          : undefined;
    const id = target && descendants(target, 'identifier')[0];
    if (id && (target.type === 'identifier' || target.type === 'as_pattern_target')) names.add(id.text);
  }
  return names;
}

/** Local names bound to an HTTP client module: `const fetchUrl = require('node-fetch')`, `import got from 'got'`. */
function jsClientNames(root: Node, text: string): Set<string> {
  const names = new Set<string>();
  if (!/node-fetch|undici|['"]got['"]|['"]request['"]|superagent|needle|cross-fetch|isomorphic-fetch/.test(text))
    return names;
  for (const stmt of kids(root)) {
    if (stmt.type === 'import_statement' && JS_CLIENT_MODULES.test(jsString(stmt.childForFieldName('source')) ?? ''))
      for (const id of descendants(stmt, 'identifier')) names.add(id.text);
  }
  for (const call of nodesAt(root, text, /\brequire\s*\(/g, 'call_expression')) {
    if (calleeName(call) !== 'require' || !JS_CLIENT_MODULES.test(jsString(callArgs(call)[0]) ?? '')) continue;
    const target = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name') : undefined;
    if (target?.type === 'identifier') names.add(target.text);
    else if (target)
      for (const id of descendants(target, ['identifier', 'shorthand_property_identifier_pattern'])) names.add(id.text);
  }
  return names;
}

/**
 * The URL of a JS client call: the first argument, or its `url`/`uri` option (`request({ url })`, `axios({ url })`).
 */
function jsUrl(call: Node): Node | undefined {
  const first = callArgs(call)[0];
  if (first?.type !== 'object') return first;
  return objectProp(first, 'url') ?? objectProp(first, 'uri') ?? undefined;
}

function allowListed(call: Node): boolean {
  const fn = enclosingFn(call);
  return !!fn && ALLOW_CHECK.test(codeText(fn));
}

/** Local names of HTTP clients as a regex alternation (`$` escaped: `$http`). */
function clientNames(clients: Set<string>): string {
  return [...clients].map((n) => n.replace(/\$/g, '\\$')).join('|');
}

export const ssrf: Rule = {
  meta: {
    id: 'ssrf',
    title: 'Server-side request to a request-supplied URL',
    defaultSeverity: 'warning',
    summary:
      'requests/httpx/urlopen/fetch/axios called with a URL taken from the request, without an allow-list check.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [918], owasp: 'A10', securitySeverity: 8.6 },
    languages: ['python', 'js'],
    messages: {
      urlFromRequest:
        'The server fetches a URL from the request: attackers can reach internal services or cloud ' +
        'metadata (169.254.169.254). Check the host against an allow-list (after resolving redirects) ' +
        'before fetching.',
    },
  },
  keywords: [
    'requests',
    'httpx',
    'urlopen',
    'fetch',
    'axios',
    'got',
    'http',
    'client',
    'session',
    'request',
    'undici',
    'superagent',
    'needle',
  ],
  python(ctx) {
    const taint = taintFor(ctx);
    const clients = pyClientNames(ctx.root, ctx.text);
    const candidates = clients.size
      ? new RegExp(`${PY_CANDIDATES.source}|\\b(?:${[...clients].join('|')})\\s*\\.\\s*(?:${PY_METHODS})\\s*\\(`, 'g')
      : PY_CANDIDATES;
    for (const call of nodesAt(ctx.root, ctx.text, candidates, 'call')) {
      const name = calleeName(call);
      const [object, method] = name.split('.');
      const ownClient =
        clients.has(object) && name.split('.').length === 2 && new RegExp(`^(?:${PY_METHODS})$`).test(method);
      if (!PY_FETCH.test(name) && !ownClient) continue;
      const args = positionalArgs(call);
      const url = keywordArg(call, 'url') ?? (/\.request$/.test(name) ? args[1] : args[0]);
      if (!url || (!ownClient && notAUrl(call, url)) || constantOrigin(url)) continue;
      const scope = taint(call);
      if (!scope.isTainted(url) && !extendedWithInput(url, scope.isTainted)) continue;
      if (allowListed(call)) continue;
      ctx.report({ start: url.startIndex, end: url.endIndex, messageId: 'urlFromRequest' });
    }
  },
  js(ctx) {
    const taint = taintFor(ctx);
    const clients = jsClientNames(ctx.root, ctx.text);
    const candidates = clients.size
      ? new RegExp(`${JS_CANDIDATES.source}|\\b(?:${clientNames(clients)})\\s*(?:\\.\\s*\\w+\\s*)?\\(`, 'g')
      : JS_CANDIDATES;
    for (const call of nodesAt(ctx.root, ctx.text, candidates, 'call_expression')) {
      const name = calleeName(call);
      const root = name.split('.')[0];
      if (!JS_FETCH.test(name) && !(clients.has(root) && name.split('.').length <= 2)) continue;
      const url = jsUrl(call);
      if (!url || constantOrigin(url)) continue;
      const scope = taint(call);
      if (!scope.isTainted(url) && !extendedWithInput(url, scope.isTainted)) continue;
      if (allowListed(call)) continue;
      ctx.report({ start: url.startIndex, end: url.endIndex, messageId: 'urlFromRequest' });
    }
  },
};
