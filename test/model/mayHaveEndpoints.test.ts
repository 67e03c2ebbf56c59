// `mayHaveEndpoints` lets `preflight lint` leave out the project-model facts of files that cannot define an
// endpoint (and, in a project without one, all facts): it must say yes for every file whose parsed facts hold
// an endpoint. Checked over every code file of the test fixtures and of ../shared/realworld.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initParsers } from '../../server/src/parse/parser';
import { factsOfText } from '../../server/src/model/build';
import { hasEndpoints, mayHaveEndpoints } from '../../server/src/model/facts';
import { REPO } from '../helpers/core';

const CODE = /\.(py|[cm]?[jt]sx?)$/;

function codeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === '.git') continue;
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) codeFiles(p, out);
    else if (st?.isFile() && CODE.test(name) && st.size < 1 << 20) out.push(p);
  }
  return out;
}

/** Files whose facts hold an endpoint, and those of them the text test would have left out. */
function check(root: string): { withEndpoints: number; missed: string[]; skippable: number } {
  let withEndpoints = 0;
  let skippable = 0;
  const missed: string[] = [];
  for (const file of codeFiles(root)) {
    const rel = relative(root, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    const may = mayHaveEndpoints(rel.endsWith('.py') ? 'python' : 'js', text, rel);
    if (!may) skippable++;
    const facts = factsOfText(rel, text);
    if (!facts || !hasEndpoints(facts)) continue;
    withEndpoints++;
    if (!may) missed.push(rel);
  }
  return { withEndpoints, missed, skippable };
}

test('every fixture file whose facts hold an endpoint passes the text test', async () => {
  await initParsers();
  const r = check(join(REPO, 'test', 'fixtures'));
  assert.ok(r.withEndpoints > 100, `only ${r.withEndpoints} fixture files with endpoints`);
  assert.ok(r.skippable > 100, `the text test leaves out only ${r.skippable} fixture files`);
  assert.deepEqual(r.missed, []);
});

test('every ../shared/realworld file whose facts hold an endpoint passes the text test', async (t) => {
  const realworld = join(REPO, '..', 'shared', 'realworld');
  if (!existsSync(realworld)) {
    t.diagnostic('../shared/realworld not found: not run');
    return;
  }
  await initParsers();
  const r = check(realworld);
  assert.ok(r.withEndpoints > 20, `only ${r.withEndpoints} realworld files with endpoints`);
  assert.deepEqual(r.missed, []);
});
