// Keeps checklist facts from drifting: item files parse, ids match file names, every id the team agreed on
// exists, every rule points at an item, every rule an item names exists, every evidence kind has an evaluator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadItems, stringList, EVIDENCE_KINDS } from '../../server/src/checklist/items';
import { RULES } from '../../server/src/rules';
import { REPO } from '../helpers/core';

const DIR = join(REPO, 'checklist');
const loaded = loadItems(DIR);

/** The shared vocabulary from the brief: every one of these items must exist. */
const AGREED = [
  'gitignore-secrets',
  'env-example-complete',
  'no-tracked-secrets-files',
  'endpoint-auth',
  'errors-generic',
  'rate-limits',
  'cors-restricted',
  'debug-off',
  'secrets-fail-hard',
  'output-escaped',
  'temp-files-cleaned',
  'injection-safe',
  'tls-verified',
  'auth-sound',
  'uploads-validated',
  'webhooks-verified',
  'logs-clean',
  'staged-scan',
  'no-hardcoded-secrets',
  'dependencies-audited',
  'history-clean',
  'security-headers',
  'production-config',
];

test('every item file parses, with its id equal to its file name', () => {
  assert.deepEqual(loaded.errors, []);
  const files = readdirSync(DIR)
    .filter((n) => n.endsWith('.md'))
    .sort();
  assert.deepEqual(loaded.items.map((i) => `${i.id}.md`).sort(), files);
  assert.equal(new Set(loaded.items.map((i) => i.id)).size, loaded.items.length);
});

test('every agreed item id exists', () => {
  const ids = new Set(loaded.items.map((i) => i.id));
  assert.deepEqual(
    AGREED.filter((id) => !ids.has(id)),
    [],
  );
});

test('every rule names a checklist item that exists, and that item is a rule-findings item naming the rule', () => {
  const byId = new Map(loaded.items.map((i) => [i.id, i]));
  const problems: string[] = [];
  for (const r of RULES) {
    const item = byId.get(r.meta.checklistItem);
    if (!item) problems.push(`${r.meta.id} -> missing item ${r.meta.checklistItem}`);
    else if (item.evidence.kind === 'rule-findings' && !stringList(item, 'rules').includes(r.meta.id))
      problems.push(`${r.meta.id} -> ${item.id} does not list it in evidence.rules`);
  }
  assert.deepEqual(problems, []);
});

test("a rule-findings item's rules are the registry's rules naming it, in registry order (files list none)", () => {
  for (const item of loaded.items.filter((i) => i.evidence.kind === 'rule-findings'))
    assert.deepEqual(
      stringList(item, 'rules'),
      RULES.filter((r) => r.meta.checklistItem === item.id).map((r) => r.meta.id),
      item.id,
    );
  const listed = readdirSync(DIR)
    .filter((f) => /^\s+rules:/m.test(readFileSync(join(DIR, f), 'utf8')))
    .sort();
  assert.deepEqual(listed, [], 'checklist items list rules by hand: the registry (meta.checklistItem) is the one list');
});

test('every rule a rule-findings item names exists in the registry', () => {
  const ids = new Set(RULES.map((r) => r.meta.id));
  const missing = loaded.items
    .filter((i) => i.evidence.kind === 'rule-findings')
    .flatMap((i) =>
      stringList(i, 'rules')
        .filter((r) => !ids.has(r))
        .map((r) => `${i.id}: ${r}`),
    );
  assert.deepEqual(missing, []);
});

test('items use only known evidence kinds and every phase has items', () => {
  for (const i of loaded.items) assert.ok((EVIDENCE_KINDS as readonly string[]).includes(i.evidence.kind), i.id);
  assert.deepEqual([...new Set(loaded.items.map((i) => i.phase))].sort(), [
    'before-coding',
    'before-commit',
    'before-deploy',
    'every-endpoint',
  ]);
});
