// Evidence from code analysis: rule findings across the workspace, endpoint auth, security headers.
import { isTestPath } from '../../core/languages';
import { appOf, isInside } from '../../model/stacks';
import { HEADER_NAMES, HOSTING_CONFIG, missingKinds } from '../../syntax/securityHeaders';
import { analysing, capped, notApplicable, plural, type EvalContext } from '../context';
import { stringList, type ChecklistItem } from '../items';
import type { EvidenceEntry, Verdict } from '../types';

/** Paths where guessing pays: sign-in, sign-up, tokens, password resets, one-time codes. */
const SENSITIVE =
  /(^|\/)(login|signin|sign-in|signup|sign-up|register|token|reset|forgot|password|otp|verify|2fa|mfa)(\/|$)/i;

const endpointName = (e: { method: string; path: string; kind: string }): string =>
  `${e.method} ${e.path || '(dynamic path)'}`;

/** Frameworks whose default answer to an uncaught error leaks details (Express prints the stack outside production). */
const LEAKY_DEFAULTS: Record<string, string> = {
  express: 'Express\'s default error handler sends the stack trace whenever NODE_ENV is not "production"',
};

export function ruleFindings(item: ChecklistItem, ctx: EvalContext): Verdict {
  const named = stringList(item, 'rules');
  const unknownRules = named.filter((r) => !ctx.knownRules.has(r));
  const off = named.filter((r) => ctx.knownRules.has(r) && ctx.severities[r] === 'off');
  const active = named.filter((r) => ctx.knownRules.has(r) && ctx.severities[r] !== 'off');
  const notes: EvidenceEntry[] = [
    ...off.map((r) => ({
      message: `Rule ${r} is turned off in preflight.rules, so it is not checked.`,
      level: 'info' as const,
    })),
    ...unknownRules.map((r) => ({
      message: `Rule ${r} is not part of this version of Preflight.`,
      level: 'info' as const,
    })),
  ];
  if (!active.length)
    return { state: 'unknown', summary: 'None of the rules behind this item is active.', evidence: notes };
  if (!ctx.analysisComplete) return analysing();
  const wanted = new Set(active);
  const problems: EvidenceEntry[] = [];
  // Severity discipline: warnings and errors fail the item (the same findings lint shows as such);
  // info findings are notes, listed but never failing.
  const infos: EvidenceEntry[] = [];
  for (const f of ctx.files) {
    for (const x of f.findings) {
      if (!wanted.has(x.ruleId)) continue;
      const entry = { message: `${x.ruleId}: ${x.message}`, path: f.path, line: x.line };
      if (x.severity === 'error' || x.severity === 'warning') problems.push({ ...entry, level: 'problem' });
      else infos.push({ ...entry, message: `note (${x.severity}) ${entry.message}`, level: 'info' });
    }
  }
  const findingCount = problems.length;
  // Only where the framework's own default leaks does a missing global handler count.
  if (item.evidence.params.leakyFrameworkDefaults === true) {
    // One problem per app and framework, unless the app registers an error middleware anywhere.
    const groups = new Map<string, typeof ctx.endpoints>();
    for (const e of ctx.endpoints.filter(
      (x) => x.kind === 'http' && x.errors === 'none' && LEAKY_DEFAULTS[x.framework] && !isTestPath(x.file),
    )) {
      const dir = appOf(ctx.stacks, e.file)?.dir ?? '';
      const handled = ctx.files.some(
        (f) => f.errorMiddleware !== undefined && isInside(f.path, dir) && !isTestPath(f.path),
      );
      if (!handled) groups.set(`${dir}\0${e.framework}`, [...(groups.get(`${dir}\0${e.framework}`) ?? []), e]);
    }
    for (const eps of groups.values()) {
      problems.push({
        message:
          `${LEAKY_DEFAULTS[eps[0].framework]}, and no error middleware covers ` +
          `${plural(eps.length, 'route')} (first: ${endpointName(eps[0])}); add one that logs and answers a ` +
          `generic message`,
        path: eps[0].file,
        line: eps[0].line,
        level: 'problem',
      });
    }
  }
  // Sign-in and similar endpoints invite guessing: they need a limit even when no rule fired.
  if (item.evidence.params.sensitiveEndpointsNeedLimit === true) {
    for (const e of ctx.endpoints.filter((x) => x.kind === 'http' && !x.rateLimited && SENSITIVE.test(x.path))) {
      problems.push({
        message: `${endpointName(e)} handles credentials or codes and has no rate limit`,
        path: e.file,
        line: e.line,
        level: 'problem',
      });
    }
  }
  const rules = active.join(', ');
  const noteText = infos.length ? ` (${plural(infos.length, 'info note')})` : '';
  if (!problems.length)
    return {
      state: 'pass',
      summary: `No ${rules} warnings or errors in ${plural(ctx.files.length, 'file')}${noteText}.`,
      evidence: capped([...infos, ...notes]),
    };
  const files = new Set(problems.map((p) => p.path)).size;
  // Say which part lint shows, so the counts can be reproduced there.
  const origin =
    findingCount === problems.length
      ? ''
      : `; ${findingCount ? `${findingCount} of them` : 'none of them'} ` +
        (findingCount === 1 ? 'is a lint finding' : 'are lint findings');
  return {
    state: 'fail',
    summary: `${plural(problems.length, 'problem')} in ${plural(files, 'file')}${origin}${noteText}.`,
    evidence: capped([...problems, ...infos, ...notes]),
  };
}

export function endpointsAuth(_item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.analysisComplete) return analysing();
  const eps = ctx.endpoints;
  if (!eps.length) return { state: 'pass', summary: 'No HTTP handlers or bot commands found.', evidence: [] };
  // A bot's error callback runs only for updates another handler already accepted: it is no way in.
  const errorCallback = (e: (typeof eps)[number]): boolean => e.kind === 'bot' && e.method === 'ERROR';
  const open = eps.filter((e) => e.auth === 'no' && !errorCallback(e));
  const unsure = eps.filter((e) => e.auth === 'unknown');
  const evidence: EvidenceEntry[] = [
    ...open.map((e) => ({
      message: `${endpointName(e)} (${e.framework}) has no authentication`,
      path: e.file,
      line: e.line,
      level: 'problem' as const,
    })),
    ...unsure.map((e) => ({
      message: `${endpointName(e)} (${e.framework}): the view was not found, so its authentication is unknown`,
      path: e.file,
      line: e.line,
      level: 'info' as const,
    })),
    ...eps
      .filter((e) => e.auth === 'no' && errorCallback(e))
      .map((e) => ({
        message: `${endpointName(e)}: an error callback, reached only through the handlers above`,
        path: e.file,
        line: e.line,
        level: 'info' as const,
      })),
    ...eps
      .filter((e) => e.auth === 'yes' || e.auth === 'public')
      .map((e) => ({
        message: `${endpointName(e)}: ${e.auth === 'yes' ? 'authenticated by' : 'public —'} ${e.authBy ?? ''}`.trim(),
        path: e.file,
        line: e.line,
        level: 'info' as const,
      })),
  ];
  if (open.length)
    return {
      state: 'fail',
      summary: `${plural(open.length, 'endpoint')} of ${eps.length} without authentication.`,
      evidence: capped(evidence),
    };
  if (unsure.length)
    return {
      state: 'unknown',
      summary: `${plural(unsure.length, 'endpoint')} could not be checked.`,
      evidence: capped(evidence),
    };
  return {
    state: 'pass',
    summary: `All ${plural(eps.length, 'endpoint')} are authenticated or marked public.`,
    evidence: capped(evidence),
  };
}

/**
 * Security headers per web app: signals in the app's own files, or in hosting / proxy configuration
 * anywhere in the workspace. Streamlit apps and bots serve no pages of their own: not applicable.
 */
export function securityHeaders(_item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.analysisComplete) return analysing();
  const hosting = ctx.files.filter((f) => HOSTING_CONFIG.test(f.path) && f.headers.length);
  const entries = (files: typeof ctx.files): EvidenceEntry[] =>
    files.flatMap((f) =>
      f.headers.map((h) => ({ message: h.what, path: f.path, line: h.line, level: 'info' as const })),
    );
  const servers = ctx.stacks.apps.filter((a) => a.kind === 'web-server');
  // Handlers the inventory found in an app that stack detection did not call a web server still count.
  for (const e of ctx.endpoints.filter((x) => x.kind === 'http')) {
    const app = appOf(ctx.stacks, e.file);
    if (app && !servers.includes(app)) servers.push(app);
  }
  if (!servers.length) {
    const fronts = ctx.stacks.apps.filter((a) => a.kind === 'front-end');
    if (!fronts.length)
      return notApplicable(`no web server in this workspace${ctx.stacks.summary ? ` (${ctx.stacks.summary})` : ''}`);
    if (hosting.length)
      return {
        state: 'pass',
        summary: 'Security headers are set in the hosting configuration.',
        evidence: capped(entries(hosting)),
      };
    return {
      state: 'unknown',
      summary: 'A front end without a server here: set the headers where it is hosted.',
      evidence: fronts.map((f) => ({
        message:
          `${f.description}: no vercel.json, netlify.toml, _headers or server configuration with security ` +
          `headers found`,
        level: 'info' as const,
      })),
    };
  }
  const problems: EvidenceEntry[] = [];
  const found: EvidenceEntry[] = [...entries(hosting)];
  const notes: EvidenceEntry[] = [];
  for (const app of servers) {
    const own = ctx.files.filter(
      (f) => f.headers.length && isInside(f.path, app.dir) && appOf(ctx.stacks, f.path) === app && !isTestPath(f.path),
    );
    const signals = [...own, ...hosting].flatMap((f) => f.headers);
    found.push(...entries(own));
    if (!signals.length) {
      const where = app.manifests[0] ?? ctx.endpoints.find((e) => appOf(ctx.stacks, e.file) === app)?.file;
      problems.push({
        message:
          `${app.description}: no ${Object.values(HEADER_NAMES).join(', ')} found (no helmet, Talisman, ` +
          `secure middleware or header settings)`,
        path: where,
        level: 'problem',
      });
      continue;
    }
    const missing = missingKinds(signals);
    if (missing.length)
      notes.push({
        message:
          `${app.description} does not set ${missing.map((k) => HEADER_NAMES[k]).join(', ')} (fine if your ` +
          `proxy or host sets it)`,
        level: 'info',
      });
  }
  if (!problems.length)
    return {
      state: 'pass',
      summary: `Security headers are set (${[...new Set(found.map((s) => s.message))].join(', ')}).`,
      evidence: capped([...found, ...notes]),
    };
  return {
    state: 'fail',
    summary: `${plural(problems.length, 'web app')} without security headers.`,
    evidence: capped([...problems, ...found, ...notes]),
  };
}
