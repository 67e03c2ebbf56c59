// The streaming diff parser on hand-written diffs: paths, statuses, line numbers, edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiffParser, type AddedBlock, type DiffFile } from '../../server/src/git/diff';
import { parseDiffGitPaths, readQuoted } from '../../server/src/git/diffPaths';

function parse(diff: string): { files: DiffFile[]; blocks: AddedBlock[]; other: string[] } {
  const files: DiffFile[] = [];
  const blocks: AddedBlock[] = [];
  const other: string[] = [];
  const p = new DiffParser({
    onFile: (f) => {
      files.push(f);
    },
    onAdded: (b) => blocks.push(b),
    onOther: (l) => other.push(l),
  });
  for (const line of diff.split('\n')) p.push(line);
  p.end();
  return { files, blocks, other };
}

test('added lines get new-file line numbers across several -U0 hunks', () => {
  const { files, blocks } = parse(
    [
      'diff --git a/app.py b/app.py',
      'index 1111111..2222222 100644',
      '--- a/app.py',
      '+++ b/app.py',
      '@@ -3 +3 @@',
      '-old',
      '+new3',
      '@@ -10,0 +11,2 @@',
      '+a11',
      '+a12',
      '@@ -20,2 +22 @@',
      '-x',
      '-y',
      '+z22',
    ].join('\n'),
  );
  assert.equal(files.length, 1);
  assert.equal(files[0].status, 'modified');
  assert.deepEqual(
    blocks.map((b) => [b.firstLine, b.lines]),
    [
      [3, ['new3']],
      [11, ['a11', 'a12']],
      [22, ['z22']],
    ],
  );
});

test('quoted paths with spaces, unicode, quotes and escapes', () => {
  assert.deepEqual(readQuoted('"a/x\\"y\\\\z\\tw \\303\\251"', 0)?.value, 'a/x"y\\z\tw é');
  const { files, blocks } = parse(
    [
      'diff --git "a/sp ace é\\"q.py" "b/sp ace é\\"q.py"',
      'new file mode 100644',
      'index 0000000..d493a83',
      '--- /dev/null',
      '+++ "b/sp ace é\\"q.py"\t',
      '@@ -0,0 +1,2 @@',
      '+x = 1',
      '+y = 2',
    ].join('\n'),
  );
  assert.equal(files[0].newPath, 'sp ace é"q.py');
  assert.equal(files[0].status, 'added');
  assert.deepEqual(blocks[0].lines, ['x = 1', 'y = 2']);
  assert.deepEqual(parseDiffGitPaths('a/with space.txt b/with space.txt'), {
    oldPath: 'with space.txt',
    newPath: 'with space.txt',
  });
});

test('renames, copies, deletions, binaries, mode changes and submodules', () => {
  const { files, blocks } = parse(
    [
      'diff --git a/old name.py b/new name.py',
      'similarity index 100%',
      'rename from old name.py',
      'rename to new name.py',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      'index 1..0',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'index 0..1',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/lib b/lib',
      'new file mode 160000',
      'index 0000000..abc',
      '--- /dev/null',
      '+++ b/lib',
      '@@ -0,0 +1 @@',
      '+Subproject commit abcdef',
      'diff --git a/c.py b/c2.py',
      'similarity index 90%',
      'copy from c.py',
      'copy to c2.py',
      '--- a/c.py',
      '+++ b/c2.py',
      '@@ -5,0 +6 @@',
      '+copied',
    ].join('\n'),
  );
  assert.deepEqual(
    files.map((f) => [f.newPath, f.status, f.binary, f.submodule]),
    [
      ['new name.py', 'renamed', false, false],
      [undefined, 'deleted', false, false],
      ['img.png', 'added', true, false],
      ['run.sh', 'modified', false, false],
      ['lib', 'added', false, true],
      ['c2.py', 'copied', false, false],
    ],
  );
  assert.equal(files[3].newMode, '100755');
  assert.deepEqual(
    blocks.map((b) => [b.file.newPath, b.firstLine, b.lines]),
    [['c2.py', 6, ['copied']]],
  );
});

test('CRLF content, "\\ No newline at end of file" and a following commit header', () => {
  const { blocks, other } = parse(
    [
      'diff --git a/w.txt b/w.txt',
      '--- a/w.txt',
      '+++ b/w.txt',
      '@@ -1,2 +1,3 @@',
      '-a\r',
      '-b',
      '\\ No newline at end of file',
      '+a\r',
      '+b\r',
      '+c',
      '\\ No newline at end of file',
      '\x01abc\x01date\x01someone',
      '',
      'diff --git a/n.txt b/n.txt',
      '--- a/n.txt',
      '+++ b/n.txt',
      '@@ -0,0 +1 @@',
      '+n',
    ].join('\n'),
  );
  assert.deepEqual(
    blocks.map((b) => [b.file.newPath, b.firstLine, b.lines]),
    [
      ['w.txt', 1, ['a', 'b', 'c']],
      ['n.txt', 1, ['n']],
    ],
  );
  assert.ok(other.includes('\x01abc\x01date\x01someone'));
});

test('a content line that looks like a header stays content', () => {
  const { files, blocks } = parse(
    ['diff --git a/d.md b/d.md', '--- a/d.md', '+++ b/d.md', '@@ -0,0 +1,2 @@', '+diff --git a/x b/x', '++++ b/y'].join(
      '\n',
    ),
  );
  assert.equal(files.length, 1);
  assert.deepEqual(blocks[0].lines, ['diff --git a/x b/x', '+++ b/y']);
});

test('a huge run of added lines is flushed in pieces with continuous line numbers', () => {
  const n = 30000;
  const lines = [
    'diff --git a/big.txt b/big.txt',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/big.txt',
    `@@ -0,0 +1,${n} @@`,
  ];
  for (let i = 1; i <= n; i++) lines.push(`+line ${i} ${'x'.repeat(20)}`);
  const { blocks } = parse(lines.join('\n'));
  assert.ok(blocks.length > 1, 'expected several flushes');
  let expected = 1;
  for (const b of blocks) {
    assert.equal(b.firstLine, expected);
    assert.equal(b.lines[0].split(' ')[1], String(expected));
    expected += b.lines.length;
  }
  assert.equal(expected, n + 1);
});
