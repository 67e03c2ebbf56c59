// Five small projects of different stacks, each a real git repository made at test time, with the exact
// state of every checklist item: items that do not concern a stack say "not applicable", requirements
// follow the stacks found (no node_modules for Python, no virtualenv for Node, Streamlit secrets only
// for Streamlit), and the detected stacks are in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChecklist } from '../../server/src/checklist/evaluate';
import type { ChecklistReport } from '../../server/src/checklist/types';
import { tempRepo } from '../helpers/gitRepo';

type States = Record<string, string>;

/** Items whose state comes from the clone, not the project: no hook installed, history not scanned, manual checks. */
const CLONE_STATE: States = {
  'staged-scan': 'fail',
  'history-clean': 'unknown',
  'accounts-mfa': 'manual',
  'keys-least-privilege': 'manual',
};

async function project(files: Record<string, string>): Promise<ChecklistReport> {
  const repo = tempRepo();
  try {
    for (const [path, text] of Object.entries(files)) repo.write(path, text);
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'project');
    return await evaluateChecklist(repo.dir);
  } finally {
    repo.remove();
  }
}

function assertStates(report: ChecklistReport, expected: States): void {
  const actual = Object.fromEntries(report.items.map((i) => [i.id, i.status]));
  const explain = report.items
    .filter((i) => i.status !== expected[i.id])
    .map((i) => `${i.id}: ${i.status} (${i.summary}) ${i.evidence.map((e) => e.message).join(' | ')}`)
    .join('\n');
  assert.deepEqual(actual, { ...expected, ...CLONE_STATE }, explain);
}

const messages = (report: ChecklistReport, id: string): string[] =>
  report.items.find((i) => i.id === id)?.evidence.map((e) => e.message) ?? [];

const AUDIT_CI =
  'on: [push]\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n' +
  '      - run: pipx run pip-audit -r requirements.txt\n';

test('Python-only FastAPI: no Node requirements, FastAPI needs no global handler, writes are not reads', async () => {
  const report = await project({
    'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\n',
    '.gitignore': '.env\n.venv/\n__pycache__/\n',
    '.env.example': 'DATABASE_URL=\nAPI_TOKEN=\n',
    '.github/workflows/audit.yml': AUDIT_CI,
    'app/main.py': [
      'import os',
      'from fastapi import Depends, FastAPI, Header, HTTPException',
      '',
      'os.environ["TZ_OVERRIDE"] = "UTC"',
      'DATABASE_URL = os.environ["DATABASE_URL"]',
      'API_TOKEN = os.getenv("API_TOKEN", "")',
      'app = FastAPI()',
      '',
      '',
      '@app.middleware("http")',
      'async def security_headers(request, call_next):',
      '    response = await call_next(request)',
      '    response.headers["Content-Security-Policy"] = "default-src \'self\'"',
      '    response.headers["X-Content-Type-Options"] = "nosniff"',
      '    return response',
      '',
      '',
      'def require_user(authorization: str = Header("")):',
      '    if not API_TOKEN or authorization != f"Bearer {API_TOKEN}":',
      '        raise HTTPException(status_code=401)',
      '',
      '',
      '@app.get("/items", dependencies=[Depends(require_user)])',
      'def list_items():',
      '    return []',
      '',
    ].join('\n'),
  });
  assert.equal(report.stacks.summary, 'FastAPI web app');
  assert.deepEqual(report.stacks.apps[0].lockfiles, ['requirements.txt']);
  assertStates(report, {
    'gitignore-secrets': 'pass',
    'env-example-complete': 'pass',
    'no-tracked-secrets-files': 'pass',
    'endpoint-auth': 'pass',
    'errors-generic': 'pass',
    'rate-limits': 'pass',
    'cors-restricted': 'pass',
    'debug-off': 'pass',
    'secrets-fail-hard': 'pass',
    'output-escaped': 'pass',
    'injection-safe': 'pass',
    'auth-sound': 'pass',
    'tls-verified': 'pass',
    'uploads-validated': 'pass',
    'webhooks-verified': 'pass',
    'temp-files-cleaned': 'pass',
    'logs-clean': 'pass',
    'no-hardcoded-secrets': 'pass',
    'dependencies-audited': 'pass',
    'security-headers': 'pass',
    'production-config': 'pass',
  });
  assert.ok(!messages(report, 'gitignore-secrets').some((m) => /node_modules|secrets\.toml|key\.pem/.test(m)));
  assert.ok(!messages(report, 'env-example-complete').some((m) => /TZ_OVERRIDE/.test(m)), 'a write is not a read');
});

test('Node-only Express: no venv probe; helmet, error middleware pass; a Joi env schema counts as reads', async () => {
  const files: Record<string, string> = {
    'package.json': '{"name":"api","dependencies":{"express":"^4.19.2","helmet":"^7.1.0","joi":"^17.13.0"}}\n',
    'package-lock.json': '{"name":"api","lockfileVersion":3,"packages":{}}\n',
    '.gitignore': 'node_modules/\n.env\n',
    '.env.example': 'SESSION_SECRET=\nMONGO_URL=\n',
    '.github/dependabot.yml':
      'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n',
    'src/config.js': [
      "const Joi = require('joi');",
      'const schema = Joi.object({ MONGO_URL: Joi.string().uri().required(), SESSION_SECRET: Joi.string().min(32) });',
      'const { value } = schema.validate(process.env, { allowUnknown: true });',
      'module.exports = value;',
      '',
    ].join('\n'),
    'src/server.js': [
      "const express = require('express');",
      "const helmet = require('helmet');",
      "const config = require('./config');",
      "process.env.STARTED_BY = 'server';",
      'const app = express();',
      'app.use(helmet());',
      'function requireAuth(req, res, next) {',
      '  if (!req.session || !req.session.user) return res.sendStatus(401);',
      '  next();',
      '}',
      "app.get('/me', requireAuth, (req, res) => res.json(req.session.user));",
      'app.use((err, req, res, next) => {',
      '  console.error(err);',
      "  res.status(500).json({ error: 'Internal error' });",
      '});',
      'app.listen(3000);',
      'module.exports = config;',
      '',
    ].join('\n'),
  };
  let report = await project(files);
  assert.equal(report.stacks.summary, 'Express web app');
  const expected: States = {
    'gitignore-secrets': 'pass',
    'env-example-complete': 'pass',
    'no-tracked-secrets-files': 'pass',
    'endpoint-auth': 'pass',
    'errors-generic': 'pass',
    'rate-limits': 'pass',
    'cors-restricted': 'pass',
    'debug-off': 'pass',
    'secrets-fail-hard': 'pass',
    'output-escaped': 'pass',
    'injection-safe': 'pass',
    'auth-sound': 'pass',
    'tls-verified': 'pass',
    'uploads-validated': 'pass',
    'webhooks-verified': 'pass',
    'temp-files-cleaned': 'pass',
    'logs-clean': 'pass',
    'no-hardcoded-secrets': 'pass',
    'dependencies-audited': 'pass',
    'security-headers': 'pass',
    'production-config': 'pass',
  };
  assertStates(report, expected);
  assert.ok(!messages(report, 'gitignore-secrets').some((m) => /venv|secrets\.toml/.test(m)));

  // Without its error middleware, Express's default handler would print stack traces: one problem, not one per route.
  files['src/server.js'] = files['src/server.js'].replace(/app\.use\(\(err[\s\S]*?\n\}\);\n/, '');
  files['.env.example'] = 'SESSION_SECRET=\n';
  report = await project(files);
  assertStates(report, { ...expected, 'errors-generic': 'fail', 'env-example-complete': 'fail' });
  const errors = report.items.find((i) => i.id === 'errors-generic');
  assert.equal(errors?.summary, '1 problem in 1 file; none of them are lint findings.');
  assert.match(messages(report, 'errors-generic')[0], /^Express's default error handler sends the stack trace/);
  assert.deepEqual(
    report.items
      .find((i) => i.id === 'env-example-complete')
      ?.evidence.map((e) => `${e.message.split(' ')[0]}@${e.path}:${e.line}`),
    ['MONGO_URL@src/config.js:2'],
  );
});

test('monorepo: FastAPI backend/, React frontend/, lockfiles, nested .gitignore credited, lint counts', async () => {
  const report = await project({
    '.gitignore': '.env\n',
    'uv.lock': 'version = 1\n',
    'bun.lock': '{"lockfileVersion": 1}\n',
    '.github/workflows/ci.yml':
      'on: [push]\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - uses: google/osv-scanner-action@v1\n',
    'backend/.gitignore': '.venv/\n',
    'backend/.env.example': 'OPENAI_MODEL=\n',
    'backend/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\ndependencies = ["fastapi>=0.115"]\n',
    'backend/app/main.py': [
      'import logging',
      'import os',
      'from fastapi import FastAPI, HTTPException',
      '',
      'app = FastAPI()',
      'MODEL = os.getenv("OPENAI_MODEL", "small")',
      '',
      '',
      '@app.get("/health")  # preflight: public',
      'def health():',
      '    return {"ok": True}',
      '',
      '',
      '@app.get("/version")  # preflight: public',
      'def version():',
      '    try:',
      '        return {"model": MODEL, "build": open("BUILD").read()}',
      '    except OSError as e:',
      '        logging.exception("no build file")',
      '        raise HTTPException(status_code=500, detail=str(e))',
      '',
    ].join('\n'),
    'frontend/.gitignore': 'node_modules/\n.env.local\n',
    'frontend/.env.example': 'VITE_API_URL=\n',
    'frontend/package.json': '{"name":"web","dependencies":{"react":"^18.3.1"},"devDependencies":{"vite":"^5.4.0"}}\n',
    'frontend/src/main.tsx': [
      "import React from 'react';",
      'export const API = import.meta.env.VITE_API_URL;',
      'export function App(): React.ReactElement {',
      "  return React.createElement('p', null, API);",
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(report.stacks.summary, 'FastAPI backend in backend/, React front end in frontend/');
  assert.deepEqual(
    report.stacks.apps.map((a) => [a.dir, a.lockfiles]),
    [
      ['backend', ['uv.lock']],
      ['frontend', ['bun.lock']],
    ],
  );
  assertStates(report, {
    'gitignore-secrets': 'pass',
    'env-example-complete': 'pass',
    'no-tracked-secrets-files': 'pass',
    'endpoint-auth': 'pass',
    'errors-generic': 'fail',
    'rate-limits': 'pass',
    'cors-restricted': 'pass',
    'debug-off': 'pass',
    'secrets-fail-hard': 'pass',
    'output-escaped': 'pass',
    'injection-safe': 'pass',
    'auth-sound': 'pass',
    'tls-verified': 'pass',
    'uploads-validated': 'pass',
    'webhooks-verified': 'pass',
    'temp-files-cleaned': 'pass',
    'logs-clean': 'pass',
    'no-hardcoded-secrets': 'pass',
    'dependencies-audited': 'pass',
    'security-headers': 'fail',
    'production-config': 'pass',
  });
  const errors = report.items.find((i) => i.id === 'errors-generic');
  assert.equal(
    errors?.summary,
    '1 problem in 1 file.',
    'one error-leak finding, as lint shows it; the other route needs no handler',
  );
  assert.deepEqual(messages(report, 'security-headers').slice(0, 1), [
    'FastAPI backend in backend/: no Content-Security-Policy, X-Content-Type-Options, frame protection ' +
      '(X-Frame-Options / frame-ancestors), Strict-Transport-Security found (no helmet, Talisman, secure middleware ' +
      'or header settings)',
  ]);
  const probes = report.items.find((i) => i.id === 'gitignore-secrets')?.evidence.map((e) => e.message.split(':')[0]);
  assert.deepEqual(probes, [
    '.env is ignored',
    'backend/.env is ignored',
    'frontend/.env is ignored',
    'backend/.venv/ is ignored',
    'frontend/node_modules/ is ignored',
    'frontend/.env.local is ignored',
  ]);
});

test('Streamlit: endpoint, CORS, debug, header items do not apply; errors, escaping, its secrets file do', async () => {
  const files: Record<string, string> = {
    'requirements.txt': 'streamlit==1.38.0\n',
    '.gitignore': '.env\n.venv/\n',
    '.env.example': 'GREETING=\n',
    'app.py': 'import os\nimport streamlit as st\n\nst.title(os.getenv("GREETING", "Hello"))\n',
    '.streamlit/config.toml': '[theme]\nbase = "dark"\n',
  };
  let report = await project(files);
  assert.equal(report.stacks.summary, 'Streamlit app');
  const expected: States = {
    'gitignore-secrets': 'fail',
    'env-example-complete': 'pass',
    'no-tracked-secrets-files': 'pass',
    'endpoint-auth': 'not-applicable',
    'errors-generic': 'pass',
    'rate-limits': 'pass',
    'cors-restricted': 'not-applicable',
    'debug-off': 'not-applicable',
    'secrets-fail-hard': 'pass',
    'output-escaped': 'pass',
    'injection-safe': 'pass',
    'auth-sound': 'pass',
    'tls-verified': 'pass',
    'uploads-validated': 'pass',
    'webhooks-verified': 'pass',
    'temp-files-cleaned': 'pass',
    'logs-clean': 'pass',
    'no-hardcoded-secrets': 'pass',
    'dependencies-audited': 'fail',
    'security-headers': 'not-applicable',
    'production-config': 'not-applicable',
  };
  assertStates(report, expected);
  assert.deepEqual(messages(report, 'gitignore-secrets'), [
    '.streamlit/secrets.toml is not ignored: Streamlit secrets of Streamlit app',
  ]);
  assert.equal(
    report.items.find((i) => i.id === 'security-headers')?.summary,
    'Not applicable: no web server in this workspace (Streamlit app).',
  );
  assert.equal(report.summary.notApplicable, 5);

  files['.gitignore'] += '.streamlit/secrets.toml\n';
  files['.github/workflows/audit.yml'] = AUDIT_CI;
  report = await project(files);
  assertStates(report, { ...expected, 'gitignore-secrets': 'pass', 'dependencies-audited': 'pass' });
});

test('Telegram bot: web-only items are not applicable, bot commands are endpoints', async () => {
  const report = await project({
    'requirements.txt': 'python-telegram-bot==21.4\n',
    '.gitignore': '.env\nvenv/\n',
    '.github/workflows/audit.yml': AUDIT_CI,
    'bot.py': [
      'import os',
      'from telegram import Update',
      'from telegram.ext import Application, CommandHandler, ContextTypes',
      '',
      'TOKEN = os.environ["TELEGRAM_TOKEN"]',
      '',
      '',
      'async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:',
      '    await update.message.reply_text("Hi")',
      '',
      '',
      'async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:',
      '    print("update failed", type(context.error).__name__)',
      '',
      '',
      'app = Application.builder().token(TOKEN).build()',
      'app.add_error_handler(on_error)',
      'app.add_handler(CommandHandler("start", start))  # preflight: public',
      'app.run_polling()',
      '',
    ].join('\n'),
  });
  assert.equal(report.stacks.summary, 'python-telegram-bot Telegram bot');
  assertStates(report, {
    'gitignore-secrets': 'pass',
    'env-example-complete': 'fail',
    'no-tracked-secrets-files': 'pass',
    'endpoint-auth': 'pass',
    'errors-generic': 'pass',
    'rate-limits': 'pass',
    'cors-restricted': 'not-applicable',
    'debug-off': 'not-applicable',
    'secrets-fail-hard': 'pass',
    'output-escaped': 'not-applicable',
    'injection-safe': 'pass',
    'auth-sound': 'pass',
    'tls-verified': 'pass',
    'uploads-validated': 'pass',
    'webhooks-verified': 'pass',
    'temp-files-cleaned': 'pass',
    'logs-clean': 'pass',
    'no-hardcoded-secrets': 'pass',
    'dependencies-audited': 'pass',
    'security-headers': 'not-applicable',
    'production-config': 'not-applicable',
  });
  assert.deepEqual(messages(report, 'env-example-complete'), [
    'There is no .env.example; the code reads 1 variable.',
    'TELEGRAM_TOKEN is read here but missing from .env.example',
  ]);
  // The error callback has no auth of its own, but it is no way in: it runs only after a handler accepted an update.
  assert.ok(
    messages(report, 'endpoint-auth').some((m) =>
      /^ERROR .*an error callback, reached only through the handlers above$/.test(m),
    ),
    messages(report, 'endpoint-auth').join('\n'),
  );
});
