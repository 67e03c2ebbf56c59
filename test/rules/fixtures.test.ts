// Every rule's fixtures: ng files must fire exactly on the lines marked `expect: <rule-id>`, ok files must not
// fire at all, and fix/ files must become their `.fixed` twin after the preferred fix. Beyond the marked lines,
// `expected.tsv` pins every finding's line, column, message id and severity (two findings on one line cannot
// pass unseen), and `fixes.txt` the exact text of every fix alternative, preferred or not.
// After a deliberate change: `npm run regenerate`, then read the diff of those files like code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { FIXTURES, applyFix, findings, lineAt, readFixture, ready } from '../helpers/core';
import { TSV_HEADER, findingRows, fixBlocks } from '../helpers/expectations';

const MARK = /expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;
const UPDATE = process.env.PREFLIGHT_UPDATE_FIXTURES === '1';

/** Fixture files below a folder, as relative paths (sub-folders allowed, e.g. Next.js `app/api/x/route.ts`). */
function list(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const full = join(dir, f);
      if (statSync(full).isDirectory()) return list(full, `${prefix}${f}/`);
      return f.endsWith('.fixed') ? [] : [`${prefix}${f}`];
    });
}

/** The rows of `expected.tsv` (or the blocks of `fixes.txt`) that belong to one fixture file. */
function expectedFor(lines: readonly string[], file: string, blockStart?: string): string[] {
  if (!blockStart) return lines.filter((l) => l.split('\t')[0] === file);
  const out: string[] = [];
  let mine = false;
  for (const l of lines) {
    if (l.startsWith(blockStart)) mine = l.startsWith(`${blockStart}${file}:`);
    if (mine) out.push(l);
  }
  return out;
}

function readLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

for (const rule of RULES) {
  const id = rule.meta.id;
  const base = join(FIXTURES, 'rules', id);
  const pinned = [...list(join(base, 'ng')).map((n) => `ng/${n}`), ...list(join(base, 'fix')).map((n) => `fix/${n}`)];
  const tsvPath = join(base, 'expected.tsv');
  const fixesPath = join(base, 'fixes.txt');
  // Read when a test runs, after the update test (which runs first) has rewritten them.
  const rows = () => readLines(tsvPath).slice(1);
  const blocks = () => readLines(fixesPath);
  /** This rule's findings in one pinned fixture, analysed as `src/<name>` like every fixture. */
  const ownFindings = (file: string) =>
    findings(`src/${file.replace(/^(ng|fix)\//, '')}`, readFixture(join('rules', id, file)), id);

  if (UPDATE)
    test(`${id}: expected.tsv and fixes.txt regenerated`, async () => {
      await ready();
      const tsv = [TSV_HEADER];
      const fixes: string[] = [];
      for (const file of pinned) {
        const text = readFixture(join('rules', id, file));
        tsv.push(...findingRows(file, text, ownFindings(file)));
        fixes.push(...fixBlocks(file, text, ownFindings(file)));
      }
      writeFileSync(tsvPath, `${tsv.join('\n')}\n`);
      writeFileSync(fixesPath, fixes.length ? `${fixes.join('\n')}\n` : '');
    });

  test(`${id}: has must-fire and must-not-fire fixtures, and expectations for exactly those files`, () => {
    assert.ok(list(join(base, 'ng')).length > 0, `test/fixtures/rules/${id}/ng is empty`);
    assert.ok(list(join(base, 'ok')).length > 0, `test/fixtures/rules/${id}/ok is empty`);
    assert.equal(readLines(tsvPath)[0], TSV_HEADER, `test/fixtures/rules/${id}/expected.tsv: missing or no header`);
    const named = new Set([
      ...rows().map((r) => r.split('\t')[0]),
      ...blocks()
        .filter((l) => l.startsWith('=== '))
        .map((l) => l.slice(4, l.indexOf(':'))),
    ]);
    assert.deepEqual(
      [...named].filter((f) => !pinned.includes(f)),
      [],
      'expectations for fixtures that do not exist',
    );
  });
  for (const name of list(join(base, 'ng'))) {
    test(`${id}: ng/${name} fires on every marked line and nowhere else`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'ng', name));
      const expected = new Set<number>();
      text.split('\n').forEach((line, i) => {
        const m = MARK.exec(line);
        if (
          m &&
          m[1]
            .split(',')
            .map((s) => s.trim())
            .includes(id)
        )
          expected.add(i);
      });
      assert.ok(expected.size > 0, 'an ng fixture must mark its expected lines');
      const got = new Set(findings(`src/${name}`, text, id).map((f) => lineAt(text, f.start)));
      assert.deepEqual(
        [...got].sort((a, b) => a - b),
        [...expected].sort((a, b) => a - b),
      );
    });
  }
  for (const file of pinned) {
    test(`${id}: ${file} reports exactly the findings and fixes in expected.tsv and fixes.txt`, async () => {
      await ready();
      const text = readFixture(join('rules', id, file));
      const got = ownFindings(file);
      assert.deepEqual(findingRows(file, text, got), expectedFor(rows(), file), `${id}/expected.tsv`);
      assert.deepEqual(fixBlocks(file, text, got), expectedFor(blocks(), file, '=== '), `${id}/fixes.txt`);
    });
  }
  for (const name of list(join(base, 'ok'))) {
    test(`${id}: ok/${name} does not fire`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'ok', name));
      assert.deepEqual(
        findings(`src/${name}`, text, id).map((f) => `${lineAt(text, f.start) + 1}: ${f.message}`),
        [],
      );
    });
  }
  for (const name of list(join(base, 'fix'))) {
    test(`${id}: fix/${name} becomes ${name}.fixed`, async () => {
      await ready();
      const text = readFixture(join('rules', id, 'fix', name));
      const expected = readFixture(join('rules', id, 'fix', `${name}.fixed`));
      assert.equal(applyFix(`src/${name}`, text, id), expected);
    });
  }
}
