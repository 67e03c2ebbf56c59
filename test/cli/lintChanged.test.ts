// `preflight lint --changed`: only what an edit touched since the last commit, on real repositories.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempRepo, type TempRepo } from '../helpers/gitRepo';

const DEBUG = 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n';
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.remove()));

function committed(): TempRepo {
  const r = tempRepo();
  repos.push(r);
  r.write('old.py', DEBUG);
  r.write('edited.py', 'x = 1\n');
  r.write('gone.py', 'y = 2\n');
  r.write('.gitignore', 'scratch/\n');
  r.git('add', '.');
  r.git('commit', '-qm', 'init');
  return r;
}

const files = (stdout: string) => [
  ...new Set(
    stdout
      .split('\n')
      .map((l) => /^(\S+?):\d+:\d+ /.exec(l)?.[1])
      .filter(Boolean),
  ),
];

test('checks files edited, staged or new since HEAD, and nothing else', () => {
  const r = committed();
  r.write('edited.py', DEBUG); // changed in the work tree, not staged
  r.write('staged.py', DEBUG);
  r.git('add', 'staged.py');
  r.write('new/untracked.py', DEBUG);
  r.write('scratch/ignored.py', DEBUG);
  rmSync(join(r.dir, 'gone.py'));
  const res = r.cli(['lint', '--changed']);
  assert.equal(res.status, 1, res.stderr);
  assert.deepEqual(files(res.stdout), ['edited.py', 'new/untracked.py', 'staged.py']);
  assert.match(res.stdout, /in 3 files \(3 files checked[;)]/m, 'the unchanged old.py is not even read');
});

test('a clean tree checks nothing and exits 0; paths narrow the set', () => {
  const r = committed();
  const clean = r.cli(['lint', '--changed']);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /^No problems found \(0 files checked\)\.$/m);
  r.write('a/one.py', DEBUG);
  r.write('b/two.py', DEBUG);
  const narrowed = r.cli(['lint', '--changed', 'b', '--format', 'json']);
  assert.equal(narrowed.status, 1);
  assert.deepEqual(
    JSON.parse(narrowed.stdout).map((f: { path: string; ruleId: string; line: number }) => [f.path, f.ruleId, f.line]),
    [['b/two.py', 'debug-mode', 3]],
  );
});

test('from a subfolder it still sees the whole repository; outside a repository it exits 2', () => {
  const r = committed();
  r.write('pkg/mod.py', DEBUG);
  r.write('top.py', DEBUG);
  const sub = r.cli(['lint', '--changed', '--format', 'json'], { cwd: join(r.dir, 'pkg') });
  const paths = JSON.parse(sub.stdout).map((f: { path: string }) => f.path);
  assert.equal(paths.length, 2);
  assert.ok(paths.includes('mod.py'), 'inside the cwd: relative');
  assert.ok(
    paths.some((p: string) => p.endsWith('/top.py')),
    'outside the cwd: shown in full',
  );
  const bare = tempRepo({ init: false });
  repos.push(bare);
  bare.write('a.py', DEBUG);
  const res = bare.cli(['lint', '--changed']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^preflight: --changed: not a git repository/m);
});

// git waits forever reading a FIFO named .gitignore (`ls-files --others --exclude-standard` did, 30 s then exit 2);
// new files now come from Preflight's own walk, which checks a file's kind before reading it.
test(
  'a FIFO named .gitignore in a new folder neither hangs nor hides the new files beside it',
  { timeout: 20_000 },
  () => {
    const r = committed();
    r.write('fresh/app.py', DEBUG);
    execFileSync('mkfifo', [join(r.dir, 'fresh', '.gitignore')]);
    r.write('scratch/ignored.py', DEBUG);
    const res = r.cli(['lint', '--changed', '--verbose']);
    assert.equal(res.status, 1, res.stderr);
    assert.deepEqual(files(res.stdout), ['fresh/app.py']);
    assert.match(res.stderr, /skipped fresh\/\.gitignore \(not a regular file\)/);
  },
);
