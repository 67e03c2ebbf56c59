// Messages are declared: every finding's text is a template from its rule's `meta.messages`, filled from the
// report's data. A rule reporting an undeclared id fails (and is isolated); a declared message that no fixture
// produces fails too, so the list of messages stays the list of things the rule can say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { formatMessage, placeholders } from '../../server/src/core/messages';
import type { Rule } from '../../server/src/core/types';
import { RULES } from '../../server/src/rules';
import { FIXTURES, fileOf, readFixture, ready, testRuleMeta } from '../helpers/core';
import { Rand, fakePrivateKey } from '../helpers/fakeSecrets';

/** Messages that need a whole credential, which is never committed (fakeSecrets.ts): built at test time. */
const GENERATED: Array<[string, string]> = [['src/deploy.py', `DEPLOY_KEY = """${fakePrivateKey(new Rand())}"""\n`]];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    return statSync(full).isDirectory() ? files(full) : f.endsWith('.fixed') ? [] : [full];
  });
}

test('formatMessage fills {{name}} from data and refuses unknown ids and missing data', () => {
  const meta = {
    id: 'demo',
    messages: { one: '{{who}} did {{what}}; {{who}} again.', jinja: 'every {{ value }} raw' },
  };
  assert.equal(formatMessage(meta, 'one', { who: 'A', what: '$& {{who}}' }), 'A did $& {{who}}; A again.');
  assert.equal(formatMessage(meta, 'jinja'), 'every {{ value }} raw', 'a spaced {{ value }} is literal text');
  assert.throws(() => formatMessage(meta, 'two'), /message id "two" is not in meta\.messages/);
  assert.throws(() => formatMessage(meta, 'toString'), /message id "toString" is not in meta\.messages/);
  assert.throws(() => formatMessage(meta, 'one', { who: 'A' }), /needs data\.what/);
  assert.deepEqual(placeholders(meta.messages.one), ['who', 'what']);
});

test('a rule reporting a message id it does not declare is a rule error; other rules still report', async () => {
  await ready();
  const typo: Rule = {
    meta: testRuleMeta('typo-rule', { messages: { declared: 'Declared.' } }),
    text(ctx) {
      ctx.report({ start: 0, end: 1, messageId: 'declared' });
      ctx.report({ start: 0, end: 1, messageId: 'undeclared' });
    },
  };
  const result = analyze([typo], fileOf('notes.txt', 'x\n'), {});
  assert.deepEqual(
    result.findings.map((f) => [f.messageId, f.message]),
    [['declared', 'Declared.']],
  );
  assert.equal(result.ruleErrors.length, 1);
  assert.match(String(result.ruleErrors[0].error), /typo-rule: message id "undeclared" is not in meta\.messages/);
});

test('every rule declares messages whose placeholders are plain names', () => {
  for (const rule of RULES) {
    const ids = Object.keys(rule.meta.messages);
    assert.ok(ids.length > 0, `${rule.meta.id} declares no messages`);
    for (const id of ids) {
      assert.match(id, /^[a-z][A-Za-z0-9]*$/, `${rule.meta.id}: message id "${id}" is not camelCase`);
      const template = rule.meta.messages[id];
      assert.ok(/[.)]$/.test(template), `${rule.meta.id}.${id} does not end a sentence: ${template}`);
      assert.doesNotMatch(template, /\{\{\s+\w+\}\}|\{\{\w+\s+\}\}/, `${rule.meta.id}.${id}: lopsided placeholder`);
    }
  }
});

test('every message a rule declares is produced by one of its fixtures, with every placeholder filled', async () => {
  await ready();
  const used = new Map<string, Set<string>>(RULES.map((r) => [r.meta.id, new Set<string>()]));
  const rules = join(FIXTURES, 'rules');
  for (const id of readdirSync(rules))
    for (const full of ['ng', 'ok', 'fix'].flatMap((kind) => files(join(rules, id, kind)))) {
      const rel = relative(join(rules, id), full).replace(/^(ng|ok|fix)\//, '');
      const result = analyze(RULES, fileOf(`src/${rel}`, readFixture(relative(FIXTURES, full))));
      assert.deepEqual(result.ruleErrors, [], relative(FIXTURES, full));
      for (const f of result.findings) {
        used.get(f.ruleId)?.add(f.messageId);
        assert.doesNotMatch(f.message, /\{\{\w+\}\}/, `${f.ruleId}.${f.messageId}: unfilled placeholder`);
      }
    }
  for (const [path, text] of GENERATED)
    for (const f of analyze(RULES, fileOf(path, text)).findings) used.get(f.ruleId)?.add(f.messageId);
  const unused = RULES.flatMap((r) =>
    Object.keys(r.meta.messages)
      .filter((m) => !used.get(r.meta.id)!.has(m))
      .map((m) => `${r.meta.id}.${m}`),
  );
  assert.deepEqual(unused, [], 'declared messages no fixture produces: add a fixture (or drop the message)');
});
