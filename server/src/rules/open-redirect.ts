// open-redirect: redirecting to a URL taken from the request lets phishing links borrow your domain
// (https://yourapp.com/login?next=https://evil.example).
import type { Node, Rule } from '../core/types';
import { importedNames, keywordArg, positionalArgs } from '../syntax/python';
import { callArgs } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { calleeName, codeText, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';
import { fixedTarget } from '../syntax/urlTarget';
import { jsBinding, pyBinding } from '../syntax/values';

const PY_REDIRECTS = new Set(['RedirectResponse', 'redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect']);
// Candidates from the text (the tree confirms): the callee's last segment (`at`), and `location` on the left of
// an assignment (`window.location.href = ...`).
const PY_CANDIDATES = /\b(?:RedirectResponse|redirect|HttpResponseRedirect|HttpResponsePermanentRedirect)\b/g;
const PY_REDIRECT_NAMED = new RegExp(PY_CANDIDATES.source);
const JS_CALL_CANDIDATES = /\blocation\s*\??\.\s*(?<at1>assign|replace)\b|\b(?<at2>redirect)\b/g;
const JS_ASSIGN_CANDIDATES = /\blocation\b/g;
const SAFE_CHECK =
  /url_has_allowed_host_and_scheme|is_safe_url|ALLOWED_REDIRECT|allowed_redirect|startswith\(\s*["']\/["']\s*\)|startsWith\(\s*["']\/["']\s*\)|\.origin\s*===|\.hostname\s*(===|==|in)|urlparse\([^)]*\)\.netloc/;

/**
 * The Referer, read in any framework's way: Django `request.META["HTTP_REFERER"]`, Flask `request.referrer`,
 * `request.headers.get("Referer")` (Flask, Starlette, Django, fetch `Request`), Express `req.get("Referer")`,
 * `req.header(...)`, `req.headers.referer`, Koa `ctx.get(...)`.
 */
const REFERER = new RegExp(
  [
    String.raw`^request\.referrer$`,
    String.raw`^request\.META\s*(?:\.\s*get\s*\(\s*["']HTTP_REFERER["'][^)]*\)|\[\s*["']HTTP_REFERER["']\s*\])$`,
    String.raw`^(?:req|request|ctx|ctx\.request)\.(?:get|header)\(\s*["']referr?er["']\s*\)$`,
    String.raw`^(?:req|request|ctx\.request)\.headers?\s*` +
      String.raw`(?:\.\s*referr?er|\[\s*["']referr?er["']\s*\]|\.\s*get\s*\(\s*["']referr?er["'][^)]*\))$`,
  ].join('|'),
  'i',
);

const FALLBACK_OPERATORS = new Set(['or', '||', '??']);
/** `location = …`, `window.location.href = …`: the browser's location, not an object's `location` field. */
const BROWSER_LOCATION = /^(?:(?:window|document|self|top|parent|globalThis)\.)?location(?:\.href)?$/;

/**
 * "Go back to the page you came from": the Referer, a name bound to it, or it with a fallback (`or "/"`,
 * `|| '/'`) that is not request input. The browser sets it to the page that linked here, so an attacker can
 * only send a user back to the attacker's own page, which needs no redirect hole; a phishing link in a mail
 * carries no Referer at all. One policy for Django, Flask, FastAPI and Express.
 */
function refererOnly(target: Node, tainted: (n: Node) => boolean, python: boolean, depth = 0): boolean {
  if (depth > 3) return false;
  if (REFERER.test(target.text)) return true;
  if (target.type === 'parenthesized_expression')
    return !!kids(target)[0] && refererOnly(kids(target)[0], tainted, python, depth + 1);
  if (target.type === 'identifier') {
    const bound = python ? pyBinding(target, target.text) : jsBinding(target, target.text);
    return !!bound && refererOnly(bound, tainted, python, depth + 1);
  }
  if (target.type !== 'boolean_operator' && target.type !== 'binary_expression') return false;
  const operator = target.childForFieldName('operator')?.text ?? target.children.find((c) => c && !c.isNamed)?.text;
  const left = target.childForFieldName('left');
  const right = target.childForFieldName('right');
  if (!operator || !FALLBACK_OPERATORS.has(operator) || !left || !right) return false;
  const fallbackSafe = refererOnly(right, tainted, python, depth + 1) || !tainted(right);
  return fallbackSafe && refererOnly(left, tainted, python, depth + 1);
}

/** Names declared at the top of a module from the page URL's query (two hops: params, then params.get()). */
function moduleUrlNames(root: Node): Set<string> {
  const names = new Set<string>();
  const declarators = kids(root)
    .filter((s) => s.type === 'lexical_declaration' || s.type === 'variable_declaration')
    .flatMap((s) => kids(s).filter((d) => d.type === 'variable_declarator'));
  for (let pass = 0; pass < 2; pass++)
    for (const d of declarators) {
      const name = d.childForFieldName('name');
      const value = d.childForFieldName('value');
      if (name?.type !== 'identifier' || !value) continue;
      const ids = descendants(value, 'identifier').map((i) => i.text);
      if (/URLSearchParams|location\.(search|hash)|searchParams/.test(value.text) || ids.some((i) => names.has(i)))
        names.add(name.text);
    }
  return names;
}

function guarded(node: Node): boolean {
  const fn = enclosingFn(node);
  return !!fn && SAFE_CHECK.test(codeText(fn));
}

export const openRedirect: Rule = {
  meta: {
    id: 'open-redirect',
    title: 'Redirect to a request-supplied URL',
    defaultSeverity: 'warning',
    summary:
      'RedirectResponse/redirect/res.redirect/location.href set from a query parameter or body without an ' +
      'allow-list check.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [601], owasp: 'A01', securitySeverity: 6.1 },
    languages: ['python', 'js'],
    messages: {
      redirectFromRequest:
        'Redirect target comes from the request: attackers can send users to any site through your ' +
        'domain. Accept only relative paths (starting with one "/") or hosts on an allow-list.',
    },
  },
  keywords: ['edirect', 'location', 'Location'],
  python(ctx) {
    // Every finding is a call of a redirect function, whose name is in the text even when imported under an
    // alias (`import redirect as go`): without one, the file is not parsed for this rule.
    if (!PY_REDIRECT_NAMED.test(ctx.text)) return;
    const taint = taintFor(ctx);
    // `from django.shortcuts import redirect as dj_redirect`: aliases of the redirect functions, by local name.
    const aliases = [...importedNames(ctx.root)]
      .filter(([local, full]) => local !== lastSegment(full) && PY_REDIRECTS.has(lastSegment(full)))
      .map(([local]) => local);
    const candidates = aliases.length
      ? new RegExp(`${PY_CANDIDATES.source}|\\b(?:${aliases.join('|')})\\b`, 'g')
      : PY_CANDIDATES;
    for (const call of nodesAt(ctx.root, ctx.text, candidates, 'call')) {
      const callee = calleeName(call);
      if (!PY_REDIRECTS.has(lastSegment(callee)) && !aliases.includes(callee)) continue;
      const target = keywordArg(call, 'url') ?? keywordArg(call, 'redirect_to') ?? positionalArgs(call)[0];
      const tainted = (n: Node) => taint(call).isTainted(n);
      if (!target || fixedTarget(target) || guarded(call) || !tainted(target)) continue;
      if (refererOnly(target, tainted, true)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, messageId: 'redirectFromRequest' });
    }
  },
  js(ctx) {
    const taint = taintFor(ctx);
    // `const params = new URLSearchParams(location.search)` at module level, read inside a function.
    let module: Set<string> | undefined;
    const tainted = (at: Node, value: Node) =>
      taint(at).isTainted(value) ||
      (value.type === 'identifier' && (module ??= moduleUrlNames(ctx.root)).has(value.text));
    for (const call of nodesAt(ctx.root, ctx.text, JS_CALL_CANDIDATES, 'call_expression')) {
      const name = calleeName(call);
      if (!/(^|\.)(redirect|location\.assign|location\.replace)$/.test(name) || /^(router|navigate)/.test(name))
        continue;
      const args = callArgs(call);
      const target = args[args.length - 1];
      if (!target || fixedTarget(target) || !tainted(call, target) || guarded(call)) continue;
      if (refererOnly(target, (n) => tainted(call, n), false)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, messageId: 'redirectFromRequest' });
    }
    for (const a of nodesAt(ctx.root, ctx.text, JS_ASSIGN_CANDIDATES, 'assignment_expression')) {
      const left = a.childForFieldName('left')?.text ?? '';
      const right = a.childForFieldName('right');
      if (!BROWSER_LOCATION.test(left) || !right || fixedTarget(right) || !tainted(a, right) || guarded(a)) continue;
      ctx.report({ start: right.startIndex, end: right.endIndex, messageId: 'redirectFromRequest' });
    }
  },
};
