// `rate-limit-missing` across modules, through the real CLI: a handler whose paid AI call is made in a helper
// module is reported on the handler with the helper chain; limits on the route, router or mount count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/gitRepo';
import { REPO } from '../helpers/core';

interface Finding {
  path: string;
  line: number;
  ruleId: string;
  message: string;
}

function lint(app: string): Finding[] {
  const dir = join(REPO, 'test', 'fixtures', 'model', app);
  const run = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json', '--fail-on', 'error'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as Finding[];
  return out.filter((f) => f.ruleId === 'rate-limit-missing');
}

test('python-telegram-bot: handlers in another module that reach OpenAI through a helper class are reported', () => {
  const found = lint('ptb');
  assert.deepEqual(
    found.map((f) => `${f.path}:${f.line}`),
    ['bot/main.py:13', 'bot/main.py:14', 'bot/main.py:15'],
  );
  const open = found.find((f) => f.line === 14)!;
  assert.match(
    open.message,
    /bot command \/open calls a paid AI API through ask \(bot\/handlers\.py\) → ChatGPT\.send_message \(bot\/openai_utils\.py\) → openai\.chat\.completions\.create/,
  );
});

test('python-telegram-bot: a handler object built with the reply function reaches what that function calls', () => {
  const found = lint('ptb-objects');
  // /reply: Reply(answer_with_model) -> a Backend-typed parameter -> the subclass's client set in __init__.
  // /echo and /static: the function passed makes no AI call, or the object never calls it.
  // /limited: the function passed is wrapped in a rate-limit decorator.
  assert.deepEqual(
    found.map((f) => `${f.path}:${f.line}`),
    ['bot/main.py:9'],
  );
  assert.match(
    found[0].message,
    /^bot command \/reply calls a paid AI API through Reply\.__call__ \(bot\/commands\.py\) → answer_with_model \(bot\/replies\.py\) → ask_backend \(bot\/replies\.py\) → RemoteBackend\.complete \(bot\/backends\.py\) → Client\.send \(bot\/remote\.py\) → http\.post\(api\.openai\.com\)/,
  );
});

test('Express: a route whose helper module calls OpenAI is reported unless its middleware has a limiter', () => {
  const found = lint('express');
  assert.deepEqual(
    found.map((f) => `${f.path}:${f.line}`),
    ['src/routes/v1/chat.route.js:12'],
  );
  assert.match(
    found[0].message,
    // The full path, as the endpoint inventory shows it: the router is mounted at /api/chat.
    /^POST \/api\/chat\/open calls a paid AI API through reply \(src\/lib\/llm\.js\) → openai\.chat\.completions\.create/,
  );
});

test('FastAPI: a route calling a service that calls OpenAI is reported; the slowapi-limited one is not', () => {
  const found = lint('fastapi');
  assert.deepEqual(
    found.map((f) => `${f.path}:${f.line}`),
    ['app/api/routes/items.py:15'],
  );
  assert.match(
    found[0].message,
    /through summarise \(app\/services\/ai\.py\) → Summariser\.run \(app\/services\/ai\.py\)/,
  );
});

test('debug-endpoint names the full path: router and mount prefixes applied', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-debug-path-'));
  try {
    const write = (rel: string, text: string): void => {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    write('app/__init__.py', '');
    write(
      'app/main.py',
      'from fastapi import FastAPI\nfrom .ops import router\n\napp = FastAPI()\n' +
        'app.include_router(router, prefix="/internal")\n',
    );
    write(
      'app/ops.py',
      'import os\nfrom fastapi import APIRouter\n\nrouter = APIRouter(prefix="/ops")\n\n\n@router.get("/env")\n' +
        'def env():\n    return dict(os.environ)\n',
    );
    const run = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const found = (JSON.parse(run.stdout) as Finding[]).filter((f) => f.ruleId === 'debug-endpoint');
    assert.deepEqual(
      found.map((f) => `${f.path}:${f.line}`),
      ['app/ops.py:9'],
    );
    assert.match(found[0].message, /^This handler \(GET \/internal\/ops\/env\) sends the whole environment/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Streamlit: a page spending the owner key with no login or cap is reported, directly or through a helper', () => {
  const found = lint('streamlit');
  // 1_Bring_your_key asks the visitor for their own key; 3_Team_only requires st.login; lib/llm.py is no page.
  assert.deepEqual(
    found.map((f) => `${f.path}:${f.line}`),
    ['Home.py:8', 'pages/2_Summaries.py:7'],
  );
  assert.match(
    found[1].message,
    /^This Streamlit page calls a paid AI API through summarize \(lib\/llm\.py\) → _client\.chat\.completions\.create with your key/,
  );
});

test('JS/TS: routes reaching a paid AI call through constructor-injected clients are reported with the chain', () => {
  const found = lint('js-injected').map((f) => `${f.path}:${f.line} ${f.message.replace(/ with no rate limit.*/, '')}`);
  assert.deepEqual(found, [
    'app/api/assistant/route.ts:3 POST /api/assistant calls a paid AI API through Assistant.reply (src/ai/llm.ts) → ' +
      'LlmGateway.complete (src/ai/llm.ts) → this.sdk.responses.create',
    'src/routes/chat.ts:7 POST /api/chat/ask calls a paid AI API through ChatService.ask (src/ai/chatService.ts) → ' +
      'this.openai.chat.completions.create',
    'src/routes/chat.ts:11 POST /api/chat/summary calls a paid AI API through Summarizer.summarize ' +
      '(src/ai/summarizer.js) → this.client.messages.create',
    'src/routes/chat.ts:19 POST /api/chat/assistant calls a paid AI API through Assistant.reply (src/ai/llm.ts) → ' +
      'LlmGateway.complete (src/ai/llm.ts) → this.sdk.responses.create',
    'src/routes/chat.ts:28 POST /api/chat/fresh calls a paid AI API through ChatService.ask ' +
      '(src/ai/chatService.ts) → this.openai.chat.completions.create',
  ]);
});
