// Every rule's CWE/OWASP mapping is complete and printed the same way in SARIF, the rule docs and hovers; the
// SARIF of lint, the staged scan and the history scan passes the SARIF 2.1.0 JSON schema.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { githubSeverityName, OWASP_2021, sarifTags, taxonomyMarkdown } from '../../server/src/core/taxonomy';
import { RULES } from '../../server/src/rules';
import { REPO } from '../helpers/core';
import { fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';

const schema = JSON.parse(
  readFileSync(
    join(REPO, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
);
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.remove()));

test('every rule names CWE ids, an OWASP Top 10 2021 category and a score in range', () => {
  for (const { meta } of RULES) {
    assert.ok(meta.taxonomy.cwe.length > 0, meta.id);
    assert.ok(
      meta.taxonomy.cwe.every((c) => Number.isInteger(c) && c > 0),
      meta.id,
    );
    assert.ok(meta.taxonomy.owasp in OWASP_2021, meta.id);
    assert.ok(meta.taxonomy.securitySeverity > 0 && meta.taxonomy.securitySeverity <= 10, meta.id);
  }
  assert.equal(githubSeverityName(9.8), 'Critical');
  assert.equal(githubSeverityName(7.5), 'High');
  assert.equal(githubSeverityName(4.0), 'Medium');
  assert.equal(githubSeverityName(3.9), 'Low');
});

test("each rule's doc page shows the same mapping as SARIF and the hover", () => {
  for (const { meta } of RULES) {
    const doc = readFileSync(join(REPO, 'docs', 'rules', `${meta.id}.md`), 'utf8');
    assert.ok(doc.includes(taxonomyMarkdown(meta)), `docs/rules/${meta.id}.md lacks: ${taxonomyMarkdown(meta)}`);
  }
});

test('the schema check itself rejects a malformed log', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a SARIF log read back as plain JSON
function validSarif(text: string, what: string): any {
  const log = JSON.parse(text);
  assert.ok(validate(log), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return log;
}

test('lint SARIF passes the 2.1.0 schema and carries tags and security-severity per rule', () => {
  const r = tempRepo();
  repos.push(r);
  r.write('app.py', 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n');
  r.write('db.py', 'def q(cur, name):\n    cur.execute(f"SELECT * FROM t WHERE n = \'{name}\'")\n');
  const res = r.cli(['lint', '--format', 'sarif']);
  assert.equal(res.status, 1, res.stderr);
  const log = validSarif(res.stdout, 'lint');
  const rules = log.runs[0].tool.driver.rules as { id: string; properties: Record<string, unknown> }[];
  assert.equal(rules.length, RULES.length);
  for (const descriptor of rules) {
    const meta = RULES.find((x) => x.meta.id === descriptor.id)!.meta;
    assert.deepEqual(descriptor.properties.tags, [...sarifTags(meta), `checklist:${meta.checklistItem}`]);
    assert.equal(descriptor.properties['security-severity'], meta.taxonomy.securitySeverity.toFixed(1));
  }
  const sql = rules.find((x) => x.id === 'sql-injection')!;
  assert.deepEqual(sql.properties.tags, [
    'security',
    'external/cwe/cwe-089',
    'external/owasp/owasp-a03',
    'checklist:injection-safe',
  ]);
  assert.deepEqual(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort(), [
    'debug-mode',
    'sql-injection',
  ]);
});

test('staged-scan and history SARIF pass the schema too', () => {
  const r = tempRepo();
  repos.push(r);
  r.write('config.py', `TOKEN = "${fakeGithubToken()}"\n`);
  r.git('add', '.');
  const staged = r.cli(['scan', '--staged', '--format', 'sarif']);
  assert.equal(staged.status, 1, staged.stderr);
  assert.equal(validSarif(staged.stdout, 'scan --staged').runs[0].results.length, 1);
  r.git('commit', '-qm', 'key', '--no-verify');
  const history = r.cli(['history', '--format', 'sarif']);
  assert.equal(history.status, 1, history.stderr);
  assert.equal(validSarif(history.stdout, 'history').runs[0].results.length, 1);
});
