// Every fix alternative a rule can offer has an exact-text test: its title (a literal or a template in the rule's
// source) matches a fix pinned in some rule's fixes.txt, or is named by a test that applies it and compares text
// (fixes needing workspace files, e.g. package.json or .gitignore, are tested with those files in test/rules and
// test/unit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from '../helpers/core';

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    return statSync(full).isDirectory() ? files(full, suffix) : f.endsWith(suffix) ? [full] : [];
  });
}

/** `title: '...'` or `` title: `...${x}...` `` in an object literal that also holds `edits` (a Fix). */
function fixTitles(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/title:\s*('[^'\n]*'|`[^`\n]*`)/g)) {
    const after = source.slice(m.index + m[0].length, m.index + m[0].length + 240);
    const objectRest = after.split(/\n\s*\}/)[0];
    if (/\bedits\b/.test(objectRest)) out.push(m[1]);
  }
  return out;
}

/** A title template as a pattern: `${...}` parts match any text. */
function pattern(title: string): RegExp {
  const body = title.slice(1, -1);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    body
      .split(/\$\{[^}]*\}/)
      .map(escape)
      .join('.+?'),
  );
}

test('every fix title in the rules is pinned by fixes.txt or an exact-text test', () => {
  const sources = files(join(REPO, 'server', 'src', 'rules'), '.ts');
  const pinned = files(join(REPO, 'test', 'fixtures', 'rules'), 'fixes.txt')
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.startsWith('=== '))
    .map((l) => l.replace(/^=== \S+ \S+ (\[preferred\] )?/, ''));
  const tests = [...files(join(REPO, 'test', 'rules'), '.test.ts'), ...files(join(REPO, 'test', 'unit'), '.test.ts')]
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const titles = sources.flatMap((f) => fixTitles(readFileSync(f, 'utf8')).map((t) => ({ file: f, title: t })));
  assert.ok(titles.length >= 25, `only ${titles.length} fix titles found: is the scan still right?`);
  const missing = titles.filter(({ title }) => {
    const p = pattern(title);
    return !pinned.some((t) => new RegExp(`^${p.source}$`).test(t)) && !p.test(tests);
  });
  assert.deepEqual(
    missing.map(({ file, title }) => `${relative(REPO, file)}: ${title}`),
    [],
  );
});
