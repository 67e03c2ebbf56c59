// rate-limit-missing: a route that calls a paid AI API with no rate limit: one script can run up the bill.
import type { Node, Rule, TreeContext } from '../core/types';
import { aiCallOf, findAiCall } from '../syntax/aiCalls';
import { findJsHandlers, findPythonHandlers, handlerRoute, type Handler } from '../syntax/handlers';
import { expressLimitFix, fastapiLimitFix, flaskLimitFix } from '../syntax/rateLimitFix';
import { calleeName, descendants, kids } from '../syntax/tree';

const LIMIT_NAME = /limit/i;

function pythonLimited(handler: Handler, text: string): boolean {
  if (handler.guards.some((d) => LIMIT_NAME.test(d.text))) return true;
  if (
    /RateLimiter\s*\(/.test(handler.anchor.text) ||
    (handler.fn && /RateLimiter\s*\(/.test(handler.fn.childForFieldName('parameters')?.text ?? ''))
  )
    return true;
  // App-wide limits: slowapi middleware with default limits, flask-limiter default_limits.
  return (
    /SlowAPIMiddleware|SlowAPIASGIMiddleware/.test(text) ||
    (/flask_limiter/.test(text) && /default_limits\s*=/.test(text))
  );
}

function jsAppWideLimit(root: Node): boolean {
  return descendants(root, 'call_expression').some(
    (c) => /(^|\.)use$/.test(calleeName(c)) && LIMIT_NAME.test(c.childForFieldName('arguments')?.text ?? ''),
  );
}

function jsLimited(handler: Handler, appWide: boolean): boolean {
  if (appWide || handler.guards.some((g) => LIMIT_NAME.test(g.text))) return true;
  // In-handler checks such as Upstash `await ratelimit.limit(ip)`.
  return !!handler.fn && descendants(handler.fn, 'call_expression').some((c) => /limit/i.test(calleeName(c)));
}

/** The paid AI call a handler makes: in this file, or through other modules as the project model found it. */
function aiReached(ctx: TreeContext, h: Handler): { what: string } | undefined {
  const direct = h.fn && findAiCall(h.fn, ctx.root);
  if (direct) return { what: `(${aiCallOf(direct, calleeName(direct)) ?? calleeName(direct)})` };
  const facts = ctx.options.handlerFacts?.(h.anchor.startPosition.row + 1);
  return facts?.ai ? { what: `through ${facts.ai.chain.join(' → ')}` } : undefined;
}

/** A limit the project model found away from the handler (router, mount, app-wide, path-scoped middleware). */
function limitedElsewhere(ctx: TreeContext, h: Handler): boolean {
  return !!ctx.options.handlerFacts?.(h.anchor.startPosition.row + 1)?.rateLimitBy;
}

function report(
  ctx: TreeContext,
  handler: Handler,
  ai: { what: string },
  edits: ReturnType<typeof fastapiLimitFix>,
  messageId: string,
): void {
  const where =
    handler.kind === 'bot'
      ? `bot command ${handler.path || ''}`.trim()
      : handlerRoute(handler, ctx.options.handlerFacts?.(handler.anchor.startPosition.row + 1), '(route)');
  ctx.report({
    start: handler.anchor.startIndex,
    end: handler.anchor.endIndex,
    messageId,
    data: { where, what: ai.what },
    fixes: edits.length
      ? // Not preferred: it imports a package that may not be installed, and behind a proxy every client shares
        // one address, so ten requests a minute would be the whole app's.
        [{ title: 'Add a rate limit (10 requests/minute per client)', preferred: false, edits }]
      : undefined,
  });
}

export const rateLimitMissing: Rule = {
  meta: {
    id: 'rate-limit-missing',
    title: 'AI endpoint without a rate limit',
    defaultSeverity: 'warning',
    summary:
      'A route or bot command that calls a paid AI API (OpenAI, Anthropic, Gemini, ...) with no rate limit on ' +
      'it or app-wide.',
    checklistItem: 'rate-limits',
    taxonomy: { cwe: [770, 799], owasp: 'A04', securitySeverity: 5.3 },
    languages: ['python', 'js'],
    messages: {
      pythonLimiter:
        '{{where}} calls a paid AI API {{what}} with no rate limit: anyone can loop it and run up your ' +
        'bill. Add a limiter (slowapi, fastapi-limiter or flask-limiter).',
      perUserLimit:
        '{{where}} calls a paid AI API {{what}} with no rate limit: anyone can loop it and run up your ' +
        'bill. Limit calls per user id (e.g. a per-user counter with a time window).',
      expressLimiter:
        '{{where}} calls a paid AI API {{what}} with no rate limit: anyone can loop it and run up your ' +
        'bill. Add express-rate-limit to the route or app-wide.',
      nextjsLimiter:
        '{{where}} calls a paid AI API {{what}} with no rate limit: anyone can loop it and run up your ' +
        'bill. Check a limiter (e.g. @upstash/ratelimit) at the top of the handler or in middleware.ts.',
    },
  },
  // Handlers whose AI call lives in another module carry none of these words: registrations and routes do.
  keywords: [
    'create',
    'generate',
    'complet',
    'stream',
    'replicate',
    'Text',
    'Object',
    'messages',
    'Handler',
    'register',
    'route',
    'command',
    '.get(',
    '.post(',
    // Next.js route handlers: `export async function POST(...)`, `export const GET = ...`.
    ' GET',
    ' POST',
    ' PUT',
    ' PATCH',
    ' DELETE',
  ],
  python(ctx) {
    for (const h of findPythonHandlers(ctx.root)) {
      const ai = aiReached(ctx, h);
      if (!ai || pythonLimited(h, ctx.text) || limitedElsewhere(ctx, h)) continue;
      const edits =
        h.kind === 'http' && h.framework === 'fastapi'
          ? fastapiLimitFix(ctx, h)
          : h.kind === 'http' && h.framework === 'flask'
            ? flaskLimitFix(ctx, h)
            : [];
      report(ctx, h, ai, edits, h.kind === 'bot' ? 'perUserLimit' : 'pythonLimiter');
    }
  },
  js(ctx) {
    const handlers = findJsHandlers(ctx.root, ctx.file.path);
    if (!handlers.length) return;
    const appWide = jsAppWideLimit(ctx.root);
    for (const h of handlers) {
      const ai = aiReached(ctx, h);
      if (!ai || jsLimited(h, appWide) || limitedElsewhere(ctx, h)) continue;
      const edits =
        h.framework === 'express' &&
        h.kind === 'http' &&
        kids(h.anchor.childForFieldName('arguments') ?? h.anchor).length > 1
          ? expressLimitFix(ctx, h)
          : [];
      report(ctx, h, ai, edits, h.framework === 'nextjs' ? 'nextjsLimiter' : 'expressLimiter');
    }
  },
};
