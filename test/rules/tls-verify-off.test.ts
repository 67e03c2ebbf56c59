// tls-verify-off in formats whose fixtures cannot carry an `expect:` comment on the line
// (.env values, Dockerfile instructions, JSON), and the exact text each removal leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, findings, lineAt, ready } from '../helpers/core';

const ID = 'tls-verify-off';

function lines(path: string, text: string): number[] {
  return findings(path, text, ID).map((f) => lineAt(text, f.start) + 1);
}

test('.env: the setting is flagged, a commented-out or enabling one is not, and the fix drops the line', async () => {
  await ready();
  const text =
    'PORT=3000\n# NODE_TLS_REJECT_UNAUTHORIZED=0\nNODE_TLS_REJECT_UNAUTHORIZED=0\n' +
    'OTHER_NODE_TLS_REJECT_UNAUTHORIZED=0\nNODE_TLS_REJECT_UNAUTHORIZED=1\n';
  assert.deepEqual(lines('app/.env', text), [3]);
  assert.equal(
    applyFix('app/.env', text, ID),
    'PORT=3000\n# NODE_TLS_REJECT_UNAUTHORIZED=0\nOTHER_NODE_TLS_REJECT_UNAUTHORIZED=0\n' +
      'NODE_TLS_REJECT_UNAUTHORIZED=1\n',
  );
});

test('Dockerfile: ENV key=value among others and the legacy `ENV key value` form', async () => {
  await ready();
  const text =
    'FROM node:20\nENV NODE_ENV=production NODE_TLS_REJECT_UNAUTHORIZED=0 PORT=8080\nENV PYTHONHTTPSVERIFY 0\n' +
    'CMD ["node", "server.js"]\n';
  assert.deepEqual(lines('Dockerfile', text), [2, 3]);
  assert.equal(
    applyFix('Dockerfile', text, ID),
    'FROM node:20\nENV NODE_ENV=production PORT=8080\nENV PYTHONHTTPSVERIFY 0\nCMD ["node", "server.js"]\n',
  );
  const legacy = 'FROM python:3.12\nENV PYTHONHTTPSVERIFY 0\n';
  assert.equal(applyFix('Dockerfile', legacy, ID), 'FROM python:3.12\n');
});

test('package.json scripts: the prefix is removed from the command, the script kept', async () => {
  await ready();
  const text =
    '{\n  "scripts": {\n    "start": "NODE_TLS_REJECT_UNAUTHORIZED=0 node server.js",\n' +
    '    "dev": "node --watch server.js"\n  }\n}\n';
  assert.deepEqual(lines('package.json', text), [3]);
  assert.equal(
    applyFix('package.json', text, ID),
    '{\n  "scripts": {\n    "start": "node server.js",\n    "dev": "node --watch server.js"\n  }\n}\n',
  );
});

test('prose and unrelated files are not scanned as configuration', async () => {
  await ready();
  assert.deepEqual(lines('docs/setup.md', 'Never use NODE_TLS_REJECT_UNAUTHORIZED=0.\n'), []);
  assert.deepEqual(lines('notes.txt', 'NODE_TLS_REJECT_UNAUTHORIZED=0\n'), []);
  assert.deepEqual(lines('Procfile', 'web: NODE_TLS_REJECT_UNAUTHORIZED=0 node server.js\n'), [1]);
});

test('shell: a space-separated value is not an assignment', async () => {
  await ready();
  assert.deepEqual(lines('run.sh', 'echo NODE_TLS_REJECT_UNAUTHORIZED 0\n'), []);
});

test('Python: a lone override in a block becomes pass; CERT_NONE and check_hostname go together', async () => {
  await ready();
  const text =
    'import ssl\n\nctx = ssl.create_default_context()\nif True:\n    ctx.check_hostname = False\n' +
    '    ctx.verify_mode = ssl.CERT_NONE\n';
  assert.deepEqual(lines('src/tls.py', text), [5, 6]);
  assert.equal(
    applyFix('src/tls.py', text, ID),
    'import ssl\n\nctx = ssl.create_default_context()\nif True:\n    pass\n',
  );
});
