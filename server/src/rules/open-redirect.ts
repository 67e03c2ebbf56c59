// open-redirect: redirecting to a URL taken from the request lets phishing links borrow your domain
// (https://yourapp.com/login?next=https://evil.example).
import type { Node, Rule } from '../core/types';
import { importedNames, keywordArg, positionalArgs } from '../syntax/python';
import { callArgs } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { calleeName, codeText, descendants, kids, lastSegment, nodesAt } from '../syntax/tree';
import { fixedTarget } from '../syntax/urlTarget';

const PY_REDIRECTS = new Set(['RedirectResponse', 'redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect']);
// Candidates from the text (the tree confirms): the callee's last segment (`at`), and `location` on the left of
// an assignment (`window.location.href = ...`).
const PY_CANDIDATES = /\b(?:RedirectResponse|redirect|HttpResponseRedirect|HttpResponsePermanentRedirect)\b/g;
const JS_CALL_CANDIDATES = /\blocation\s*\??\.\s*(?<at1>assign|replace)\b|\b(?<at2>redirect)\b/g;
const JS_ASSIGN_CANDIDATES = /\blocation\b/g;
const SAFE_CHECK =
  /url_has_allowed_host_and_scheme|is_safe_url|ALLOWED_REDIRECT|allowed_redirect|startswith\(\s*["']\/["']\s*\)|startsWith\(\s*["']\/["']\s*\)|\.origin\s*===|\.hostname\s*(===|==|in)|urlparse\([^)]*\)\.netloc/;

/** The page the user came from: a link can only make it the linking page itself, so going back is no redirect hole. */
const REFERER_ONLY =
  /^(?:req|request)\.(?:get|header)\(\s*["']referr?er["']\s*\)(?:\s*\|\|\s*["'][^"']*["'])?$|^(?:req|request)\.headers(?:\.referr?er|\[["']referr?er["']\])(?:\s*\|\|\s*["'][^"']*["'])?$/i;
/** `location = …`, `window.location.href = …`: the browser's location, not an object's `location` field. */
const BROWSER_LOCATION = /^(?:(?:window|document|self|top|parent|globalThis)\.)?location(?:\.href)?$/;

function safeTarget(target: Node): boolean {
  return fixedTarget(target) || REFERER_ONLY.test(target.text);
}

/** Django's Referer (`request.META.get("HTTP_REFERER")`): set by whoever sends the request. */
const PY_REFERER = /\brequest\.META\s*(?:\.\s*get\s*\(|\[)\s*["']HTTP_REFERER["']/;

function refererTainted(target: Node): boolean {
  if (PY_REFERER.test(target.text)) return true;
  if (target.type !== 'identifier') return false;
  const fn = enclosingFn(target);
  return !!fn && new RegExp(`\\b${target.text}\\s*=\\s*[^\\n]*${PY_REFERER.source}`).test(fn.text);
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
  keywords: ['edirect', 'location', 'Location', 'HTTP_REFERER'],
  python(ctx) {
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
      if (!target || safeTarget(target) || guarded(call)) continue;
      if (!taint(call).isTainted(target) && !refererTainted(target)) continue;
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
      if (!target || safeTarget(target) || !tainted(call, target) || guarded(call)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, messageId: 'redirectFromRequest' });
    }
    for (const a of nodesAt(ctx.root, ctx.text, JS_ASSIGN_CANDIDATES, 'assignment_expression')) {
      const left = a.childForFieldName('left')?.text ?? '';
      const right = a.childForFieldName('right');
      if (!BROWSER_LOCATION.test(left) || !right || safeTarget(right) || !tainted(a, right) || guarded(a)) continue;
      ctx.report({ start: right.startIndex, end: right.endIndex, messageId: 'redirectFromRequest' });
    }
  },
};
