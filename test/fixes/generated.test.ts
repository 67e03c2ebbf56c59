// Generated code follows the project: randomUUID suits engines.node; Python imports go after the docstring
// and `from __future__` imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { applyEdits, ensurePythonFromImport } from '../../server/src/syntax/fixes';
import { parse } from '../../server/src/parse/parser';
import { rangeAllowsBelow } from '../../server/src/syntax/nodeVersion';
import { applyFix, fileOf, ready } from '../helpers/core';

const HANDLER =
  "app.get('/u', async (req, res) => {\n  try {\n    res.json(await load());\n  } catch (err) {\n" +
  '    res.status(500).json({ error: err.message });\n  }\n});\n';

function fixed(path: string, text: string, pkg?: string): string {
  const result = analyze(RULES, fileOf(path, text), { readFile: (p) => (p === 'package.json' ? pkg : undefined) });
  const fix = result.findings.find((f) => f.ruleId === 'error-leak')?.fixes?.find((f) => f.preferred);
  assert.ok(fix, 'an error-leak fix');
  return applyEdits(text, fix.edits);
}

const BODY = (call: string) =>
  `app.get('/u', async (req, res) => {\n  try {\n    res.json(await load());\n  } catch (err) {\n` +
  `    const errorId = ${call};\n    console.error(\`request failed (errorId=\${errorId})\`, err);\n` +
  `    res.status(500).json({ error: \`Internal error (id \${errorId})\` });\n  }\n});\n`;

test('engines allowing Node < 19: randomUUID is imported from node:crypto (CommonJS and ESM)', async () => {
  await ready();
  const cjs = `const express = require('express');\nconst app = express();\n${HANDLER}`;
  assert.equal(
    fixed('server.js', cjs, '{"engines":{"node":">=16"}}'),
    `const express = require('express');\nconst { randomUUID } = require('node:crypto');\n` +
      `const app = express();\n${BODY('randomUUID()')}`,
  );
  const esm = `import express from 'express';\nconst app = express();\n${HANDLER}`;
  assert.equal(
    fixed('server.mjs', esm, '{"engines":{"node":"^18.12.0"}}'),
    `import express from 'express';\nimport { randomUUID } from 'node:crypto';\n` +
      `const app = express();\n${BODY('randomUUID()')}`,
  );
});

test('Node >= 19 (or no engines): the global crypto.randomUUID(); an existing crypto import is reused', async () => {
  await ready();
  const cjs = `const express = require('express');\nconst app = express();\n${HANDLER}`;
  assert.equal(
    fixed('server.js', cjs, '{"engines":{"node":">=20"}}'),
    `const express = require('express');\nconst app = express();\n${BODY('crypto.randomUUID()')}`,
  );
  assert.equal(
    fixed('server.js', cjs),
    `const express = require('express');\nconst app = express();\n${BODY('crypto.randomUUID()')}`,
  );
  const own = `const nodeCrypto = require('crypto');\nconst app = require('express')();\n${HANDLER}`;
  assert.equal(
    fixed('server.js', own, '{"engines":{"node":">=14"}}'),
    `const nodeCrypto = require('crypto');\nconst app = require('express')();\n${BODY('nodeCrypto.randomUUID()')}`,
  );
});

test('semver ranges: which admit a Node major below 19', () => {
  for (const r of ['>=14', '^18.2.0', '16.x || >=20', '>=14 <21', '*', '<20', '>18.5', '18'])
    assert.ok(rangeAllowsBelow(r, 19), r);
  for (const r of ['>=19', '^20.0.0', '>=20 <23', '20.x || 22.x', '>18']) assert.ok(!rangeAllowsBelow(r, 19), r);
});

test('Python: imports go after the module docstring and __future__ imports', async () => {
  await ready();
  const text = '"""Settings."""\nfrom __future__ import annotations\n\nDB_PASSWORD = "mysecretkey123"\n';
  assert.equal(
    applyFix('app/settings.py', text, 'hardcoded-secret'),
    '"""Settings."""\nfrom __future__ import annotations\nimport os\n\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n',
  );
  const tree = parse('python', '"""Views."""\nfrom __future__ import annotations\n\nenv = 1\n');
  assert.ok(tree);
  try {
    assert.deepEqual(ensurePythonFromImport(tree.rootNode, 'jinja2', 'select_autoescape'), [
      { start: 48, end: 48, newText: 'from jinja2 import select_autoescape\n' },
    ]);
  } finally {
    tree.delete();
  }
});
