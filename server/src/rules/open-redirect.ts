// open-redirect: redirecting to a URL taken from the request lets phishing links borrow your domain
// (https://yourapp.com/login?next=https://evil.example).
import type { Node, Rule } from '../core/types';
import { keywordArg, positionalArgs } from '../syntax/python';
import { callArgs } from '../syntax/js';
import { enclosingFn, taintFor } from '../syntax/scopes';
import { calleeName, codeText, lastSegment, nodesAt } from '../syntax/tree';
import { fixedTarget } from '../syntax/urlTarget';

const PY_REDIRECTS = new Set(['RedirectResponse', 'redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect']);
// Candidates from the text (the tree confirms): the callee's last segment (`at`), so the call is at most
// identifier -> attribute/member_expression -> call up; `location` on the left of an assignment lies at most
// 3 levels below it (`window.location.href = ...`: property_identifier -> member -> member -> assignment).
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

const MESSAGE =
  'Redirect target comes from the request: attackers can send users to any site through your domain. Accept only relative paths (starting with one "/") or hosts on an allow-list.';

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
      'RedirectResponse/redirect/res.redirect/location.href set from a query parameter or body without an allow-list check.',
    checklistItem: 'injection-safe',
    taxonomy: { cwe: [601], owasp: 'A01', securitySeverity: 6.1 },
    languages: ['python', 'js'],
  },
  keywords: ['edirect', 'location', 'Location'],
  python(ctx) {
    const taint = taintFor(ctx);
    for (const call of nodesAt(ctx.root, ctx.text, PY_CANDIDATES, 'call', 2)) {
      if (!PY_REDIRECTS.has(lastSegment(calleeName(call)))) continue;
      const target = keywordArg(call, 'url') ?? keywordArg(call, 'redirect_to') ?? positionalArgs(call)[0];
      if (!target || !taint(call).isTainted(target) || safeTarget(target) || guarded(call)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, message: MESSAGE });
    }
  },
  js(ctx) {
    const taint = taintFor(ctx);
    for (const call of nodesAt(ctx.root, ctx.text, JS_CALL_CANDIDATES, 'call_expression', 2)) {
      const name = calleeName(call);
      if (!/(^|\.)(redirect|location\.assign|location\.replace)$/.test(name) || /^(router|navigate)/.test(name))
        continue;
      const args = callArgs(call);
      const target = args[args.length - 1];
      if (!target || !taint(call).isTainted(target) || safeTarget(target) || guarded(call)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, message: MESSAGE });
    }
    for (const a of nodesAt(ctx.root, ctx.text, JS_ASSIGN_CANDIDATES, 'assignment_expression', 3)) {
      const left = a.childForFieldName('left')?.text ?? '';
      const right = a.childForFieldName('right');
      if (!BROWSER_LOCATION.test(left) || !right || !taint(a).isTainted(right) || safeTarget(right) || guarded(a))
        continue;
      ctx.report({ start: right.startIndex, end: right.endIndex, message: MESSAGE });
    }
  },
};
