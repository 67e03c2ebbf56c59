// ssrf: the server fetches a URL the client chose, so a request can reach internal services and cloud
// metadata endpoints (http://169.254.169.254/) with the server's network position and credentials.
import type { Node, Rule } from '../core/types';
import { keywordArg, positionalArgs } from '../syntax/python';
import { callArgs } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { calleeName, codeText, nodesAt } from '../syntax/tree';
import { fixedTarget } from '../syntax/urlTarget';

const PY_FETCH =
  /^(requests|httpx|session|client|http|self\.session|self\.client)\.(get|post|put|patch|delete|head|request|stream)$|^(urllib\.request\.)?urlopen$|^(requests|httpx)\.request$/;
const JS_FETCH =
  /^(fetch|got|axios|ky|needle|superagent)$|^(axios|got|ky|http|https|undici|superagent)\.(get|post|put|patch|delete|head|request)$|^request$/;
const PY_CANDIDATES =
  /\b(?:requests|httpx|session|client|http|self\s*\.\s*session|self\s*\.\s*client)\s*\.\s*(?:get|post|put|patch|delete|head|request|stream)\s*\(|\burlopen\s*\(/g;
const JS_CANDIDATES =
  /\b(?:fetch|got|axios|ky|needle|superagent|request)\s*\(|\b(?:axios|got|ky|http|https|undici|superagent)\s*\.\s*(?:get|post|put|patch|delete|head|request)\s*\(/g;
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

function allowListed(call: Node): boolean {
  const fn = enclosingFn(call);
  return !!fn && ALLOW_CHECK.test(codeText(fn));
}

const MESSAGE =
  'The server fetches a URL from the request: attackers can reach internal services or cloud metadata (169.254.169.254). Check the host against an allow-list (after resolving redirects) before fetching.';

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
  },
  keywords: ['requests', 'httpx', 'urlopen', 'fetch', 'axios', 'got', 'http', 'client', 'session'],
  python(ctx) {
    const taint = taintFor(ctx);
    for (const call of nodesAt(ctx.root, ctx.text, PY_CANDIDATES, 'call')) {
      if (!PY_FETCH.test(calleeName(call))) continue;
      const args = positionalArgs(call);
      const url = keywordArg(call, 'url') ?? (/\.request$/.test(calleeName(call)) ? args[1] : args[0]);
      if (!url || notAUrl(call, url) || constantOrigin(url) || !taint(call).isTainted(url)) continue;
      if (allowListed(call)) continue;
      ctx.report({ start: url.startIndex, end: url.endIndex, message: MESSAGE });
    }
  },
  js(ctx) {
    const taint = taintFor(ctx);
    for (const call of nodesAt(ctx.root, ctx.text, JS_CANDIDATES, 'call_expression')) {
      if (!JS_FETCH.test(calleeName(call))) continue;
      const url = callArgs(call)[0];
      if (!url || constantOrigin(url) || !taint(call).isTainted(url)) continue;
      if (allowListed(call)) continue;
      ctx.report({ start: url.startIndex, end: url.endIndex, message: MESSAGE });
    }
  },
};
