// The README and ARCHITECTURE.md stay true: every rule is in the README table with its default severity,
// every setting is documented, and the folder table names every source folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { SETTING_KEYS } from '../../server/src/protocol';
import { REPO } from '../helpers/core';

const LANGUAGES = { python: 'Python', js: 'JS/TS', text: 'any text file' } as const;
const TABLE = /(<!-- rules:start[^\n]*-->\n)([\s\S]*?)(\n<!-- rules:end -->)/;

/** The README rule table, generated from the registry: one row per rule, in registry order. */
function ruleTable(): string {
  const rows = RULES.map(
    ({ meta }) =>
      `| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${meta.defaultSeverity} | ` +
      `${meta.languages.map((l) => LANGUAGES[l]).join(', ')} | ${meta.summary} |`,
  );
  return ['| rule | default | languages | flags |', '|---|---|---|---|', ...rows].join('\n');
}

if (process.env.PREFLIGHT_UPDATE_DOCS === '1') {
  const current = readFileSync(join(REPO, 'README.md'), 'utf8');
  writeFileSync(
    join(REPO, 'README.md'),
    current.replace(TABLE, (_, open: string, _old, close: string) => open + ruleTable() + close),
  );
}
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const architecture = readFileSync(join(REPO, 'ARCHITECTURE.md'), 'utf8');

test('README starts with the two quick-start commands and CI runs the test one', () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  assert.match(firstBlock, /^npm ci && npm start\b/m);
  assert.match(firstBlock, /^npm ci && npm test\b/m);
  const ci = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm ci$/m);
  assert.match(ci, /^npm test$/m);
});

test('the README rule table is the one generated from the registry (else: npm run regenerate)', () => {
  const table = TABLE.exec(readme)?.[2];
  assert.ok(table, 'README.md has no <!-- rules:start --> ... <!-- rules:end --> section');
  assert.equal(table, ruleTable(), 'README rule table is stale: run `npm run regenerate`');
});

test('every rule is in the README table with its severity and a docs link', () => {
  const missing = RULES.filter(
    (r) => !readme.includes(`| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.defaultSeverity} |`),
  ).map((r) => r.meta.id);
  assert.deepEqual(missing, []);
});

test('every setting is documented in the README', () => {
  assert.deepEqual(
    SETTING_KEYS.filter((k) => !readme.includes(`\`preflight.${k}\``)),
    [],
  );
});

test('the ARCHITECTURE folder table names every source folder', () => {
  const folders = ['server/src', 'client/src', 'media', 'checklist', 'docs/rules', 'scripts', 'test'].flatMap((f) =>
    f === 'server/src'
      ? readdirSync(join(REPO, f))
          .filter((d) => statSync(join(REPO, f, d)).isDirectory())
          .map((d) => `${f}/${d}/`)
      : [`${f}/`],
  );
  assert.ok(folders.length > 5 && folders.every((f) => existsSync(join(REPO, f))));
  assert.deepEqual(
    folders.filter((f) => !architecture.includes(`\`${f}`)),
    [],
  );
});
