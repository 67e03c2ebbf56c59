// sql-injection, command-injection, code-exec, insecure-deserialization beyond the fixtures: when the
// automatic fix is (and is not) offered, and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { applyFix, findings, ready } from '../helpers/core';

function fixCount(path: string, text: string, rule: string): number {
  const f = findings(path, text, rule);
  assert.equal(f.length, 1, `one ${rule} finding expected in ${path}`);
  return f[0].fixes?.length ?? 0;
}

test('sql-injection: no fix without a known driver, inside a LIKE literal, or with a format spec', async () => {
  await ready();
  assert.equal(
    fixCount('a.py', 'def f(cur, x):\n    cur.execute(f"SELECT * FROM t WHERE id = {x}")\n', 'sql-injection'),
    0,
  );
  assert.equal(
    fixCount(
      'a.py',
      'import sqlite3\ndef f(cur, q):\n    cur.execute(f"SELECT * FROM t WHERE name LIKE \'%{q}%\'")\n',
      'sql-injection',
    ),
    0,
  );
  assert.equal(
    fixCount(
      'a.py',
      'import sqlite3\ndef f(cur, q):\n    cur.execute(f"SELECT * FROM t WHERE name = {q!r}")\n',
      'sql-injection',
    ),
    0,
  );
  assert.equal(
    fixCount(
      'a.py',
      'import psycopg2\ndef f(cur, q):\n    cur.execute(f"SELECT * FROM t WHERE a LIKE \'x%\' AND b = {q}")\n',
      'sql-injection',
    ),
    0,
  );
});

test('sql-injection: no parameter where the splice is SQL syntax, a quoted name or glued text', async () => {
  await ready();
  const py = (sql: string) =>
    `import sqlite3\ndef f(cur, table, col, ids, suffix, n, where_sql, x):\n    cur.execute(f"${sql}")\n`;
  for (const sql of [
    'SELECT * FROM {table} WHERE id = 1',
    'SELECT * FROM users ORDER BY {col}',
    'SELECT * FROM users WHERE id IN ({ids})',
    'SELECT * FROM users_{suffix} WHERE id = 1',
    'SELECT * FROM users LIMIT {n}',
    'SELECT * FROM users WHERE id = {where_sql}',
    'SELECT * FROM users WHERE name = \\"{x}\\"',
    'SELECT * FROM users WHERE id = {x}1',
  ])
    assert.equal(fixCount('a.py', py(sql), 'sql-injection'), 0, sql);
  const js = (sql: string) => `const { Pool } = require('pg');\npool.query(\`${sql}\`);\n`;
  for (const sql of [
    'SELECT * FROM ${table} WHERE id = 1',
    'SELECT * FROM users ORDER BY ${sortBy}',
    'SELECT * FROM users WHERE "${col}" = 1',
    'SELECT * FROM users WHERE id IN (${ids.join(",")})',
    'SELECT * FROM users WHERE ${whereClause}',
  ])
    assert.equal(fixCount('a.js', js(sql), 'sql-injection'), 0, sql);
  // A value after a comparison or inside single quotes is still parameterised.
  assert.equal(
    applyFix('a.js', js("SELECT * FROM users WHERE id <= ${id} AND name LIKE '${name}'"), 'sql-injection'),
    "const { Pool } = require('pg');\npool.query(`SELECT * FROM users WHERE id <= $1 AND name LIKE $2`, [id, name]);\n",
  );
});

test('sql-injection: a raw multi-line f-string keeps its prefix and layout', async () => {
  await ready();
  const text =
    'import sqlite3\ndef f(cur, x):\n    cur.execute(rf"""\n        SELECT * FROM t\n' +
    '        WHERE id = {x}\n    """)\n';
  assert.equal(
    applyFix('a.py', text, 'sql-injection'),
    'import sqlite3\ndef f(cur, x):\n    cur.execute(r"""\n        SELECT * FROM t\n        WHERE id = ?\n' +
      '    """, (x,))\n',
  );
});

test('command-injection: pipes, quotes and glued values are not split', async () => {
  await ready();
  const base = (cmd: string) => `import subprocess\ndef f(x):\n    subprocess.run(f"${cmd}", shell=True)\n`;
  assert.equal(fixCount('a.py', base('cat {x} | wc -l'), 'command-injection'), 0);
  assert.equal(fixCount('a.py', base("grep '{x}' log"), 'command-injection'), 0);
  assert.equal(fixCount('a.py', base('tool --out={x}'), 'command-injection'), 0);
  assert.equal(fixCount('a.py', base('{x} --version'), 'command-injection'), 0);
});

test('command-injection: an aliased exec import is flagged without a fix; a named import gains execFile', async () => {
  await ready();
  assert.equal(
    fixCount('a.js', "const { exec: run } = require('child_process');\nrun(`ls ${dir}`);\n", 'command-injection'),
    0,
  );
  assert.equal(
    applyFix('a.mjs', "import { exec } from 'node:child_process';\nexec(`ls -la ${dir}`, cb);\n", 'command-injection'),
    "import { exec, execFile } from 'node:child_process';\nexecFile('ls', ['-la', String(dir)], cb);\n",
  );
});

test('command-injection (JS): execFileSync gets String(value), so a number runs as the template ran it', async () => {
  await ready();
  const text =
    "const { execSync } = require('child_process');\n" +
    "module.exports = (count) => execSync(`echo ${count}`, { encoding: 'utf8' });\n";
  const fixed = applyFix('tool.js', text, 'command-injection');
  assert.equal(
    fixed,
    "const { execSync, execFileSync } = require('child_process');\n" +
      "module.exports = (count) => execFileSync('echo', [String(count)], { encoding: 'utf8' });\n",
  );
  const load = (code: string) => {
    const module = { exports: (_: unknown): string => '' };
    runInNewContext(code, { require, module });
    return module.exports;
  };
  for (const value of [3, 'abc', 0]) assert.equal(load(fixed)(value), load(text)(value), String(value));
});

test('command-injection: a method named exec on another object is not child_process', async () => {
  await ready();
  assert.deepEqual(
    findings('a.js', "const { exec } = require('child_process');\nregex.exec(`${input}`);\n", 'command-injection'),
    [],
  );
});

test('code-exec: a module-level eval definition shadows the built-in', async () => {
  await ready();
  assert.deepEqual(findings('a.py', 'def eval(x):\n    return x\n\nprint(eval(input()))\n', 'code-exec'), []);
  assert.equal(findings('a.py', 'print(eval(input()))\n', 'code-exec').length, 1);
});

test('insecure-deserialization: a pickle opened from a request path is flagged, the app model is not', async () => {
  await ready();
  assert.equal(
    findings(
      'a.py',
      'import pickle\nfrom flask import request\nobj = pickle.load(open(request.args["p"], "rb"))\n',
      'insecure-deserialization',
    ).length,
    1,
  );
  assert.deepEqual(
    findings('a.py', 'import pickle\nobj = pickle.load(open("model.pkl", "rb"))\n', 'insecure-deserialization'),
    [],
  );
});

test('insecure-deserialization: a positional loader argument is removed with its comma', async () => {
  await ready();
  assert.equal(
    applyFix('a.py', 'import yaml\ncfg = yaml.load(text, yaml.Loader)\n', 'insecure-deserialization'),
    'import yaml\ncfg = yaml.safe_load(text)\n',
  );
});

test('broken input never throws in the injection rules', async () => {
  await ready();
  const rules = ['sql-injection', 'command-injection', 'code-exec', 'insecure-deserialization'];
  for (const [path, text] of [
    ['a.py', 'cur.execute(f"SELECT {'],
    ['a.py', 'subprocess.run(f"ls {x'],
    ['a.py', 'yaml.load(\n'],
    ['a.js', 'pool.query(`SELECT ${'],
    ['a.js', "const { exec } = require('child_process'); exec(`ls ${"],
    ['a.ts', 'new Function(`${'],
  ]) {
    for (const rule of rules) assert.doesNotThrow(() => findings(path, text, rule), `${rule} on ${text}`);
  }
});
