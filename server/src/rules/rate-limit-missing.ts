// rate-limit-missing: a route that calls a paid AI API with no rate limit: one script can run up the bill.
import type { Node, Rule, TreeContext } from '../core/types';
import { aiCallOf, findAiCall } from '../syntax/aiCalls';
import { findJsHandlers, findPythonHandlers, handlerRoute, type Handler } from '../syntax/handlers';
import { expressLimitFix, fastapiLimitFix, flaskLimitFix } from '../syntax/rateLimitFix';
import { calleeName, descendants, kids, lastSegment } from '../syntax/tree';

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

const STREAMLIT = /^[ \t]*(?:import[ \t]+streamlit\b|from[ \t]+streamlit\b)/m;
/** The page asks the visitor for their own key (a password field, or a `user_api_key`): then the visitor pays. */
const VISITOR_KEY =
  /\btext_input\(\s*(?:label\s*=\s*)?["'][^"'\n]*\b(?:api[ _-]?key|key|token)\b[^)]*type\s*=\s*["']password["']|\buser_?(?:openai_?)?api_?key\b/i;
/** ...unless the page reads the owner's key when one is configured (`st.secrets`, the environment). */
const OWNER_KEY =
  /\bst\.secrets\b|\bos\.getenv\(|\bos\.environ\.get\(|\bos\.environ\[[^\]\n]+\](?!\s*=[^=])|\bload_dotenv\b/;
/** A login or a per-session cap in front of the calls. */
const PAGE_GUARD =
  /\bst\.login\(|\bst\.(?:experimental_)?user\.is_logged_in\b|streamlit_authenticator|\bcheck_password\(|rate_?limit|throttl|cooldown|\bquota\b|\bbudget\b|\bmax_(?:requests|messages|calls|queries)\b/i;

function enclosedBy(node: Node, type: string): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === type) return true;
  return false;
}

/**
 * A Streamlit page is an entry point anyone with the link can run: a paid AI call on it, made with the owner's
 * key and with no login or cap, is the same risk as an unlimited route.
 */
function streamlitPage(ctx: TreeContext): void {
  if (!STREAMLIT.test(ctx.text) || PAGE_GUARD.test(ctx.text)) return;
  if (VISITOR_KEY.test(ctx.text) && !OWNER_KEY.test(ctx.text)) return;
  // Only a file the project model knows as a page (a module a page imports is not one), and only calls the
  // page makes as it runs, not those inside the classes it defines.
  // Without a project model (one file alone), only calls the module makes at its top level count.
  const alone = !ctx.options.handlerFacts;
  const page = alone ? {} : ctx.options.handlerFacts!(1);
  if (!page) return;
  const direct = findAiCall(ctx.root, ctx.root);
  if (direct && (enclosedBy(direct, 'class_definition') || (alone && enclosedBy(direct, 'function_definition'))))
    return;
  const chain = page.ai?.chain;
  // The chain's first step as the page calls it: `summarize (lib/llm.py)` is `summarize(...)` or `llm.summarize(...)`.
  const first = chain?.[0].replace(/ \(.*\)$/, '');
  const at =
    direct ??
    (first &&
      descendants(ctx.root, 'call').find(
        (c) => calleeName(c) === first || lastSegment(calleeName(c)) === lastSegment(first),
      ));
  if (!at) return;
  const what = direct
    ? `(${aiCallOf(direct, calleeName(direct)) ?? calleeName(direct)})`
    : `through ${chain!.join(' → ')}`;
  ctx.report({ start: at.startIndex, end: at.endIndex, messageId: 'streamlitPage', data: { what } });
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
      streamlitPage:
        'This Streamlit page calls a paid AI API {{what}} with your key and no login or limit: anyone who opens ' +
        'the app can run up your bill. Ask visitors for their own key, require a login (st.login), or cap calls ' +
        'per session.',
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
    'streamlit',
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
      // The cheap checks first: most handlers are limited or make no AI call, and aiReached walks the handler.
      if (pythonLimited(h, ctx.text) || limitedElsewhere(ctx, h)) continue;
      const ai = aiReached(ctx, h);
      if (!ai) continue;
      const edits =
        h.kind === 'http' && h.framework === 'fastapi'
          ? fastapiLimitFix(ctx, h)
          : h.kind === 'http' && h.framework === 'flask'
            ? flaskLimitFix(ctx, h)
            : [];
      report(ctx, h, ai, edits, h.kind === 'bot' ? 'perUserLimit' : 'pythonLimiter');
    }
    streamlitPage(ctx);
  },
  js(ctx) {
    const handlers = findJsHandlers(ctx.root, ctx.file.path);
    if (!handlers.length) return;
    // Every call of the file is read only once a handler makes an AI call with no limit of its own.
    let appWide: boolean | undefined;
    for (const h of handlers) {
      if (limitedElsewhere(ctx, h)) continue;
      const ai = aiReached(ctx, h);
      if (!ai || jsLimited(h, (appWide ??= jsAppWideLimit(ctx.root)))) continue;
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
