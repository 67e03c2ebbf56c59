// A file so broken that its tree's root is an ERROR node: every rule runs to the end. Such a state (left by a
// random edit in the editor) made scope walks that stopped only at a "module" node loop forever, so the check
// runs in a child process with a timeout: a hang fails the test instead of hanging the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../server/src/core/analyze';
import { parse } from '../../server/src/parse/parser';
import { RULES } from '../../server/src/rules';
import { fileOf, ready } from '../helpers/core';

const text = [
  '.get("ADMIN_TOKEN") if token != ADMIN_TOKEN:',
  '    if not settings.API_KEY:  # expect: auth-conditional',
  '    if request.headers.get("x-api-key") != settings.API_KEY:',
  'if not WEBHOOK_SECRET:',
  '    if not hmac.compare_digest(x_api_key, API_KEY):',
  '    if DEBUG_NAME and flag == DEBUG_NAME:',
  '    if not settings.API_KEY:',
  '        raise RuntimeError("API_KEY must be ct.state.trace = request.headers.get(settings.TRACE_TOKEN_HEADER)',
  '    exec(SETUP)',
].join('\n');

if (process.env.PREFLIGHT_BROKEN_ROOT_CHILD) {
  void ready().then(() => {
    const root = parse('python', text)?.rootNode.type;
    const result = analyze(RULES, fileOf('app.py', text));
    process.stdout.write(JSON.stringify({ root, errors: result.ruleErrors.length, findings: result.findings.length }));
  });
} else {
  test('a file whose tree root is an ERROR node is analysed to the end by every rule', () => {
    const child = spawnSync(process.execPath, [__filename], {
      env: { ...process.env, PREFLIGHT_BROKEN_ROOT_CHILD: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.signal, null, 'the analysis finished (it was killed after 60 s)');
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout) as { root: string; errors: number; findings: number };
    assert.equal(out.root, 'ERROR', 'the scenario: the root itself is an ERROR node');
    assert.equal(out.errors, 0);
    assert.ok(out.findings > 0, 'rules still report in the broken file');
  });
}
