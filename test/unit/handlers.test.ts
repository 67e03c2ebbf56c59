// Handler detection across frameworks: the shared base of handler-aware rules and the endpoint inventory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/parse/parser';
import { findJsHandlers, findPythonHandlers, nextRoutePath } from '../../server/src/syntax/handlers';
import { ready } from '../helpers/core';

function py(text: string) {
  return findPythonHandlers(parse('python', text)!.rootNode).map(
    (h) => `${h.framework} ${h.method} ${h.path} ${h.fn ? h.fn.childForFieldName('name')?.text : '-'}`,
  );
}

function js(text: string, path = 'server/index.ts', languageId = 'typescript') {
  return findJsHandlers(parse(languageId, text)!.rootNode, path).map(
    (h) => `${h.framework} ${h.method} ${h.path} ${h.guards.map((g) => g.text).join('+') || '-'} ${h.fn ? 'fn' : '-'}`,
  );
}

test('FastAPI, Flask and Starlette routes', async () => {
  await ready();
  const found = py(`
from fastapi import FastAPI, Depends
app = FastAPI()

@app.get("/items/{item_id}")
async def read_item(item_id: int):
    return {}

@router.post("/chat", dependencies=[Depends(auth)])
@limiter.limit("5/minute")
async def chat(request: Request):
    return {}

@bp.route("/login", methods=["GET", "POST"])
def login():
    return ""

cache = {}
@cache.get("key")
def not_a_route():
    pass

routes = [Route("/health", health)]
def health(request):
    return None
`);
  assert.deepEqual(found, [
    'fastapi GET /items/{item_id} read_item',
    'fastapi POST /chat chat',
    'flask GET,POST /login login',
    'starlette ANY /health health',
  ]);
});

test('Django urls and bot commands in Python', async () => {
  await ready();
  assert.deepEqual(
    py(`
urlpatterns = [
    path("orders/", views.orders),
    path("api/", include("api.urls")),
]
app.add_handler(CommandHandler("start", start))
async def start(update, context):
    pass

@dp.message(Command("help"))
async def help_cmd(message):
    pass
`),
    ['django ANY /orders/ -', 'python-telegram-bot COMMAND /start start', 'aiogram COMMAND /help help_cmd'],
  );
});

test('Express routes with middleware, chained routes and Telegraf commands', async () => {
  await ready();
  assert.deepEqual(
    js(`
app.get('/api/users', requireAuth, limiter, async (req, res) => { res.json([]) });
router.route('/orders').post(createOrder);
function createOrder(req, res) {}
app.use('/static', express.static('public'));
map.get('key');
bot.command('start', (ctx) => ctx.reply('hi'));
`),
    ['express GET /api/users requireAuth+limiter fn', 'express POST /orders - fn', 'telegraf COMMAND /start - fn'],
  );
});

test('Next.js app and pages routes', async () => {
  await ready();
  assert.equal(nextRoutePath('src/app/api/chat/route.ts'), '/api/chat');
  assert.equal(nextRoutePath('app/(shop)/cart/route.js'), '/cart');
  assert.equal(nextRoutePath('pages/api/users/index.ts'), '/api/users');
  assert.equal(nextRoutePath('pages/about.tsx'), undefined);
  assert.deepEqual(
    js(
      'export async function POST(req: Request) { return Response.json({}) }\n' +
        'export const GET = async () => new Response("ok");\nexport function helper() {}',
      'app/api/chat/route.ts',
    ),
    ['nextjs POST /api/chat - fn', 'nextjs GET /api/chat - fn'],
  );
  assert.deepEqual(
    js('export default function handler(req, res) { res.status(200).json({}) }', 'pages/api/hello.js', 'javascript'),
    ['nextjs ANY /api/hello - fn'],
  );
});
