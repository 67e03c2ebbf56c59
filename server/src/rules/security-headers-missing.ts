// security-headers-missing (info): a web app that serves pages (templates, HTML, static files) is created
// in this file and nothing here sets a security header: no helmet/Talisman/secure middleware, no
// Content-Security-Policy, X-Content-Type-Options, frame protection or HSTS. Middleware is registered where the
// app is made, so that is where it is looked for; the `security-headers` checklist item looks across the whole
// workspace (hosting config included) with the same evidence module.
import type { Node, Rule, TreeContext } from '../core/types';
import { headerSignals } from '../syntax/securityHeaders';
import { calleeName, kids, lastSegment, nodesAt } from '../syntax/tree';
import { stringValue } from '../syntax/python';

const PY_APPS = /\b(?:FastAPI|Flask|Starlette|Quart|Litestar)\s*\(/g;
const JS_APPS = /\b(?:express|fastify|Fastify)\s*\(|\bnew\s+(?:Koa|Hono)\s*\(/g;
/** A middleware registered by a name that says what it does: `app.add_middleware(SecurityHeadersMiddleware)`. */
const NAMED_MIDDLEWARE = /\b(?:add_middleware|use|register|after_request)\s*\(\s*[\w.]*(?:secur|header|helmet|csp)\w*/i;

/** The app serves pages (templates, HTML, static files): CSP and frame protection matter most there. */
const SERVES_PAGES =
  /\b(render_template|render_template_string|Jinja2Templates|TemplateResponse|HTMLResponse|StaticFiles|send_from_directory|send_file|FileResponse)\b|\bres\.(render|sendFile)\s*\(|\bexpress\.static\s*\(|['"]view engine['"]|\bserveStatic\b|@fastify\/static|\breply\.view\s*\(/;

function reportFirst(ctx: TreeContext, node: Node | undefined): void {
  if (!node) return;
  const lineEnd = ctx.text.indexOf('\n', node.startIndex);
  ctx.report({
    start: node.startIndex,
    end: lineEnd >= 0 && lineEnd < node.endIndex ? lineEnd : node.endIndex,
    messageId: 'noHeaders',
  });
}

/** The file already says something about headers, or registers a middleware named for them. */
const covered = (text: string): boolean => headerSignals(text).length > 0 || NAMED_MIDDLEWARE.test(text);

/** Django settings whose MIDDLEWARE list has neither SecurityMiddleware nor XFrameOptionsMiddleware. */
function djangoMiddleware(ctx: TreeContext): Node | undefined {
  for (const a of nodesAt(ctx.root, ctx.text, /^MIDDLEWARE\s*=/gm, 'assignment')) {
    if (a.childForFieldName('left')?.text !== 'MIDDLEWARE') continue;
    const list = a.childForFieldName('right');
    if (!list || list.type !== 'list') continue;
    const names = kids(list).map((k) => stringValue(k) ?? '');
    if (!names.some((n) => /SecurityMiddleware|XFrameOptionsMiddleware|CSPMiddleware|ContentSecurityPolicy/.test(n)))
      return a;
  }
  return undefined;
}

export const securityHeadersMissing: Rule = {
  meta: {
    id: 'security-headers-missing',
    title: 'No security headers for a web app',
    defaultSeverity: 'info',
    summary:
      'A web app serving pages (FastAPI, Flask, Starlette, Django settings, Express, Fastify, Koa, Hono) with ' +
      'no CSP, nosniff, frame protection or HSTS set where it is created.',
    checklistItem: 'security-headers',
    taxonomy: { cwe: [693, 1021], owasp: 'A05', securitySeverity: 3.1 },
    languages: ['python', 'js'],
    messages: {
      noHeaders:
        'No security headers are set for this web app: no Content-Security-Policy, ' +
        'X-Content-Type-Options, frame protection (X-Frame-Options / frame-ancestors) or HSTS here. Add ' +
        'one middleware that sets them (helmet, flask-talisman, secure), or set them where the app is ' +
        'hosted.',
    },
  },
  keywords: ['FastAPI', 'Flask', 'Starlette', 'Quart', 'Litestar', 'MIDDLEWARE', 'express', 'astify', 'Koa', 'Hono'],
  python(ctx) {
    if (ctx.options.isTestFile || covered(ctx.text)) return;
    if (!SERVES_PAGES.test(ctx.text)) {
      if (ctx.text.includes('MIDDLEWARE')) reportFirst(ctx, djangoMiddleware(ctx)); // Django serves pages
      return;
    }
    const apps = nodesAt(ctx.root, ctx.text, PY_APPS, 'call').filter((c) =>
      /^(FastAPI|Flask|Starlette|Quart|Litestar)$/.test(lastSegment(calleeName(c))),
    );
    reportFirst(ctx, apps[0] ?? (ctx.text.includes('MIDDLEWARE') ? djangoMiddleware(ctx) : undefined));
  },
  js(ctx) {
    if (ctx.options.isTestFile || covered(ctx.text) || !SERVES_PAGES.test(ctx.text)) return;
    const apps = nodesAt(ctx.root, ctx.text, JS_APPS, ['call_expression', 'new_expression']).filter((c) =>
      /^(express|fastify|Fastify|Koa|Hono)$/.test(
        lastSegment(c.type === 'new_expression' ? (c.childForFieldName('constructor')?.text ?? '') : calleeName(c)),
      ),
    );
    reportFirst(ctx, apps[0]);
  },
};
