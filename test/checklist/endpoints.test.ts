// The endpoint inventory across files: auth, rate-limit and error-handling status per framework.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { familyOf, languageIdForPath } from '../../server/src/core/languages';
import { initParsers, parse } from '../../server/src/parse/parser';
import { buildInventory, fileEndpointFacts, publicMatcher, type Endpoint } from '../../server/src/workspace/endpoints';

before(() => initParsers());

function inventory(files: Record<string, string>, publicEndpoints: string[] = []): Endpoint[] {
  const facts = Object.entries(files).map(([path, text]) => {
    const languageId = languageIdForPath(path);
    const tree = parse(languageId, text);
    assert.ok(tree);
    try {
      return fileEndpointFacts(familyOf(languageId)!, tree.rootNode, text, path);
    } finally {
      tree.delete();
    }
  });
  return buildInventory(facts, { publicEndpoints });
}

const row = (e: Endpoint): string => `${e.method} ${e.path} auth=${e.auth} rate=${e.rateLimited} errors=${e.errors}`;

test('FastAPI: Depends/Security params, route dependencies, router- and app-level dependencies across files', () => {
  const eps = inventory({
    'api/main.py': [
      'from fastapi import FastAPI, Depends, APIRouter',
      'from api.routers import admin',
      'app = FastAPI()',
      'app.include_router(admin.router, dependencies=[Depends(require_admin)])',
      '@app.exception_handler(Exception)',
      'async def boom(request, exc):',
      '    return JSONResponse({"detail": "Internal error"}, status_code=500)',
      '@app.get("/me")',
      'def me(user: User = Depends(get_current_user)):',
      '    return user',
      '@app.post("/chat", dependencies=[Depends(verify_api_key), Depends(RateLimiter(times=2, seconds=5))])',
      'def chat():',
      '    return {}',
      '@app.get("/open")',
      'def open_(db: Session = Depends(get_db)):',
      '    return {}',
      '@app.get("/typed")',
      'def typed(user: CurrentUser):',
      '    return {}',
    ].join('\n'),
    'api/routers/admin.py':
      'from fastapi import APIRouter\nrouter = APIRouter()\n@router.delete("/users/{id}")\ndef delete(id: int):\n' +
      '    try:\n        pass\n    except Exception:\n        raise\n',
    'api/routers/items.py':
      'from fastapi import APIRouter, Depends\nrouter = APIRouter(dependencies=[Depends(get_current_user)])\n' +
      '@router.get("/items")\ndef items():\n    return []\n',
  });
  assert.deepEqual(eps.map(row), [
    'GET /me auth=yes rate=false errors=global',
    'POST /chat auth=yes rate=true errors=global',
    'GET /open auth=no rate=false errors=global',
    'GET /typed auth=yes rate=false errors=global',
    'DELETE /users/{id} auth=yes rate=false errors=handled',
    'GET /items auth=yes rate=false errors=global',
  ]);
  assert.match(
    eps[4].authBy ?? '',
    /include_router\(admin\.router, dependencies=\[Depends\(require_admin\)\]\) \(api\/main\.py:4\)/,
  );
  assert.equal(eps[0].authBy, 'Depends(get_current_user)');
});

test('Flask and slowapi: decorators for auth and limits, public comment, conventional public paths', () => {
  const eps = inventory({
    'app.py': [
      'from flask import Flask',
      'app = Flask(__name__)',
      '@app.route("/dashboard")',
      '@login_required',
      'def dashboard():',
      '    return "x"',
      '@app.route("/upload", methods=["POST"])',
      '@limiter.limit("5/minute")',
      'def upload():',
      '    return "x"',
      '# preflight: public',
      '@app.route("/pricing")',
      'def pricing():',
      '    return "x"',
      '@app.route("/login", methods=["GET", "POST"])',
      'def login():',
      '    return "x"',
    ].join('\n'),
  });
  assert.deepEqual(
    eps.map((e) => `${e.method} ${e.path} ${e.auth} ${e.rateLimited} ${e.authBy ?? ''}`),
    [
      'GET /dashboard yes false @login_required',
      'POST /upload no true ',
      'GET /pricing public false preflight: public comment',
      'GET,POST /login public false conventionally public path (add auth if it is not meant to be public)',
    ],
  );
});

test('password reset pages are conventionally public; a reset action elsewhere is not', () => {
  const eps = inventory({
    'app.py': [
      'from flask import Flask',
      'app = Flask(__name__)',
      '@app.route("/auth/reset/<token>", methods=["GET", "POST"])',
      'def reset_with_token(token):',
      '    return "x"',
      '@app.route("/reset")',
      'def reset_request():',
      '    return "x"',
      '@app.route("/games/session/reset", methods=["POST"])',
      'def reset_game():',
      '    return "x"',
    ].join('\n'),
  });
  assert.deepEqual(
    eps.map((e) => `${e.method} ${e.path} ${e.auth}`),
    ['GET,POST /auth/reset/<token> public', 'GET /reset public', 'POST /games/session/reset no'],
  );
});

test('a session guard in the handler body protects it; reading is_authenticated to choose a view does not', () => {
  const eps = inventory({
    'app.py': [
      'from flask import Flask, abort, redirect',
      'from flask_login import current_user',
      'app = Flask(__name__)',
      '@app.route("/inbox")',
      'def inbox():',
      '    if not current_user.is_authenticated:',
      '        return redirect("/login")',
      '    return "mail"',
      '@app.route("/drafts")',
      'def drafts():',
      '    if current_user.is_anonymous or not current_user.confirmed:',
      '        abort(401)',
      '    return "drafts"',
      '@app.route("/feed")',
      'def feed():',
      '    personal = current_user.is_authenticated',
      '    if current_user.is_authenticated:',
      '        personal = True',
      '    return str(personal)',
    ].join('\n'),
  });
  assert.deepEqual(
    eps.map((e) => `${e.path} ${e.auth} ${e.authBy ?? ''}`.trim()),
    ['/inbox yes checked in the handler body', '/drafts yes checked in the handler body', '/feed no'],
  );
});

test('Django: urls.py routes resolved to decorated views and class-based views in views.py', () => {
  const eps = inventory({
    'shop/urls.py':
      'from django.urls import path\nfrom . import views\nurlpatterns = [\n    path("orders/", views.orders),\n' +
      '    path("report/", views.ReportView.as_view()),\n    path("about/", views.about),\n' +
      '    path("api/ping/", views.ping),\n    path("ghost/", views.ghost),\n]\n',
    'shop/views.py':
      'from django.contrib.auth.decorators import login_required\n@login_required\ndef orders(request):\n    pass\n' +
      'class ReportView(LoginRequiredMixin, View):\n    pass\n@require_GET\ndef about(request):\n    pass\n' +
      '@api_view(["GET"])\n@permission_classes([AllowAny])\ndef ping(request):\n    pass\n',
  });
  assert.deepEqual(
    eps.map((e) => `${e.path} ${e.auth} ${e.errors}`),
    [
      '/orders/ yes framework',
      '/report/ yes framework',
      '/about/ no framework',
      '/api/ping/ public framework',
      '/ghost/ unknown framework',
    ],
  );
});

test('Express: route middleware, app.use before (not after) a route, app-wide limiter, error handler, routers', () => {
  const eps = inventory({
    'server/app.js': [
      "const express = require('express');",
      "const rateLimit = require('express-rate-limit');",
      "const adminRoutes = require('./routes/admin');",
      'const app = express();',
      'const limiter = rateLimit({ windowMs: 60000, limit: 100 });',
      'app.use(limiter);',
      "app.get('/public-info', (req, res) => res.json({}));",
      'app.use(requireAuth);',
      "app.get('/account', (req, res) => res.json({}));",
      "app.post('/profile', express.json({ limit: '10kb' }), (req, res) => res.json({}));",
      "app.use('/admin', requireAuth, adminRoutes);",
      'app.use((err, req, res, next) => { res.status(500).json({ error: "Internal error" }); });',
    ].join('\n'),
    'server/routes/admin.js':
      "const router = require('express').Router();\n" +
      "router.delete('/users/:id', (req, res) => res.sendStatus(204));\nmodule.exports = router;\n",
  });
  assert.deepEqual(eps.map(row), [
    'GET /public-info auth=no rate=true errors=global',
    'GET /account auth=yes rate=true errors=global',
    'POST /profile auth=yes rate=true errors=global',
    'DELETE /users/:id auth=yes rate=true errors=global',
  ]);
  assert.match(eps[1].authBy ?? '', /app\.use\(requireAuth\) at line 8/);
  assert.match(eps[3].authBy ?? '', /app\.use\('\/admin', requireAuth, adminRoutes\)/);
});

test('Next.js route handlers: session checks in the handler, middleware.ts, and the setting', () => {
  const eps = inventory(
    {
      'app/api/chat/route.ts':
        'export async function POST(req: Request) {\n  const session = await getServerSession(authOptions);\n' +
        '  if (!session) return new Response(null, { status: 401 });\n  return Response.json({});\n}\n' +
        'export async function GET() {\n  return Response.json({});\n}\n',
      'app/api/status/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
    },
    ['GET /api/status'],
  );
  assert.deepEqual(
    eps.map((e) => `${e.method} ${e.path} ${e.auth} ${e.errors}`),
    ['POST /api/chat yes framework', 'GET /api/chat no framework', 'GET /api/status public framework'],
  );
  const withMiddleware = inventory({
    'app/api/status/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
    'middleware.ts':
      "export { auth as middleware } from './auth';\nexport const config = { matcher: ['/api/:path*'] };\n",
  });
  assert.equal(withMiddleware[0].auth, 'yes');
});

test('bots: allow-list checks count as auth; commands without them do not', () => {
  const eps = inventory({
    'bot.py': [
      'ALLOWED_USERS = {123}',
      'async def reset(update, context):',
      '    if update.effective_user.id not in ALLOWED_USERS:',
      '        return',
      '    await wipe()',
      'async def stats(update, context):',
      '    await update.message.reply_text("ok")',
      'app.add_handler(CommandHandler("reset", reset))',
      'app.add_handler(CommandHandler("stats", stats))',
      'app.add_handler(CommandHandler("start", start))',
    ].join('\n'),
  });
  assert.deepEqual(
    eps.map((e) => `${e.path} ${e.auth}`),
    ['/reset yes', '/stats no', '/start public'],
  );
});

test('publicEndpoints patterns: method and glob', () => {
  const match = publicMatcher(['GET /health', '/auth/**', 'POST /hooks/*']);
  assert.equal(match('GET', '/health'), 'GET /health');
  assert.equal(match('POST', '/health'), undefined);
  assert.equal(match('POST', '/auth/google/callback'), '/auth/**');
  assert.equal(match('POST', '/hooks/stripe'), 'POST /hooks/*');
  assert.equal(match('GET,POST', '/hooks/stripe'), 'POST /hooks/*', 'a route that also serves POST matches');
  assert.equal(match('GET', '/hooks/stripe'), undefined);
  assert.equal(match('ANY', '/hooks/stripe'), 'POST /hooks/*');
});
