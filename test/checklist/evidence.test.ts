// Evidence on real temp workspaces and git repositories: each item's state and the evidence behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateChecklist, buildContext } from '../../server/src/checklist/evaluate';
import { runFix } from '../../server/src/checklist/actions';
import type { ChecklistReport, ItemResult } from '../../server/src/checklist/types';
import { tempRepo, CLI, type TempRepo } from '../helpers/gitRepo';

const ALL_IGNORED =
  '.env\n.env.*\n!.env.example\n*.pem\n*.key\n.streamlit/secrets.toml\n.venv/\nvenv/\nnode_modules/\n';
const HOOK = { node: process.execPath, cli: CLI };

function item(report: ChecklistReport, id: string): ItemResult {
  const found = report.items.find((i) => i.id === id);
  assert.ok(found, `item ${id} exists`);
  return found;
}

function withRepo(fn: (repo: TempRepo) => Promise<void>, init = true): () => Promise<void> {
  return async () => {
    const repo = tempRepo({ init });
    try {
      await fn(repo);
    } finally {
      repo.remove();
    }
  };
}

test(
  'gitignore-secrets: probes follow the stacks and files found, .env.example stays tracked, the fix makes it pass',
  withRepo(async (repo) => {
    repo.write('.gitignore', 'node_modules/\n.env*\n');
    repo.write('.env.example', 'OPENAI_API_KEY=\n');
    repo.write('app.py', 'import streamlit as st\nwith open("certs/server.pem") as f:\n    st.write(f.read())\n');
    let report = await evaluateChecklist(repo.dir);
    const gi = item(report, 'gitignore-secrets');
    assert.equal(gi.status, 'fail');
    assert.deepEqual(
      gi.evidence.map((e) => e.message),
      [
        '.venv/ is not ignored: virtualenv of Streamlit app',
        '.streamlit/secrets.toml is not ignored: Streamlit secrets of Streamlit app',
        'key.pem is not ignored: the code names a key file (app.py:2)',
        'server.key is not ignored: the code names a key file (app.py:2)',
        '.env.example is ignored, but it should be committed (add !.env.example)',
      ],
    );
    assert.ok(!gi.evidence.some((e) => /node_modules/.test(e.message)), 'no Node app, no node_modules probe');
    assert.deepEqual(
      gi.fixes.map((f) => f.id),
      ['gitignore-add'],
    );

    const result = await runFix(await buildContext(repo.dir), 'gitignore-add', { hookCommand: HOOK, trusted: false });
    assert.deepEqual(result.changed, ['.gitignore']);
    const text = readFileSync(join(repo.dir, '.gitignore'), 'utf8');
    assert.ok(text.startsWith('node_modules/\n.env*\n'), 'existing lines kept');
    assert.match(text, /\.venv\/\n\.streamlit\/secrets\.toml\n\*\.pem\n\*\.key\n!\.env\.example\n$/);
    report = await evaluateChecklist(repo.dir);
    assert.equal(item(report, 'gitignore-secrets').status, 'pass');
  }),
);

test(
  'gitignore-secrets: no .gitignore at all fails; a complete one passes; a real unignored key file is listed',
  withRepo(async (repo) => {
    repo.write('app.py', 'x = 1\n');
    assert.equal(
      item(await evaluateChecklist(repo.dir), 'gitignore-secrets').summary,
      'No .gitignore; 2 paths not ignored.',
    );
    repo.write('.gitignore', ALL_IGNORED);
    assert.equal(item(await evaluateChecklist(repo.dir), 'gitignore-secrets').status, 'pass');
    repo.write('certs/.gitignore', '!*.pem\n');
    repo.write('certs/tls.pem', 'not really a key\n');
    const gi = item(await evaluateChecklist(repo.dir), 'gitignore-secrets');
    assert.equal(gi.status, 'fail');
    assert.ok(gi.evidence.some((e) => e.path === 'certs/tls.pem' && /exists and is not ignored/.test(e.message)));
  }),
);

test(
  'env-example-complete: every way code reads variables, missing names with file:line, and the fix',
  withRepo(async (repo) => {
    repo.write('.gitignore', ALL_IGNORED);
    repo.write('.env.example', '# documented\nDATABASE_URL=\n# OPTIONAL_FLAG=\n');
    repo.write(
      'api/settings.py',
      [
        'import os',
        'from pydantic_settings import BaseSettings, SettingsConfigDict',
        'DB = os.environ["DATABASE_URL"]',
        'KEY = os.environ.get("STRIPE_KEY")',
        'HOOK = os.getenv("SLACK_HOOK", "")',
        'FLAG = os.getenv("OPTIONAL_FLAG")',
        'NAME = os.environ[name]',
        'class Settings(BaseSettings):',
        '    model_config = SettingsConfigDict(env_prefix="APP_")',
        '    openai_api_key: str',
        '',
      ].join('\n'),
    );
    repo.write(
      'web/src/client.ts',
      'const u = import.meta.env.VITE_API_URL;\nconst s = process.env.SESSION_SECRET;\n' +
        'const t = process.env["JWT_SECRET"];\nconst { REDIS_URL } = process.env;\n' +
        'if (process.env.NODE_ENV === "x") {}\n',
    );
    repo.write('tests/test_api.py', 'import os\nos.environ["ONLY_IN_TESTS"]\n');
    const env = item(await evaluateChecklist(repo.dir), 'env-example-complete');
    assert.equal(env.status, 'fail');
    const missing = env.evidence
      .filter((e) => e.level === 'problem')
      .map((e) => `${e.message.split(' ')[0]}@${e.path}:${e.line}`);
    assert.deepEqual(missing, [
      'APP_OPENAI_API_KEY@api/settings.py:10',
      'JWT_SECRET@web/src/client.ts:3',
      'REDIS_URL@web/src/client.ts:4',
      'SESSION_SECRET@web/src/client.ts:2',
      'SLACK_HOOK@api/settings.py:5',
      'STRIPE_KEY@api/settings.py:4',
      'VITE_API_URL@web/src/client.ts:1',
    ]);
    await runFix(await buildContext(repo.dir), 'env-example-add', { hookCommand: HOOK, trusted: false });
    const text = readFileSync(join(repo.dir, '.env.example'), 'utf8');
    assert.equal(
      text,
      '# documented\nDATABASE_URL=\n# OPTIONAL_FLAG=\nAPP_OPENAI_API_KEY=\nJWT_SECRET=\nREDIS_URL=\n' +
        'SESSION_SECRET=\nSLACK_HOOK=\nSTRIPE_KEY=\nVITE_API_URL=\n',
    );
    assert.equal(item(await evaluateChecklist(repo.dir), 'env-example-complete').status, 'pass');
  }),
);

test(
  'env-example-complete: no example file at all fails and the fix creates one',
  withRepo(async (repo) => {
    repo.write('main.py', 'import os\nos.getenv("A_TOKEN")\n');
    const env = item(await evaluateChecklist(repo.dir), 'env-example-complete');
    assert.equal(env.status, 'fail');
    assert.match(env.evidence[0].message, /There is no \.env\.example/);
    await runFix(await buildContext(repo.dir), 'env-example-add', { hookCommand: HOOK, trusted: false });
    assert.match(readFileSync(join(repo.dir, '.env.example'), 'utf8'), /^# Copy to \.env.*\nA_TOKEN=\n$/);
  }),
);

test(
  'no-tracked-secrets-files: git ls-files decides; templates are allowed; outside git it is unknown',
  withRepo(async (repo) => {
    repo.write('.env.example', 'A=\n');
    repo.write('app.py', 'x = 1\n');
    repo.git('add', '.');
    assert.equal(item(await evaluateChecklist(repo.dir), 'no-tracked-secrets-files').status, 'pass');
    repo.write('.env', 'A=1\n');
    repo.write('deploy/server.key', 'k\n');
    repo.git('add', '.env', 'deploy/server.key');
    const tracked = item(await evaluateChecklist(repo.dir), 'no-tracked-secrets-files');
    assert.equal(tracked.status, 'fail');
    assert.deepEqual(
      tracked.evidence.map((e) => e.path),
      ['.env', 'deploy/server.key'],
    );
    // Ignoring it afterwards does not help: it is still tracked.
    repo.write('.gitignore', ALL_IGNORED);
    assert.equal(item(await evaluateChecklist(repo.dir), 'no-tracked-secrets-files').status, 'fail');
  }),
);

test(
  'outside a git repository the git items are unknown, never a crash',
  withRepo(async (repo) => {
    repo.write('app.py', 'x = 1\n');
    const report = await evaluateChecklist(repo.dir);
    for (const id of ['no-tracked-secrets-files', 'staged-scan', 'history-clean'])
      assert.equal(item(report, id).status, 'unknown', id);
  }, false),
);

test(
  'staged-scan: fails without hook or scan; a clean staged scan passes until the index changes; the hook passes',
  withRepo(async (repo) => {
    repo.write('a.py', 'x = 1\n');
    repo.git('add', '.');
    let staged = item(await evaluateChecklist(repo.dir), 'staged-scan');
    assert.equal(staged.status, 'fail');
    assert.deepEqual(
      staged.fixes.map((f) => f.id),
      ['hook-install', 'staged-scan'],
    );
    await runFix(await buildContext(repo.dir), 'staged-scan', { hookCommand: HOOK, trusted: false });
    staged = item(await evaluateChecklist(repo.dir), 'staged-scan');
    assert.equal(staged.status, 'pass', staged.evidence.map((e) => e.message).join('; '));
    await new Promise((r) => setTimeout(r, 20)); // a later index mtime than the record
    repo.write('b.py', 'y = 2\n');
    repo.git('add', 'b.py');
    staged = item(await evaluateChecklist(repo.dir), 'staged-scan');
    assert.equal(staged.status, 'fail');
    assert.ok(staged.evidence.some((e) => /older than the last change to the index/.test(e.message)));
    await runFix(await buildContext(repo.dir), 'hook-install', { hookCommand: HOOK, trusted: false });
    assert.equal(item(await evaluateChecklist(repo.dir), 'staged-scan').status, 'pass');
  }),
);

test(
  'history-clean: unknown before a scan, pass after a clean scan, unknown again after new commits',
  withRepo(async (repo) => {
    repo.write('a.py', 'x = 1\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'one');
    const before = item(await evaluateChecklist(repo.dir), 'history-clean');
    assert.equal(before.status, 'unknown');
    assert.deepEqual(
      before.fixes.map((f) => f.id),
      ['history-scan'],
    );
    await runFix(await buildContext(repo.dir), 'history-scan', { hookCommand: HOOK, trusted: false });
    assert.equal(item(await evaluateChecklist(repo.dir), 'history-clean').status, 'pass');
    repo.write('b.py', 'y = 2\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'two');
    assert.equal(item(await evaluateChecklist(repo.dir), 'history-clean').status, 'unknown');
  }),
);

test(
  'dependencies-audited: manifest without lockfile fails; lockfile plus a CI audit passes',
  withRepo(async (repo) => {
    repo.write('package.json', '{"name":"x","dependencies":{"express":"^4.0.0"}}\n');
    let dep = item(await evaluateChecklist(repo.dir), 'dependencies-audited');
    assert.equal(dep.status, 'fail');
    assert.match(dep.evidence[0].message, /package\.json has no lockfile/);
    repo.write('package-lock.json', '{"lockfileVersion":3}\n');
    dep = item(await evaluateChecklist(repo.dir), 'dependencies-audited');
    assert.equal(dep.status, 'fail');
    assert.deepEqual(
      dep.fixes.map((f) => f.id),
      ['run-audit'],
    );
    repo.write(
      '.github/workflows/ci.yml',
      'on: push\njobs:\n  a:\n    steps:\n      - run: npm ci\n      - run: npm audit --audit-level=high\n',
    );
    dep = item(await evaluateChecklist(repo.dir), 'dependencies-audited');
    assert.equal(dep.status, 'pass');
    assert.deepEqual(
      dep.evidence.map((e) => `${e.path}:${e.line}`),
      ['.github/workflows/ci.yml:6'],
    );
  }),
);

test(
  'dependencies-audited: fully pinned requirements count as a lockfile; the audit refuses an untrusted workspace',
  withRepo(async (repo) => {
    repo.write('requirements.txt', 'fastapi==0.110.0\nuvicorn==0.29.0  # server\n');
    repo.write('.github/dependabot.yml', 'version: 2\n');
    assert.equal(item(await evaluateChecklist(repo.dir), 'dependencies-audited').status, 'pass');
    const result = await runFix(await buildContext(repo.dir), 'run-audit', { hookCommand: HOOK, trusted: false });
    assert.match(result.message, /only runs in a trusted workspace/);
  }),
);

test(
  'rule-findings items list findings with file and line; waivers and ticks resolve the status',
  withRepo(async (repo) => {
    repo.write('app.py', 'from fastapi import FastAPI\napp = FastAPI(debug=True)\n');
    const report = await evaluateChecklist(repo.dir);
    const debug = item(report, 'debug-off');
    assert.equal(debug.status, 'fail');
    assert.deepEqual(
      debug.evidence.filter((e) => e.level === 'problem').map((e) => `${e.path}:${e.line}`),
      ['app.py:2'],
    );
    repo.write(
      '.preflight/checklist.json',
      JSON.stringify({
        version: 1,
        items: {
          'debug-off': { status: 'waived', by: 'T', at: '2026-01-01T00:00:00Z', reason: 'local demo only' },
          'webhooks-verified': { status: 'ticked', by: 'T', at: '2026-01-01T00:00:00Z' },
        },
      }),
    );
    const after = await evaluateChecklist(repo.dir);
    assert.equal(item(after, 'debug-off').status, 'waived');
    assert.equal(item(after, 'debug-off').decision?.reason, 'local demo only');
    // A tick cannot overrule evidence that already passes (or fails).
    assert.equal(item(after, 'webhooks-verified').status, 'pass');
  }),
);

test(
  'settings: a rule turned off makes its item unknown instead of a silent pass',
  withRepo(async (repo) => {
    repo.write('app.py', 'from fastapi import FastAPI\napp = FastAPI(debug=True)\n');
    const report = await evaluateChecklist(repo.dir, { severities: { 'debug-mode': 'off', 'debug-endpoint': 'off' } });
    const debug = item(report, 'debug-off');
    assert.equal(debug.status, 'unknown');
    assert.ok(debug.evidence.some((e) => /debug-mode is turned off/.test(e.message)));
  }),
);

test(
  'hostile files never break the evaluation: binary, broken syntax, odd encodings, huge files, bad item folder',
  withRepo(async (repo) => {
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0xff, 0xfe]));
    repo.write('broken.py', 'import os\nx = os.environ["BROKEN_BUT_READ"]\ndef broken(:\n    pass\n');
    repo.write('latin1.py', Buffer.from('# caf\xe9\nimport os\nos.getenv("LATIN_VAR")\n', 'latin1'));
    repo.write('big.js', `const a = process.env.BIG_VAR;\n${'x'.repeat(3 * 1024 * 1024)}\n`);
    repo.write(
      'utf16.py',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import os\nos.getenv("UTF16_VAR")\n', 'utf16le')]),
    );
    const report = await evaluateChecklist(repo.dir);
    const env = item(report, 'env-example-complete');
    const names = env.evidence.filter((e) => e.level === 'problem').map((e) => e.message.split(' ')[0]);
    assert.ok(names.includes('BROKEN_BUT_READ'), 'tree-sitter recovers around syntax errors');
    assert.ok(names.includes('LATIN_VAR'));
    assert.ok(names.includes('UTF16_VAR'));
    assert.ok(!names.includes('BIG_VAR'), 'files over the size limit are skipped');
    const withBadItems = await evaluateChecklist(repo.dir, { checklistDir: join(repo.dir, 'no-such-checklist') });
    assert.equal(withBadItems.items.length, 0);
    assert.match(withBadItems.problems[0], /cannot read the checklist folder/);
  }),
);

test(
  'rate-limits: sign-in style endpoints without a limit fail even when no rule fires; a limiter fixes it',
  withRepo(async (repo) => {
    repo.write(
      'server.js',
      "const app = require('express')();\napp.post('/api/login', (req, res) => res.json({}));\n" +
        "app.get('/api/items', (req, res) => res.json([]));\n",
    );
    let rl = item(await evaluateChecklist(repo.dir), 'rate-limits');
    assert.equal(rl.status, 'fail');
    assert.deepEqual(
      rl.evidence.filter((e) => e.level === 'problem').map((e) => `${e.message} @${e.line}`),
      ['POST /api/login handles credentials or codes and has no rate limit @2'],
    );
    repo.write(
      'server.js',
      "const app = require('express')();\nconst rateLimit = require('express-rate-limit');\n" +
        "const limiter = rateLimit({ limit: 5 });\napp.post('/api/login', limiter, (req, res) => res.json({}));\n",
    );
    rl = item(await evaluateChecklist(repo.dir), 'rate-limits');
    assert.equal(rl.status, 'pass');
  }),
);
