// Evidence from code analysis: rule findings across the workspace, endpoint auth, security headers.
import { analysing, capped, plural, type EvalContext } from '../context';
import { stringList, type ChecklistItem } from '../items';
import type { EvidenceEntry, Verdict } from '../types';

/** Paths where guessing pays: sign-in, sign-up, tokens, password resets, one-time codes. */
const SENSITIVE = /(^|\/)(login|signin|sign-in|signup|sign-up|register|token|reset|forgot|password|otp|verify|2fa|mfa)(\/|$)/i;

const endpointName = (e: { method: string; path: string; kind: string }): string => `${e.method} ${e.path || '(dynamic path)'}`;

export function ruleFindings(item: ChecklistItem, ctx: EvalContext): Verdict {
  const named = stringList(item, 'rules');
  const unknownRules = named.filter((r) => !ctx.knownRules.has(r));
  const off = named.filter((r) => ctx.knownRules.has(r) && ctx.severities[r] === 'off');
  const active = named.filter((r) => ctx.knownRules.has(r) && ctx.severities[r] !== 'off');
  const notes: EvidenceEntry[] = [
    ...off.map((r) => ({ message: `Rule ${r} is turned off in preflight.rules, so it is not checked.`, level: 'info' as const })),
    ...unknownRules.map((r) => ({ message: `Rule ${r} is not part of this version of Preflight.`, level: 'info' as const })),
  ];
  if (!active.length) return { state: 'unknown', summary: 'None of the rules behind this item is active.', evidence: notes };
  if (!ctx.analysisComplete) return analysing();
  const wanted = new Set(active);
  const problems: EvidenceEntry[] = [];
  for (const f of ctx.files) {
    for (const x of f.findings) if (wanted.has(x.ruleId)) problems.push({ message: `${x.ruleId}: ${x.message}`, path: f.path, line: x.line, level: 'problem' });
  }
  if (item.evidence.params.requireGlobalErrorHandler === true) {
    for (const e of ctx.endpoints.filter((x) => x.kind === 'http' && x.errors === 'none')) {
      problems.push({ message: `${endpointName(e)} has no try/except and no global exception handler catches its errors`, path: e.file, line: e.line, level: 'problem' });
    }
  }
  // Sign-in and similar endpoints invite guessing: they need a limit even when no rule fired.
  if (item.evidence.params.sensitiveEndpointsNeedLimit === true) {
    for (const e of ctx.endpoints.filter((x) => x.kind === 'http' && !x.rateLimited && SENSITIVE.test(x.path))) {
      problems.push({ message: `${endpointName(e)} handles credentials or codes and has no rate limit`, path: e.file, line: e.line, level: 'problem' });
    }
  }
  const rules = active.join(', ');
  if (!problems.length) return { state: 'pass', summary: `No ${rules} findings in ${plural(ctx.files.length, 'file')}.`, evidence: notes };
  const files = new Set(problems.map((p) => p.path)).size;
  return { state: 'fail', summary: `${plural(problems.length, 'problem')} in ${plural(files, 'file')}.`, evidence: capped([...problems, ...notes]) };
}

export function endpointsAuth(_item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.analysisComplete) return analysing();
  const eps = ctx.endpoints;
  if (!eps.length) return { state: 'pass', summary: 'No HTTP handlers or bot commands found.', evidence: [] };
  const open = eps.filter((e) => e.auth === 'no');
  const unsure = eps.filter((e) => e.auth === 'unknown');
  const evidence: EvidenceEntry[] = [
    ...open.map((e) => ({ message: `${endpointName(e)} (${e.framework}) has no authentication`, path: e.file, line: e.line, level: 'problem' as const })),
    ...unsure.map((e) => ({ message: `${endpointName(e)} (${e.framework}): the view was not found, so its authentication is unknown`, path: e.file, line: e.line, level: 'info' as const })),
    ...eps.filter((e) => e.auth === 'yes' || e.auth === 'public').map((e) => ({ message: `${endpointName(e)}: ${e.auth === 'yes' ? 'authenticated by' : 'public —'} ${e.authBy ?? ''}`.trim(), path: e.file, line: e.line, level: 'info' as const })),
  ];
  if (open.length) return { state: 'fail', summary: `${plural(open.length, 'endpoint')} of ${eps.length} without authentication.`, evidence: capped(evidence) };
  if (unsure.length) return { state: 'unknown', summary: `${plural(unsure.length, 'endpoint')} could not be checked.`, evidence: capped(evidence) };
  return { state: 'pass', summary: `All ${plural(eps.length, 'endpoint')} are authenticated or marked public.`, evidence: capped(evidence) };
}

/** Which server stacks a header signal covers; hosting config (vercel.json, _headers...) covers all of them. */
function coveredStacks(what: string, path: string): string[] {
  if (/(^|\/)(vercel\.json|netlify\.toml|_headers|nginx[^/]*\.conf|Caddyfile|staticwebapp\.config\.json)$/.test(path)) return ['python', 'django', 'node', 'nextjs'];
  if (/(^|\/)next\.config\.[cm]?[jt]s$/.test(path)) return ['nextjs'];
  if (what === 'helmet()') return ['node'];
  if (what === 'Django SecurityMiddleware') return ['django'];
  return /\.py$/.test(path) ? ['python', 'django'] : /\.[cm]?[jt]sx?$/.test(path) ? ['node', 'nextjs'] : [];
}

const stackOf = (framework: string): string => (framework === 'nextjs' || framework === 'django' ? framework : ['express', 'fastify'].includes(framework) ? 'node' : 'python');
const STACK_NAMES: Record<string, string> = { python: 'Python web server', django: 'Django app', node: 'Node server', nextjs: 'Next.js app' };

export function securityHeaders(_item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.analysisComplete) return analysing();
  const signals = ctx.files.flatMap((f) => f.headers.map((h) => ({ entry: { message: h.what, path: f.path, line: h.line, level: 'info' as const }, stacks: coveredStacks(h.what, f.path) })));
  const web = ctx.endpoints.filter((e) => e.kind === 'http');
  if (!web.length) {
    if (signals.length) return { state: 'pass', summary: 'Security headers are configured.', evidence: capped(signals.map((s) => s.entry)) };
    return { state: 'unknown', summary: 'No web server code found.', evidence: [{ message: 'No HTTP handlers were found; if the site is static, set the headers where it is hosted (vercel.json, netlify.toml, _headers, the web server).', level: 'info' }] };
  }
  const problems: EvidenceEntry[] = [];
  for (const stack of [...new Set(web.map((e) => stackOf(e.framework)))]) {
    if (signals.some((s) => s.stacks.includes(stack))) continue;
    const first = web.find((e) => stackOf(e.framework) === stack);
    const frameworks = [...new Set(web.filter((e) => stackOf(e.framework) === stack).map((e) => e.framework))].join('/');
    problems.push({ message: `No security headers for the ${STACK_NAMES[stack]} (${frameworks}): no helmet, Talisman, secure-headers middleware or Content-Security-Policy header found.`, path: first?.file, line: first?.line, level: 'problem' });
  }
  const found = signals.map((s) => s.entry);
  if (!problems.length) return { state: 'pass', summary: `Security headers are set (${[...new Set(found.map((s) => s.message))].join(', ')}).`, evidence: capped(found) };
  return { state: 'fail', summary: `${plural(problems.length, 'server')} without security headers.`, evidence: capped([...problems, ...found]) };
}
