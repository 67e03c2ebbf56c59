// auth-conditional: the guard finding's fix both drops the guard and makes the read fail hard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/syntax/fixes';
import { findings, ready } from '../helpers/core';

test('the `if KEY and ...` guard fix removes the guard and reads the key fail-hard', async () => {
  await ready();
  const text =
    'import os\n\nAPI_KEY = os.getenv("API_KEY")\n\n\ndef check(key):\n    if API_KEY and key != API_KEY:\n' +
    '        raise PermissionError()\n';
  const guard = findings('app/auth.py', text, 'auth-conditional').find((f) => text.slice(f.start, f.end) === 'API_KEY');
  assert.ok(guard, 'the guard is reported');
  const fix = guard.fixes?.[0];
  assert.ok(fix?.preferred);
  assert.equal(
    applyEdits(text, fix.edits),
    'import os\n\nAPI_KEY = os.environ["API_KEY"]\n\n\ndef check(key):\n    if key != API_KEY:\n' +
      '        raise PermissionError()\n',
  );
});

test('a JS `&&` guard on process.env is reported without a read to rewrite', async () => {
  await ready();
  const text = 'if (process.env.TOKEN && req.headers.token !== process.env.TOKEN) deny();\n';
  const [f] = findings('src/mw.js', text, 'auth-conditional');
  assert.equal(text.slice(f.start, f.end), 'process.env.TOKEN');
  assert.equal(applyEdits(text, f.fixes![0].edits), 'if (req.headers.token !== process.env.TOKEN) deny();\n');
});
