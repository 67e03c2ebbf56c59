// A rule is four files: server/src/rules/<id>.ts (with its parts, if any, in a folder named <id>/),
// test/fixtures/rules/<id>/, docs/rules/<id>.md and its line in server/src/rules/index.ts. The README table and
// the checklist's rule lists are derived from the registry (docs.test.ts, checklistConsistency.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { REPO } from '../helpers/core';

const DIR = join(REPO, 'server', 'src', 'rules');
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ids = new Set(RULES.map((r) => r.meta.id));

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? [`${prefix}${f}/`, ...walk(join(dir, f), `${prefix}${f}/`)] : [prefix + f],
  );
}

test('rule files and folders are named after rule ids, in kebab-case', () => {
  const entries = walk(DIR);
  assert.deepEqual(
    entries.filter((e) => !e.split('/').every((part) => !part || KEBAB.test(part.replace(/\.ts$/, '')))),
    [],
    'file and folder names under server/src/rules are kebab-case',
  );
  const top = readdirSync(DIR).filter((f) => f !== 'index.ts');
  assert.deepEqual(
    top.filter((f) => !ids.has(f.replace(/\.ts$/, ''))),
    [],
    'every file and folder in server/src/rules is a registered rule id (helpers go in the folder of their rule)',
  );
  assert.deepEqual(
    [...ids].filter((id) => !existsSync(join(DIR, `${id}.ts`))),
    [],
    'every rule lives in server/src/rules/<id>.ts',
  );
});

test('every rule has its fixtures folder and doc page, and the registry names it once', () => {
  const registry = readFileSync(join(DIR, 'index.ts'), 'utf8');
  for (const id of ids) {
    assert.ok(existsSync(join(REPO, 'test', 'fixtures', 'rules', id, 'ng')), `test/fixtures/rules/${id}/ng`);
    assert.ok(existsSync(join(REPO, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`);
    assert.equal(registry.split(`from './${id}';`).length - 1, 1, `index.ts imports ./${id} once`);
  }
  assert.equal(RULES.length, ids.size, 'rule ids are unique');
});
