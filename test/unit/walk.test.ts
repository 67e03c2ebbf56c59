// The workspace walker against git itself: same ignore decisions on a tree full of gitignore corner cases.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempRepo, type TempRepo } from '../helpers/gitRepo';
import { walkFiles, WalkError, type SkippedPath } from '../../server/src/workspace/walk';
import { createGitIgnoreChecker } from '../../server/src/workspace/ignoreRules';
import { decodeText, isBinary, readTextFile } from '../../server/src/workspace/readText';
import { looksMinified } from '../../server/src/workspace/skips';

const repos: TempRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

const TREE: Record<string, string> = {
  '.gitignore': [
    '# comment',
    '*.tmp',
    '!important.tmp',
    'logs/',
    '/rootonly.txt',
    'docs/*.draft.md',
    'a/**/deep.txt',
    'data[0-9].csv',
    'file?.bak',
    '\\#hash.txt',
    'trailing.txt   ',
    'build',
    '**/cache/',
    'nested/inner/keep/',
    '',
  ].join('\n'),
  'x.tmp': '',
  'important.tmp': '',
  'sub/important.tmp': '',
  'sub/y.tmp': '',
  'logs/app.txt': '',
  'sub/logs/app.txt': '',
  'logsfile.txt': '',
  'rootonly.txt': '',
  'sub/rootonly.txt': '',
  'docs/a.draft.md': '',
  'docs/a.md': '',
  'docs/sub/b.draft.md': '',
  'a/deep.txt': '',
  'a/b/c/deep.txt': '',
  'b/deep.txt': '',
  'data1.csv': '',
  'data10.csv': '',
  'dataX.csv': '',
  'file1.bak': '',
  'file12.bak': '',
  '#hash.txt': '',
  'trailing.txt': '',
  'build/out.js': '',
  'src/build/gen.js': '',
  'src/builder.js': '',
  'x/cache/c.txt': '',
  'cache.txt': '',
  'nested/.gitignore': '!*.tmp\nlocal.txt\n/anchored.txt\n!cache/\n',
  'nested/cache/n.txt': '', // re-included by the deeper file although the root ignores every cache/ folder
  'nested/z.tmp': '',
  'nested/local.txt': '',
  'nested/deeper/local.txt': '',
  'nested/anchored.txt': '',
  'nested/deeper/anchored.txt': '',
  'nested/inner/keep/k.txt': '',
  'nested/inner/other.txt': '',
  'nested/again/.gitignore': 'z.tmp\n',
  'nested/again/z.tmp': '',
  'nested/again/w.tmp': '',
  'space dir/file with space.txt': '',
  'ünïcode/файл.txt': '',
  'excluded-by-info.txt': '',
};

function makeRepo(files: Record<string, string>): TempRepo {
  const repo = tempRepo();
  repos.push(repo);
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  return repo;
}

test('walkFiles keeps exactly the files git does not ignore', () => {
  const repo = makeRepo(TREE);
  mkdirSync(join(repo.dir, '.git', 'info'), { recursive: true });
  writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'excluded-by-info.txt\n');
  const fromGit = repo
    .git('-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard', '-z')
    .split('\0')
    .filter(Boolean)
    .sort();
  const fromWalk = [...walkFiles(['.'], { cwd: repo.dir })].map((f) => f.relPath).sort();
  assert.deepEqual(fromWalk, fromGit);
  assert.ok(
    fromGit.length > 15 && fromGit.includes('nested/z.tmp') && !fromGit.includes('x.tmp'),
    'the tree exercises both outcomes',
  );
});

test('the git-ignore checker agrees with git check-ignore for every path', () => {
  const repo = makeRepo(TREE);
  const isIgnored = createGitIgnoreChecker();
  const files = Object.keys(TREE);
  const checked = repo.gitResult(['-c', 'core.quotepath=off', 'check-ignore', ...files]);
  const ignoredByGit = new Set(checked.stdout.split('\n').filter(Boolean));
  assert.ok(ignoredByGit.size > 15, checked.stderr);
  for (const f of files) assert.equal(isIgnored(join(repo.dir, f)), ignoredByGit.has(f), f);
});

test('a tracked file is never ignored: git ls-files and check-ignore decide, in the walker and the checker', () => {
  const repo = makeRepo({ '.env': 'API_TOKEN=value\n', 'app.py': 'print(1)\n', 'local.env': 'X=1\n' });
  repo.git('add', '.env', 'app.py');
  repo.git('commit', '-qm', 'env committed before it was ignored');
  repo.write('.gitignore', '.env\nlocal.env\n');
  // git itself: the tracked .env is not ignored (check-ignore without --no-index), the untracked one is.
  const checked = repo.gitResult(['check-ignore', '.env', 'local.env']);
  assert.deepEqual(checked.stdout.split('\n').filter(Boolean), ['local.env']);
  const isIgnored = createGitIgnoreChecker();
  assert.equal(isIgnored(join(repo.dir, '.env')), false);
  assert.equal(isIgnored(join(repo.dir, 'local.env')), true);
  const skipped: SkippedPath[] = [];
  const walked = [...walkFiles(['.'], { cwd: repo.dir, onSkip: (s) => skipped.push(s) })].map((f) => f.relPath);
  assert.deepEqual(walked.sort(), ['.env', '.gitignore', 'app.py']);
  assert.deepEqual(
    skipped.map((s) => [s.absPath.slice(repo.dir.length + 1), s.reason]),
    [['local.env', 'gitignored']],
  );
  // Once removed from the index (`git rm --cached`), the ignore rule applies again.
  repo.git('rm', '-q', '--cached', '.env');
  assert.equal(createGitIgnoreChecker()(join(repo.dir, '.env')), true);
  assert.deepEqual([...walkFiles(['.'], { cwd: repo.dir })].map((f) => f.relPath).sort(), ['.gitignore', 'app.py']);
});

test('roots named explicitly are exempt from ignore files above them, and reported skips carry reasons', () => {
  const repo = makeRepo({
    '.gitignore': 'gen/\n',
    '.preflightignore': 'fixtures/\n*.skip.py\n',
    'gen/a.py': '',
    'fixtures/b.py': '',
    'fixtures/c.skip.py': '',
    'd.py': '',
  });
  const skips: SkippedPath[] = [];
  const all = [...walkFiles(['.'], { cwd: repo.dir, onSkip: (s) => skips.push(s) })].map((f) => f.relPath);
  assert.deepEqual(all, ['.gitignore', '.preflightignore', 'd.py']);
  assert.deepEqual(skips.map((s) => [s.absPath.slice(repo.dir.length + 1), s.reason]).sort(), [
    ['fixtures', 'preflightignored'],
    ['gen', 'gitignored'],
  ]);
  const named = [...walkFiles(['fixtures', 'gen/a.py'], { cwd: repo.dir })].map((f) => [f.relPath, f.explicit]);
  assert.deepEqual(named, [
    ['b.py', false],
    ['a.py', true],
  ]);
  assert.throws(() => [...walkFiles(['nope'], { cwd: repo.dir })], WalkError);
});

test('overlapping roots list each file once; exclude patterns apply below each root', () => {
  const repo = makeRepo({ 'src/a.py': '', 'src/gen/b.py': '', 'c.py': '' });
  const files = [...walkFiles(['.', 'src', 'src/a.py'], { cwd: repo.dir, exclude: ['gen/'] })].map((f) =>
    f.absPath.slice(repo.dir.length + 1),
  );
  assert.deepEqual(files, ['c.py', 'src/a.py']);
});

test('text decoding: BOMs, UTF-16 both ways, invalid UTF-8, binary and minified detection', () => {
  assert.deepEqual(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), { text: 'a', encoding: 'utf-8' });
  assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x04])), { text: 'aк', encoding: 'utf-16le' });
  assert.deepEqual(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x61, 0x04, 0x3a])), { text: 'aк', encoding: 'utf-16be' });
  assert.equal(decodeText(Buffer.from([0x61, 0xff, 0x62])).text, 'a\uFFFDb');
  assert.equal(isBinary(Buffer.from('plain text')), false);
  assert.equal(isBinary(Buffer.from([0x61, 0x00, 0x62])), true);
  assert.equal(isBinary(Buffer.from([0xff, 0xfe, 0x61, 0x00])), false, 'UTF-16 text has NULs but a BOM');
  assert.equal(looksMinified('x'.repeat(5000)), true);
  assert.equal(looksMinified('const a = 1;\n'.repeat(400)), false);
  assert.equal(looksMinified('x'.repeat(3000)), false, 'short files are never called minified');
  const repo = makeRepo({ 'big.txt': 'a'.repeat(3000), 'bundle.js': `${'x'.repeat(5000)}\n`, 'ok.js': 'let a;\n' });
  assert.deepEqual(readTextFile(join(repo.dir, 'big.txt'), { maxBytes: 2048 }), { ok: false, reason: 'too-large' });
  assert.equal(readTextFile(join(repo.dir, 'bundle.js')).ok, false);
  assert.equal(readTextFile(join(repo.dir, 'bundle.js'), { skipMinified: false }).ok, true);
  assert.deepEqual(readTextFile(join(repo.dir, 'ok.js')), { ok: true, text: 'let a;\n', encoding: 'utf-8' });
  assert.deepEqual(readTextFile(join(repo.dir, 'missing.js')), { ok: false, reason: 'unreadable', detail: 'ENOENT' });
});
