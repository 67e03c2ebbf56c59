// One problem, one finding: a literal signing key that also looks like a credential is reported once, by
// weak-signing-key, with hardcoded-secret's fixes kept as alternatives and counted for both checklist items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { scanFile } from '../../server/src/checklist/fileFacts';
import { applyEdits } from '../../server/src/syntax/fixes';
import { fileOf, ready } from '../helpers/core';

const APP = [
  'import jwt',
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  'app.secret_key = "devsecretkey2024"',
  'API_TOKEN = "Zq8Lm2Xv9Tb4Wk7Pn3Hs6Df1Gj5Rc0Yb"',
  '',
].join('\n');

const secretRules = (text: string, options = {}) =>
  analyze(RULES, fileOf('app.py', text), options).findings.filter((f) =>
    ['weak-signing-key', 'hardcoded-secret'].includes(f.ruleId),
  );

test('a signing key both rules see gives one weak-signing-key finding carrying both fixes', async () => {
  await ready();
  const found = secretRules(APP);
  assert.deepEqual(
    found.map((f) => [f.ruleId, APP.slice(f.start, f.end)]),
    [
      ['weak-signing-key', '"devsecretkey2024"'],
      ['hardcoded-secret', 'Zq8Lm2Xv9Tb4Wk7Pn3Hs6Df1Gj5Rc0Yb'],
    ],
    'the key is reported once; a secret no signing rule sees keeps its own finding',
  );
  const [key, token] = found;
  assert.deepEqual(key.alsoFor, ['hardcoded-secret']);
  assert.equal(token.alsoFor, undefined);
  assert.match(key.message, /use a new random key if this one was ever committed or shared/);
  assert.deepEqual(
    key.fixes?.map((f) => [f.title, f.preferred]),
    [
      ['Read SECRET_KEY from the environment (fails at startup when missing)', true],
      ['Move to environment variable SECRET_KEY', false],
    ],
  );
  const moved = key.fixes?.[1];
  assert.ok(moved);
  assert.ok(
    applyEdits(APP, moved.edits).includes('\napp.secret_key = os.environ["SECRET_KEY"]\n'),
    "hardcoded-secret's own fix is still there, unchanged",
  );
  assert.deepEqual(
    moved.otherFiles?.map((o) => o.path),
    ['.env.example'],
  );
});

test('ignoring the kept finding dismisses the problem; with weak-signing-key off the other reports', async () => {
  await ready();
  const suppressed = APP.replace(
    'app.secret_key = "devsecretkey2024"',
    'app.secret_key = "devsecretkey2024"  # preflight-ignore: weak-signing-key -- a dev app',
  );
  assert.deepEqual(
    secretRules(suppressed).map((f) => [f.ruleId, suppressed.slice(f.start, f.end)]),
    [['hardcoded-secret', 'Zq8Lm2Xv9Tb4Wk7Pn3Hs6Df1Gj5Rc0Yb']],
    'the signing key is not reported again as hardcoded-secret',
  );
  assert.deepEqual(
    secretRules(APP, { severities: { 'weak-signing-key': 'off' } }).map((f) => [f.ruleId, f.alsoFor]),
    [
      ['hardcoded-secret', undefined],
      ['hardcoded-secret', undefined],
    ],
  );
});

test("the checklist counts the kept finding for both rules' items", async () => {
  await ready();
  const facts = scanFile('app.py', APP);
  const onLine5 = facts.findings.filter((f) => f.line === 5).map((f) => f.ruleId);
  assert.deepEqual(onLine5.sort(), ['hardcoded-secret', 'weak-signing-key']);
});
