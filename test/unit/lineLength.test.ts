// Lines stay within Prettier's printWidth (120, .prettierrc). Prettier cannot break strings and comments, so
// this test (and ESLint's max-len, eslint.config.mjs) holds them to the same width. A regular-expression literal
// alone on its line is the one exception: splitting it would only hide it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';

const WIDTH = 120;
const ROOTS = ['server/src', 'client/src', 'media/src', 'test', 'scripts', 'bin', '.'];
const SKIP = new Set(['node_modules', 'out', 'build', '.cache', '.git', 'fixtures']);
const SOURCE = /\.(?:ts|mjs|js)$/;
const REGEX_LINE = /^\s*\/(?![*/]).+\/[dgimsuy]*[;,)]?$/;

function sources(dir: string, deep: boolean): string[] {
  return readdirSync(join(REPO, dir)).flatMap((name) => {
    const rel = dir === '.' ? name : `${dir}/${name}`;
    if (SKIP.has(name)) return [];
    if (statSync(join(REPO, rel)).isDirectory()) return deep ? sources(rel, true) : [];
    return SOURCE.test(name) ? [rel] : [];
  });
}

test(`sources stay within ${WIDTH} columns (a regular-expression literal alone on its line excepted)`, () => {
  const files = [...new Set(ROOTS.flatMap((root) => sources(root, root !== '.')))];
  assert.ok(files.includes('server/src/rules/index.ts') && files.includes('eslint.config.mjs'), 'the walk finds them');
  const long = files.flatMap((f) =>
    readFileSync(join(REPO, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.length > WIDTH && !REGEX_LINE.test(line) ? [`${f}:${i + 1}`] : [])),
  );
  assert.deepEqual(long, [], 'split long strings and comments (Prettier does not)');
});
