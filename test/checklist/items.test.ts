// Checklist item files: parsing, validation errors that name the file, and loading around broken files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ItemError, loadItems, parseItem } from '../../server/src/checklist/items';

const good = (id: string, extra = ''): string =>
  `---\nid: ${id}\nphase: before-coding\ntitle: A title\nseverity: high\nevidence:\n  kind: manual\n${extra}---\n` +
  `## Why\nBecause.\n`;

test('a valid item parses with its evidence parameters and body', () => {
  const item = parseItem(
    '---\nid: x-y\nphase: before-deploy\ntitle: T\nseverity: low\nevidence:\n  kind: rule-findings\n' +
      '  rules: [a, b]\n---\nBody text\n',
    'x-y.md',
  );
  assert.equal(item.phase, 'before-deploy');
  assert.equal(item.evidence.kind, 'rule-findings');
  assert.deepEqual(item.evidence.params.rules, ['a', 'b']);
  assert.equal(item.body, 'Body text');
});

test('broken items give an ItemError naming the file and the problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['no front matter at all', /missing YAML front-matter/],
    ['---\nid: [unclosed\n---\nbody', /invalid YAML/],
    ['---\n- a list\n---\nbody', /must be a YAML mapping/],
    ['---\nid: Bad Id\nphase: before-coding\ntitle: t\nseverity: high\nevidence: {kind: manual}\n---\nb', /kebab-case/],
    ['---\nid: a\nphase: later\ntitle: t\nseverity: high\nevidence: {kind: manual}\n---\nb', /"phase" must be one of/],
    [
      '---\nid: a\nphase: before-coding\ntitle: t\nseverity: high\nevidence: {kind: telepathy}\n---\nb',
      /evidence\.kind/,
    ],
    [
      '---\nid: a\nphase: before-coding\ntitle: t\nseverity: high\nevidence: {kind: rule-findings}\n---\nb',
      /evidence\.rules/,
    ],
    ['---\nid: a\nphase: before-coding\ntitle: t\nseverity: high\nevidence: {kind: manual}\n---\n', /body/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseItem(text, 'broken.md'),
      (e: unknown) =>
        e instanceof ItemError &&
        e.file === 'broken.md' &&
        message.test(e.message) &&
        e.message.startsWith('broken.md:'),
      text,
    );
  }
});

test('loadItems keeps good items and reports broken, misnamed and duplicate files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-items-'));
  try {
    writeFileSync(join(dir, 'alpha.md'), good('alpha'));
    writeFileSync(join(dir, 'beta.md'), '---\n: : :\n---\n');
    writeFileSync(join(dir, 'gamma.md'), good('delta'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const loaded = loadItems(dir);
    assert.deepEqual(
      loaded.items.map((i) => i.id),
      ['alpha'],
    );
    assert.equal(loaded.errors.length, 2);
    assert.ok(loaded.errors.some((e) => e.startsWith('beta.md:')));
    assert.ok(loaded.errors.some((e) => /gamma\.md: id "delta" does not match/.test(e)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing checklist folder is an error message, not a crash', () => {
  const loaded = loadItems(join(tmpdir(), 'preflight-no-such-folder-xyz'));
  assert.equal(loaded.items.length, 0);
  assert.match(loaded.errors[0], /cannot read the checklist folder/);
});
