// "Move to environment variable" never writes `process.env` into code that runs in a browser. Where a file
// runs is decided from its project (test/fixtures/runtime/<workspace>: the nearest package.json, the bundler
// config beside it, directives, imports), and where that stays unclear the fix is offered but not preferred.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { applyEdits } from '../../server/src/syntax/fixes';
import { jsRuntime } from '../../server/src/syntax/browser';
import { FIXTURES, fileOf, ready } from '../helpers/core';

const ROOT = join(FIXTURES, 'runtime');

/** Reads a file of one fixture workspace the way the editor and the CLI do: relative to its root. */
function reader(workspace: string) {
  return (rel: string) => {
    const abs = join(ROOT, workspace, rel);
    return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
  };
}

/** The move-to-env fix of the file's one secret: undefined when none is offered. */
function envFix(workspace: string, path: string) {
  const text = readFileSync(join(ROOT, workspace, path), 'utf8');
  const found = analyze(RULES, fileOf(path, text), { readFile: reader(workspace) }).findings.filter(
    (f) => f.ruleId === 'hardcoded-secret',
  );
  assert.equal(found.length, 1, `${workspace}/${path}: one secret`);
  const fix = found[0].fixes?.find((f) => f.title.startsWith('Move to environment variable'));
  return fix && { preferred: fix.preferred === true, line: lineOf(applyEdits(text, fix.edits), 'process.env') };
}

function lineOf(text: string, needle: string): string | undefined {
  return text.split('\n').find((l) => l.includes(needle));
}

const BROWSER: Array<[string, string, string]> = [
  ['vite-app', 'src/api.ts', 'a Vite + React package: its src/ is bundled for the browser'],
  ['next-app', 'components/Chat.tsx', "a 'use client' component"],
  ['express-api', 'public/widget.js', 'a file a server hands out as it is'],
  ['browser-lib', 'src/index.js', 'a package with a "browser" field'],
  ['webpack-only', 'src/index.js', 'a webpack config beside package.json (CommonJS does not make it Node)'],
  ['full-stack', 'src/env.ts', 'import.meta.env in the file'],
];

test('browser code (decided from the project): no move-to-env fix', async () => {
  await ready();
  for (const [workspace, path, why] of BROWSER) {
    assert.equal(envFix(workspace, path), undefined, `${workspace}/${path}: ${why}`);
    const text = readFileSync(join(ROOT, workspace, path), 'utf8');
    assert.equal(jsRuntime(fileOf(path, text), reader(workspace)), 'browser', `${workspace}/${path}`);
  }
});

test('server code: the preferred fix writes process.env', async () => {
  await ready();
  assert.deepEqual(envFix('vite-app', 'scripts/seed.mjs'), {
    preferred: true,
    line: 'const dbPassword = process.env.DB_PASSWORD;',
  });
  assert.deepEqual(envFix('next-app', 'app/api/chat/route.ts'), {
    preferred: true,
    line: 'const modelToken = process.env.MODEL_TOKEN!;',
  });
  assert.deepEqual(envFix('next-app', 'app/actions.ts'), {
    preferred: true,
    line: 'const dbPassword = process.env.DB_PASSWORD!;',
  });
  assert.deepEqual(envFix('express-api', 'src/db.ts'), {
    preferred: true,
    line: 'export const db = { user: "app", dbPassword: process.env.DB_PASSWORD! };',
  });
  assert.deepEqual(envFix('full-stack', 'server/index.ts'), {
    preferred: true,
    line: 'const smtpPassword = process.env.SMTP_PASSWORD!;',
  });
  assert.deepEqual(envFix('no-package', 'bot.js'), {
    preferred: true,
    line: 'const botToken = process.env.BOT_TOKEN;',
  });
});

test('unclear where it runs: the fix is offered, not preferred', async () => {
  await ready();
  // A Next.js module with no directive may be imported by a client component.
  assert.deepEqual(envFix('next-app', 'lib/models.ts'), {
    preferred: false,
    line: 'export const modelSecret = process.env.MODEL_SECRET!;',
  });
  // One package serving a Vue front end and an Express server: src/ without signs could be either.
  assert.deepEqual(envFix('full-stack', 'src/settings.ts'), {
    preferred: false,
    line: 'export const settings = { apiSecret: process.env.API_SECRET! };',
  });
});

test('without a readable project: file signs decide, and nothing known means not preferred', async () => {
  await ready();
  const text = 'const sessionSecret = "keyboard-cat-77";\nexport default sessionSecret;\n';
  assert.equal(jsRuntime(fileOf('lib/session.ts', text)), 'unknown');
  assert.equal(jsRuntime(fileOf('lib/session.ts', `import fs from "node:fs";\n${text}`)), 'server');
  assert.equal(jsRuntime(fileOf('lib/session.ts', `document.body.append("x");\n${text}`)), 'browser');
  assert.equal(jsRuntime(fileOf('lib/session.tsx', text)), 'browser');
  assert.equal(jsRuntime(fileOf('lib/ssr.ts', `import fs from "fs";\nwindow.x = 1;\n${text}`)), 'unknown');
  assert.equal(jsRuntime(fileOf('src/App.vue', text, 'vue')), 'browser');
});

test("a 'use client'/'use server' directive counts only before any code, after comments and blank lines", async () => {
  await ready();
  const body = 'const sessionSecret = "keyboard-cat-77";\n';
  const header = '/* license\n * text */\n\n// note\n';
  assert.equal(jsRuntime(fileOf('lib/a.ts', `${header}'use client';\n${body}`)), 'browser');
  assert.equal(jsRuntime(fileOf('lib/a.ts', `${header}  "use server";\n${body}`)), 'server');
  assert.equal(jsRuntime(fileOf('lib/a.ts', `${header}${body}'use client';\n`)), 'unknown');
  assert.equal(jsRuntime(fileOf('lib/a.ts', `/* unclosed 'use client'\n${body}`)), 'unknown');
});
