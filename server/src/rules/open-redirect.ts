// open-redirect: redirecting to a URL taken from the request lets phishing links borrow your domain
// (https://yourapp.com/login?next=https://evil.example).
import type { Node, Rule } from '../core/types';
import { keywordArg, positionalArgs } from './util/python';
import { callArgs } from './util/js';
import { enclosingFn, taintFor } from './util/scopes';
import { calleeName, codeText, lastSegment } from './util/tree';

const PY_REDIRECTS = new Set(['RedirectResponse', 'redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect']);
const SAFE_CHECK = /url_has_allowed_host_and_scheme|is_safe_url|ALLOWED_REDIRECT|allowed_redirect|startswith\(\s*["']\/["']\s*\)|startsWith\(\s*["']\/["']\s*\)|\.origin\s*===|\.hostname\s*(===|==|in)|urlparse\([^)]*\)\.netloc/;

const MESSAGE = 'Redirect target comes from the request: attackers can send users to any site through your domain. Accept only relative paths (starting with one "/") or hosts on an allow-list.';

function guarded(node: Node): boolean {
  const fn = enclosingFn(node);
  return !!fn && SAFE_CHECK.test(codeText(fn));
}

export const openRedirect: Rule = {
  meta: {
    id: 'open-redirect',
    title: 'Redirect to a request-supplied URL',
    defaultSeverity: 'warning',
    summary: 'RedirectResponse/redirect/res.redirect/location.href set from a query parameter or body without an allow-list check.',
    checklistItem: 'injection-safe',
    languages: ['python', 'js'],
  },
  keywords: ['edirect', 'location', 'Location'],
  nodeTypes: { python: ['call'], js: ['call_expression', 'assignment_expression'] },
  python(ctx) {
    const taint = taintFor(ctx);
    for (const call of ctx.nodes('call')) {
      if (!PY_REDIRECTS.has(lastSegment(calleeName(call)))) continue;
      const target = keywordArg(call, 'url') ?? keywordArg(call, 'redirect_to') ?? positionalArgs(call)[0];
      if (!target || !taint(call).isTainted(target) || guarded(call)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, message: MESSAGE });
    }
  },
  js(ctx) {
    const taint = taintFor(ctx);
    for (const call of ctx.nodes('call_expression')) {
      const name = calleeName(call);
      if (!/(^|\.)(redirect|location\.assign|location\.replace)$/.test(name) || /^(router|navigate)/.test(name)) continue;
      const args = callArgs(call);
      const target = args[args.length - 1];
      if (!target || !taint(call).isTainted(target) || guarded(call)) continue;
      ctx.report({ start: target.startIndex, end: target.endIndex, message: MESSAGE });
    }
    for (const a of ctx.nodes('assignment_expression')) {
      const left = a.childForFieldName('left')?.text ?? '';
      const right = a.childForFieldName('right');
      if (!/(^|\.)location(\.href)?$/.test(left) || !right || !taint(a).isTainted(right) || guarded(a)) continue;
      ctx.report({ start: right.startIndex, end: right.endIndex, message: MESSAGE });
    }
  },
};
