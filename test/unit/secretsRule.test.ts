// The hardcoded-secret rule: JWT severities, masking, .env handling, baseline, and the exact text of
// the "Move to environment variable" fix (Python with/without `import os`, JS/TS, .env.example).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import type { AnalyzeOptions, Finding } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/syntax/fixes';
import { detectSecrets } from '../../server/src/secrets/detect';
import { FAKE_CASES, Rand, fakeJwt } from '../helpers/fakeSecrets';
import { FILE_KINDS, secretFile } from '../helpers/secretFiles';
import { fileOf, ready } from '../helpers/core';

function secretFindings(path: string, text: string, options: AnalyzeOptions = {}): Finding[] {
  const result = analyze(RULES, fileOf(path, text), options);
  if (result.ruleErrors.length) throw result.ruleErrors[0].error;
  return result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
}

function fixOf(f: Finding | undefined) {
  const fix = f?.fixes?.find((x) => x.title.startsWith('Move to environment variable'));
  assert.ok(fix, 'a move-to-env fix');
  return fix;
}

const r = new Rand(99);
const openai = () => `sk-${'proj'}-${r.str('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 80)}`;

test('JWT severity follows the payload', () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [{ iss: 'supabase', role: 'service_role', exp: 4000000000 }, 'supabase-service-role-key', 'error'],
    [{ iss: 'supabase', role: 'anon', exp: 4000000000 }, 'supabase-anon-key', 'info'],
    [{ sub: 'user-1', exp: 1000000000 }, 'jwt', 'info'],
    [{ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 'jwt', 'info'],
    [{ sub: 'user-1', scope: 'admin', exp: 4000000000 }, 'jwt', 'warning'],
  ];
  for (const [payload, kind, severity] of cases) {
    const token = fakeJwt(r, payload);
    const hits = detectSecrets(`const key = "${token}";\n`, { path: 'src/db.ts' });
    assert.deepEqual(
      hits.map((h) => [h.kind, h.severity]),
      [[kind, severity]],
      JSON.stringify(payload),
    );
  }
  assert.deepEqual(
    detectSecrets('x = "eyJub3QiOiJqc29u.eyJhIjoxfQ.abc"\n', { path: 'a.py' }).map((h) => h.kind),
    [],
    'header without alg/typ is not a JWT',
  );
});

test('messages carry only the masked preview, never the value', async () => {
  await ready();
  const rand = new Rand(5);
  let checked = 0;
  for (const c of FAKE_CASES) {
    const token = c.make(rand);
    for (const kind of FILE_KINDS) {
      const file = secretFile(kind, c.name, token);
      for (const f of secretFindings(file.path, file.text)) {
        const value = file.text.slice(f.start, f.end);
        assert.ok(f.message.includes(`${value.slice(0, 4)}…`) || value.length <= 8, 'masked preview shown');
        for (let i = 4; i + 8 <= value.length; i++)
          assert.ok(!f.message.includes(value.slice(i, i + 8)), `${c.kind} in ${kind}: message leaks the value`);
        for (const fix of f.fixes ?? [])
          assert.ok(!fix.title.includes(value.slice(4)), 'fix titles never hold the value');
        checked++;
      }
    }
  }
  assert.ok(checked > FAKE_CASES.length * 5, `checked ${checked} findings`);
});

test('Python: the literal becomes os.environ[...] and `import os` is added once', async () => {
  await ready();
  const token = openai();
  const text = `"""Client."""\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="${token}")\n`;
  const fix = fixOf(secretFindings('app/llm.py', text)[0]);
  assert.equal(
    applyEdits(text, fix.edits),
    `"""Client."""\nimport os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n`,
  );
  const withOs = `import os\n\nDB_PASSWORD = 'hunter2hunter2'\n`;
  const fix2 = fixOf(secretFindings('settings.py', withOs)[0]);
  assert.equal(applyEdits(withOs, fix2.edits), `import os\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n`);
  const dict = `CONFIG = {"smtp_password": "mailpass2024"}\n`;
  assert.equal(
    applyEdits(dict, fixOf(secretFindings('conf.py', dict)[0]).edits),
    `import os\nCONFIG = {"smtp_password": os.environ["SMTP_PASSWORD"]}\n`,
  );
});

test('JS/TS: the literal becomes process.env.NAME', async () => {
  await ready();
  const js = `const stripe = require("stripe")("sk_${'live'}_${r.str('abcdefghijklmnopqrstuvwxyz0123456789', 30)}");\n`;
  assert.equal(
    applyEdits(js, fixOf(secretFindings('server.js', js)[0]).edits),
    'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);\n',
  );
  const ts = `export const config = {\n  apiKey: '${openai()}',\n  dbPassword: \`hunter2hunter2\`,\n};\n`;
  const fs = secretFindings('src/config.ts', ts);
  assert.equal(fs.length, 2);
  const after = applyEdits(applyEdits(ts, fixOf(fs[1]).edits), fixOf(fs[0]).edits);
  assert.equal(
    after,
    // TypeScript: `!` keeps the properties `string` under strict (type-only; test/fixes/typescript.test.ts).
    'export const config = {\n  apiKey: process.env.OPENAI_API_KEY!,\n  dbPassword: process.env.DB_PASSWORD!,\n};\n',
  );
  // Browser code has no process.env (and nothing in it is secret): no move-to-env fix there.
  const tsx = `const client = new Api({ token: "${openai()}" });\n`;
  assert.deepEqual(secretFindings('src/App.tsx', tsx)[0].fixes, undefined);
  const vue = `<template><p/></template>\n<script setup>\nconst token = "${openai()}";\n</script>\n`;
  assert.deepEqual(secretFindings('src/App.vue', vue)[0].fixes, undefined);
  const dom = `const key = "${openai()}";\ndocument.getElementById("k").dataset.k = key;\n`;
  assert.deepEqual(secretFindings('src/widget.js', dom)[0].fixes, undefined);
});

test('move-to-env: not in test code; distinct values never share one name', async () => {
  await ready();
  const test = `const password = "wrongPassword1";\n`;
  assert.deepEqual(secretFindings('tests/login.test.ts', test)[0]?.fixes ?? [], []);
  const two =
    `function a() {\n  const password = "hunter2hunter2";\n}\nfunction b() {\n  const password = ` +
    `"tr0ub4dor&3x";\n}\n`;
  const found = secretFindings('src/seed.ts', two);
  assert.equal(found.length, 2);
  for (const f of found) assert.deepEqual(f.fixes, undefined);
  const same = `const password = "hunter2hunter2";\nconst db = { password: "hunter2hunter2" };\n`;
  const titles = secretFindings('src/seed.ts', same).map((f) => f.fixes?.map((x) => x.title));
  assert.deepEqual(titles, [['Move to environment variable PASSWORD'], ['Move to environment variable PASSWORD']]);
});

test('.env.example: created when missing, appended with a newline, never duplicated', async () => {
  await ready();
  const text = `DB_PASSWORD = "mysecretkey123"\n`;
  const other = (readFile: AnalyzeOptions['readFile']) =>
    fixOf(secretFindings('app.py', text, { readFile })[0]).otherFiles;
  const created = other(() => undefined);
  assert.equal(created?.length, 1);
  assert.equal(created[0].path, '.env.example');
  assert.equal(created[0].createWith, 'DB_PASSWORD=\n');
  const noNewline = 'DEBUG=0';
  const appended = other((p) => (p === '.env.example' ? noNewline : undefined));
  assert.equal(applyEdits(noNewline, appended?.[0].edits ?? []), 'DEBUG=0\nDB_PASSWORD=\n');
  const withNewline = '# config\nDEBUG=0\n';
  assert.equal(applyEdits(withNewline, other(() => withNewline)?.[0].edits ?? []), '# config\nDEBUG=0\nDB_PASSWORD=\n');
  assert.equal(
    other(() => 'DEBUG=0\nDB_PASSWORD=\n'),
    undefined,
    'already declared: .env.example untouched',
  );
  assert.equal(
    other(() => 'export DB_PASSWORD=\n'),
    undefined,
  );
});

test('.env: git-ignored means fine; not ignored means every secret is reported with the reason', async () => {
  await ready();
  const env = `SESSION_SECRET=notsosecret42\nDB_PASSWORD=hunter2hunter2\n`;
  assert.deepEqual(secretFindings('.env', env, { isGitIgnored: () => true }), []);
  const exposed = secretFindings('.env', env, { isGitIgnored: () => false, readFile: () => 'node_modules/\n' });
  assert.equal(exposed.length, 2);
  for (const f of exposed) {
    assert.match(f.message, /\.env is not git-ignored/);
    const add = f.fixes?.find((x) => x.title === 'Add .env to .gitignore');
    assert.equal(applyEdits('node_modules/\n', add?.otherFiles?.[0].edits ?? []), 'node_modules/\n.env\n');
  }
  assert.equal(
    secretFindings('.env.example', env, { isGitIgnored: () => true }).length,
    2,
    '.env.example is committed by design: secrets there count',
  );
});

test('baselined secrets are not reported; others in the same file still are', async () => {
  await ready();
  const text = `A_TOKEN = "tokenvalue-alpha-1"\nB_TOKEN = "tokenvalue-bravo-2"\n`;
  const found = secretFindings('app.py', text, {
    // The adapter binds the file's repository-relative path (test/unit/analysisOptions.test.ts checks that).
    isBaselined: (rule, secret) => rule === 'hardcoded-secret' && secret === 'tokenvalue-alpha-1',
  });
  assert.deepEqual(
    found.map((f) => text.slice(f.start, f.end)),
    ['tokenvalue-bravo-2'],
  );
});

test('severity comes from the hit and user settings still override it', async () => {
  await ready();
  const key = `pk_${'live'}_${r.str('abcdefghijklmnopqrstuvwxyz0123456789', 30)}`;
  const text = `KEY = "${key}"\nDB_PASSWORD = "mysecretkey123"\n`;
  assert.deepEqual(
    secretFindings('a.py', text).map((f) => f.severity),
    ['info', 'error'],
  );
  assert.deepEqual(
    secretFindings('a.py', text, { severities: { 'hardcoded-secret': 'warning' } }).map((f) => f.severity),
    ['warning', 'warning'],
  );
  assert.deepEqual(secretFindings('a.py', text, { severities: { 'hardcoded-secret': 'off' } }), []);
});

test('e2e and fixture-folder test logins are test code (info, no move-to-env fix); app code is not', async () => {
  await ready();
  const login = `const password = "Sup3rS3cretPass";\n`;
  for (const path of ['e2e/login.ts', 'frontend/e2e/auth.setup.ts', 'fixtures/users.ts', 'cypress/support/login.js']) {
    const [f, ...rest] = secretFindings(path, login);
    assert.equal(rest.length, 0, path);
    assert.equal(f?.severity, 'info', path);
    assert.deepEqual(f?.fixes ?? [], [], path);
  }
  assert.equal(secretFindings('src/e2e-config.ts', login)[0]?.severity, 'error');
});
