// cors-wildcard beyond the fixtures: severities (credentials), the fixes not covered by fix/ files,
// and robustness: truncated sources and pathological user regexes never make a rule throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { FIXTURES, applyFix, fileOf, findings, ready } from '../helpers/core';

const ID = 'cors-wildcard';

test('credentials make any-origin an error; without them it is a warning; literal patterns stay warnings', async () => {
  await ready();
  const py =
    'from fastapi.middleware.cors import CORSMiddleware\n' +
    'app.add_middleware(CORSMiddleware, allow_origins=["*", "https://*.example.com"], allow_credentials=True)\n' +
    'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n';
  assert.deepEqual(
    findings('src/main.py', py, ID).map((f) => f.severity),
    ['error', 'warning', 'warning'],
  );
  const js =
    'import cors from "cors";\napp.use(cors({ origin: true, credentials: true }));\napp.use(cors({ origin: "*" }));\n';
  assert.deepEqual(
    findings('src/app.js', js, ID).map((f) => f.severity),
    ['error', 'warning'],
  );
});

test('literal-pattern message explains that the entry matches nothing', async () => {
  await ready();
  const [f] = findings(
    'src/main.py',
    'from fastapi.middleware.cors import CORSMiddleware\n' +
      'app.add_middleware(CORSMiddleware, allow_origins=["https://*.vercel.app"])\n',
    ID,
  );
  assert.match(f.message, /matches no origin at all/);
  assert.match(f.message, /vercel\.app/);
});

test('Django: with an explicit list present, CORS_ALLOW_ALL_ORIGINS = True is deleted', async () => {
  await ready();
  const text =
    'CORS_ALLOWED_ORIGINS = ["https://blog.example.com"]\nCORS_ALLOW_ALL_ORIGINS = True\n' +
    'CORS_ALLOW_CREDENTIALS = True\n';
  assert.equal(
    applyFix('src/settings.py', text, ID),
    'CORS_ALLOWED_ORIGINS = ["https://blog.example.com"]\nCORS_ALLOW_CREDENTIALS = True\n',
  );
});

test('allow_origin_regex is removed (not duplicated) when allow_origins is already given', async () => {
  await ready();
  const text =
    'from fastapi.middleware.cors import CORSMiddleware\n' +
    'app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_origin_regex=".*")\n';
  assert.equal(
    applyFix('src/main.py', text, ID),
    'from fastapi.middleware.cors import CORSMiddleware\n' +
      'app.add_middleware(CORSMiddleware, allow_origins=settings.origins)\n',
  );
});

test('an origin list kept in a const is judged and replaced where it is defined', async () => {
  await ready();
  const text = 'const cors = require("cors");\nconst origins = ["*"];\napp.use(cors({ origin: origins }));\n';
  assert.deepEqual(
    findings('src/app.js', text, ID).map((f) => text.slice(f.start, f.end)),
    ['"*"'],
  );
  assert.equal(
    applyFix('src/app.js', text, ID),
    'const cors = require("cors");\nconst origins = (process.env.CORS_ORIGINS ?? "").split(",").filter(Boolean);\n' +
      'app.use(cors({ origin: origins }));\n',
  );
});

test('regexes that could backtrack badly are not run (and not reported)', async () => {
  await ready();
  const text =
    'from fastapi.middleware.cors import CORSMiddleware\n' +
    'app.add_middleware(CORSMiddleware, allow_origin_regex=r"(.*)*x")\n' +
    'app.add_middleware(CORSMiddleware, allow_origin_regex=r"(a|.)+b")\n';
  assert.deepEqual(findings('src/main.py', text, ID), []);
});

/** Every fixture file of these rules, truncated at many points: no rule may throw on broken code. */
test('config/exposure rules survive every truncation of their fixtures', async () => {
  await ready();
  const rules = [
    'cors-wildcard',
    'tls-verify-off',
    'allowed-hosts-wildcard',
    'docs-exposed',
    'debug-endpoint',
    'debug-mode',
  ];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  for (const r of rules) walk(join(FIXTURES, 'rules', r));
  const active = RULES.filter((r) => rules.includes(r.meta.id));
  let checked = 0;
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const name = path.replace(/\.fixed$/, '').slice(path.lastIndexOf('/') + 1);
    for (let cut = 0; cut < text.length; cut += 23) {
      const result = analyze(active, fileOf(`src/${name}`, text.slice(0, cut)), {});
      const mine = result.ruleErrors.filter((e) => rules.includes(e.ruleId));
      assert.deepEqual(
        mine.map((e) => `${e.ruleId}: ${String(e.error)}`),
        [],
        `${path} cut at ${cut}`,
      );
      checked++;
    }
  }
  assert.ok(checked > 500);
});

test('open CORS on a bearer-token login without cookies/sessions is info; cookies or credentials keep it', async () => {
  await ready();
  const api = (extra: string) =>
    `const cors = require("cors");\nconst { ExtractJwt } = require("passport-jwt");\n${extra}app.use(cors(` +
    `${extra.includes('credentials') ? '{ credentials: true }' : ''}));\n`;
  const severity = (text: string) => findings('src/app.js', text, 'cors-wildcard').map((f) => f.severity);
  assert.deepEqual(severity(api('')), ['info']);
  assert.match(findings('src/app.js', api(''), 'cors-wildcard')[0].message, /bearer token.*low risk/);
  assert.deepEqual(severity(api('app.use(require("cookie-parser")());\n')), ['warning']);
  assert.deepEqual(severity(api('app.use(session({ resave: false }));\n')), ['warning']);
  assert.deepEqual(severity(api('// credentials\n')), ['error']);
  // No token login in the file: the plain warning.
  assert.deepEqual(severity('const cors = require("cors");\napp.use(cors());\n'), ['warning']);
});
