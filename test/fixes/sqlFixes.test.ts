// Every parameterised-query fix runs on a real database: SQLite (Python's sqlite3) prepares the fixed query
// (valid SQL) and returns the same rows for it, with its values bound, as for the original string built
// with the same legitimate values, typed and as request strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/rules';
import { FIXTURES, fileOf, readFixture, ready } from '../helpers/core';

/** Our own query shapes beside the fixtures: quoted and bare values, several per query, INSERT and UPDATE. */
const SAMPLES: Array<[string, string]> = [
  [
    'samples/update.py',
    'import sqlite3\n\ndef rename(cur, name, id):\n' +
      '    cur.execute(f"UPDATE users SET name = \'{name}\' WHERE id = {id}")\n',
  ],
  [
    'samples/insert.py',
    'import pymysql\n\ndef add(cur, user_id, email):\n' +
      '    cur.execute(f"INSERT INTO users (id, email) VALUES ({user_id}, \'{email}\')")\n',
  ],
  [
    'samples/range.js',
    "const { Pool } = require('pg');\nasync function f(pool, id, status) {\n" +
      '  return pool.query(`SELECT * FROM users WHERE id >= ${id} AND status >= ${status} AND email LIKE ' +
      "'${email}'`);\n}\n",
  ],
];

/** Legitimate values for every name the fixed queries bind; a name missing here fails the test loudly. */
const VALUES: Record<string, string | number> = {
  id: 7,
  user_id: 9,
  order_id: 3,
  name: 'alice',
  username: 'alice',
  email: 'alice@example.com',
  status: 1,
};

interface Case {
  where: string;
  /** The original SQL built with the values. */
  original: string;
  /**
   * The fixed SQL with SQLite's own placeholder syntax for the driver's (`%s` -> `?`, `$n` -> `?n`), and its
   * parameters.
   */
  fixed: string;
  params: Array<string | number>;
}

const sqliteSyntax = (sql: string) => sql.replace(/%s/g, '?').replace(/\$(\d+)/g, '?$1');

/** Evaluates a fix's before/after text with the values: JS in this process, Python through python3. */
function cases(path: string, before: string, after: string, asText: boolean): Case[] {
  const where = `${path} (${asText ? 'text' : 'typed'})`;
  const names = [...new Set([...before.matchAll(/[{]\s*([A-Za-z_]\w*)\s*[}]/g)].map((m) => m[1]))];
  for (const n of names) assert.ok(n in VALUES, `${path}: add a legitimate value for ${n}`);
  const values = names.map((n) => (asText ? String(VALUES[n]) : VALUES[n]));
  if (/\.[cm]?[jt]sx?$/.test(path)) {
    const scope = () => Object.fromEntries(names.map((n, i) => [n, values[i]]));
    const original = runInNewContext(before, scope()) as string;
    const [fixed, params] = runInNewContext(`[${after}]`, scope()) as [string, Case['params']];
    return [{ where, original, fixed: sqliteSyntax(fixed), params }];
  }
  const script =
    'import json, sys\nd = json.load(sys.stdin)\nenv = dict(zip(d["names"], d["values"]))\n' +
    'sql, params = eval("(" + d["after"] + ")", {}, env)\n' +
    'print(json.dumps({"original": eval(d["before"], {}, env), "fixed": sql, "params": list(params)}))\n';
  const r = spawnSync('python3', ['-c', script], {
    input: JSON.stringify({ names, values, before, after }),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${path}: python3 could not evaluate the fix: ${r.error?.message ?? r.stderr}`);
  const out = JSON.parse(r.stdout) as Omit<Case, 'where'>;
  return [{ where, ...out, fixed: sqliteSyntax(out.fixed) }];
}

interface Outcome {
  where: string;
  /** Per query: the rows it returned, the rows changed, then the whole users table afterwards. */
  original?: unknown[];
  fixed?: unknown[];
  error?: string;
}

/** Runs each case's two queries on a fresh SQLite database (the first rolled back before the second). */
function runAll(all: Case[]): Outcome[] {
  const script = `
import json, sqlite3, sys
SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, name TEXT, email TEXT, status INTEGER);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total REAL);
INSERT INTO users VALUES (6, 'bob', 'bob', 'bob@example.com', 2), (7, 'alice', 'alice', 'alice@example.com', 1),
  (8, 'carol', 'carol', 'carol@example.com', 2);
INSERT INTO orders VALUES (2, 6, 5.0), (3, 7, 12.5), (4, 8, 1.0);
"""
def run(db, sql, params):
    before = db.total_changes
    rows = db.execute(sql, params).fetchall()
    return [rows, db.total_changes - before, db.execute("SELECT * FROM users ORDER BY id").fetchall()]
out = []
for c in json.load(sys.stdin):
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    try:
        original = run(db, c["original"], [])
        db.rollback()
        out.append({"where": c["where"], "original": original, "fixed": run(db, c["fixed"], c["params"])})
    except Exception as e:
        out.append({"where": c["where"], "error": str(e)})
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(all), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 with sqlite3 is needed for this test: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

function sqlFixFiles(): Array<[string, string]> {
  const dir = join(FIXTURES, 'rules', 'sql-injection');
  const files: Array<[string, string]> = [];
  for (const kind of ['ng', 'fix'])
    for (const f of readdirSync(join(dir, kind)))
      if (!f.endsWith('.fixed')) files.push([`${kind}/${f}`, readFixture(`rules/sql-injection/${kind}/${f}`)]);
  return [...files, ...SAMPLES];
}

test('every parameterised-query fix is valid SQL and returns what the original did for legitimate values', async () => {
  await ready();
  const all: Case[] = [];
  let fixes = 0;
  for (const [path, text] of sqlFixFiles()) {
    const found = analyze(RULES, fileOf(path, text)).findings.filter((f) => f.ruleId === 'sql-injection');
    for (const finding of found)
      for (const fix of finding.fixes ?? []) {
        assert.equal(fix.edits.length, 1, `${path}: one edit expected`);
        const [edit] = fix.edits;
        fixes++;
        for (const asText of [false, true])
          all.push(...cases(path, text.slice(edit.start, edit.end), edit.newText, asText));
      }
  }
  assert.ok(fixes >= 9, `only ${fixes} SQL fixes found`);
  const results = runAll(all);
  assert.equal(results.length, all.length);
  for (const r of results) {
    assert.equal(r.error, undefined, `${r.where}: ${r.error}`);
    assert.deepEqual(r.fixed, r.original, r.where);
    const [rows, changed] = r.original as [unknown[], number];
    assert.ok(rows.length > 0 || changed > 0, `${r.where}: the query matched nothing, so it proves nothing`);
  }
});

test('the check bites: a fix that quotes its placeholder or binds a column name is caught', () => {
  const broken: Case[] = [
    {
      where: 'quoted placeholder',
      original: "SELECT * FROM users WHERE name = 'alice'",
      fixed: "SELECT * FROM users WHERE name = '?'",
      params: [],
    },
    {
      where: 'bound column',
      original: 'SELECT name FROM users ORDER BY email',
      fixed: 'SELECT name FROM users ORDER BY ?',
      params: ['email'],
    },
    { where: 'bound table', original: 'SELECT * FROM users', fixed: 'SELECT * FROM ?', params: ['users'] },
  ];
  const results = runAll(broken);
  for (const r of results.slice(0, 2)) {
    assert.equal(r.error, undefined, r.where);
    assert.notDeepEqual(r.fixed, r.original, r.where);
  }
  assert.match(results[2].error ?? '', /syntax error/);
});
