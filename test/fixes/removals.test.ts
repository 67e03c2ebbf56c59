// Fixes that delete a whole statement keep the block around it valid: the only statement of a Python block
// becomes `pass`, a JS block stays `{}` (a braceless `if` gets one), so a conditional override disappears
// without taking the next statement into the `if`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, ready } from '../helpers/core';

test('tls-verify-off: removing the only statement of a block keeps the block', async () => {
  await ready();
  assert.equal(
    applyFix(
      'c.py',
      'import requests\n\nsession = requests.Session()\nif DEV:\n    session.verify = False\n',
      'tls-verify-off',
    ),
    'import requests\n\nsession = requests.Session()\nif DEV:\n    pass\n',
  );
  const py =
    'import ssl\n\n\ndef f(context):\n    if LOCAL:\n        context.check_hostname = False\n' +
    '        context.verify_mode = ssl.CERT_NONE\n    return context\n';
  assert.equal(
    applyFix('d.py', py, 'tls-verify-off'),
    'import ssl\n\n\ndef f(context):\n    if LOCAL:\n        pass\n    return context\n',
  );
  const js = 'if (process.env.DEV) {\n  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n}\nconst x = 1;\n';
  assert.equal(applyFix('a.js', js, 'tls-verify-off'), 'if (process.env.DEV) {\n}\nconst x = 1;\n');
  const braceless = 'const https = require("https");\nif (dev) https.globalAgent.options.rejectUnauthorized = false;\n';
  assert.equal(applyFix('b.js', braceless, 'tls-verify-off'), 'const https = require("https");\nif (dev) {}\n');
});
