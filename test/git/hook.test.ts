// The pre-commit hook in real repositories: real `git commit` runs, chaining, core.hooksPath, Husky.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { assertNoRawTokens, fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';

function withRepo(fn: (repo: TempRepo) => void): () => void {
  return () => {
    const repo = tempRepo();
    try {
      fn(repo);
    } finally {
      repo.remove();
    }
  };
}

function commit(repo: TempRepo, message: string, extra: string[] = []): { status: number | null; output: string } {
  const r = repo.gitResult(['commit', '-m', message, ...extra]);
  const output = `${r.stdout}\n${r.stderr}`;
  assertNoRawTokens(output);
  return { status: r.status, output };
}

function install(repo: TempRepo): string {
  const r = repo.cli(['hook', 'install']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test(
  'the hook blocks a commit with a key and passes one without',
  withRepo((repo) => {
    install(repo);
    repo.write('ok.py', 'x = 1\n');
    repo.git('add', '.');
    assert.equal(commit(repo, 'clean').status, 0);
    repo.write('bad.py', `x = 1\nt = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const blocked = commit(repo, 'with key');
    assert.equal(blocked.status, 1);
    assert.match(blocked.output, /bad\.py:2:6 {2}error {2}GitHub token {2}ghp_…/);
    assert.match(blocked.output, /preflight baseline add/);
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '1', 'the blocked commit must not exist');
  }),
);

test(
  '`git commit -a` (a temporary index) is scanned too, and unstaged-only secrets never block',
  withRepo((repo) => {
    repo.write('a.py', 'x = 1\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init');
    install(repo);
    repo.write('a.py', `x = 1\nt = "${fakeGithubToken()}"\n`);
    repo.write('b.py', 'y = 2\n');
    repo.git('add', 'b.py');
    assert.equal(commit(repo, 'only b').status, 0, 'a.py is not staged: must not block');
    assert.equal(commit(repo, 'all', ['-a']).status, 1, 'commit -a stages a.py: must block');
  }),
);

test(
  'chains an existing hook: both run, its failure still blocks, uninstall restores it byte-identical',
  withRepo((repo) => {
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    const original = '#!/bin/sh\necho "previous hook ran"\n[ -f block-me ] && exit 3\nexit 0\n';
    writeFileSync(hook, original);
    chmodSync(hook, 0o750);
    assert.match(install(repo), /running the previous hook first/);
    repo.write('a.txt', 'hello\n');
    repo.git('add', '.');
    const ok = commit(repo, 'clean');
    assert.equal(ok.status, 0);
    assert.match(ok.output, /previous hook ran/);
    assert.match(ok.output, /no secrets in staged changes/);
    repo.write('block-me', 'x\n');
    repo.git('add', '.');
    const failed = commit(repo, 'blocked by the old hook');
    assert.notEqual(failed.status, 0);
    assert.doesNotMatch(
      failed.output,
      /no secrets in staged changes/,
      'the scan must not run after the chained hook failed',
    );
    const status = JSON.parse(repo.cli(['hook', 'status', '--json']).stdout);
    assert.deepEqual([status.installed, status.chained, status.mode], [true, true, 'hooks-dir']);
    assert.equal(repo.cli(['hook', 'uninstall']).status, 0);
    assert.equal(readFileSync(hook, 'utf8'), original);
    assert.equal(statSync(hook).mode & 0o777, 0o750);
    assert.ok(!existsSync(`${hook}.preflight-chained`));
    assert.equal(JSON.parse(repo.cli(['hook', 'status', '--json']).stdout).installed, false);
  }),
);

test(
  'install twice does not chain itself; uninstall without a previous hook removes the file',
  withRepo((repo) => {
    install(repo);
    install(repo);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    assert.ok(!existsSync(`${hook}.preflight-chained`));
    repo.cli(['hook', 'uninstall']);
    assert.ok(!existsSync(hook));
  }),
);

test(
  'respects a relative core.hooksPath',
  withRepo((repo) => {
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    mkdirSync(join(repo.dir, 'tools', 'hooks'), { recursive: true });
    const r = repo.cli(['hook', 'install'], { cwd: join(repo.dir, 'tools') });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(repo.dir, 'tools', 'hooks', 'pre-commit')));
    assert.ok(!existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
    repo.write('k.env', `KEY=${fakeGithubToken()}\n`);
    repo.git('add', '.');
    assert.equal(commit(repo, 'key').status, 1);
  }),
);

test(
  'Husky: appends a block to .husky/pre-commit and uninstall restores the file exactly',
  withRepo((repo) => {
    const file = join(repo.dir, '.husky', 'pre-commit');
    const original = 'npm test'; // no trailing newline on purpose
    repo.write('.husky/pre-commit', original);
    chmodSync(file, 0o755);
    repo.write('.husky/_/pre-commit', '#!/bin/sh\nsh -e "$(dirname "$0")/../pre-commit" "$@"\n');
    chmodSync(join(repo.dir, '.husky', '_', 'pre-commit'), 0o755);
    repo.git('config', 'core.hooksPath', '.husky/_');
    install(repo);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('npm test\n# >>> preflight-secrets-hook'));
    assert.ok(!existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
    writeFileSync(file, text.replace('npm test\n', 'true\n')); // keep the test hermetic: no npm
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    assert.equal(commit(repo, 'key').status, 1);
    writeFileSync(file, readFileSync(file, 'utf8').replace('true\n', 'npm test\n'));
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(file, 'utf8'), original);
  }),
);

test(
  'Husky without a pre-commit file: created on install, deleted on uninstall',
  withRepo((repo) => {
    mkdirSync(join(repo.dir, '.husky'));
    install(repo);
    assert.ok(existsSync(join(repo.dir, '.husky', 'pre-commit')));
    assert.match(repo.cli(['hook', 'status']).stdout, /Husky is not active yet/);
    repo.cli(['hook', 'uninstall']);
    assert.ok(!existsSync(join(repo.dir, '.husky', 'pre-commit')));
  }),
);

test(
  'pre-commit framework: the config is left untouched and the snippet is printed',
  withRepo((repo) => {
    const config = 'repos:\n  - repo: https://example.invalid/x\n    rev: v1\n    hooks: [{id: y}]\n';
    repo.write('.pre-commit-config.yaml', config);
    const out = install(repo);
    assert.match(out, /id: preflight-secrets/);
    assert.equal(readFileSync(join(repo.dir, '.pre-commit-config.yaml'), 'utf8'), config);
    assert.ok(!existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit')));
  }),
);

test(
  'a hook whose node binary vanished blocks naming it, and hook status notices it',
  withRepo((repo) => {
    install(repo);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(
      hook,
      readFileSync(hook, 'utf8').replace(/preflight_node='[^']*'/, "preflight_node='/nonexistent/bin/node'"),
    );
    repo.write('a.txt', 'a\n');
    repo.git('add', '.');
    const r = commit(repo, 'x');
    assert.equal(r.status, 1);
    assert.match(r.output, /the node binary \/nonexistent\/bin\/node is gone/);
    const status = JSON.parse(repo.cli(['hook', 'status', '--json']).stdout) as { stale: boolean; message: string };
    assert.equal(status.stale, true);
    assert.match(status.message, /node binary it runs \(\/nonexistent\/bin\/node\) is gone/);
  }),
);

test(
  'a hook whose CLI path vanished blocks with a clear message and status says stale',
  withRepo((repo) => {
    install(repo);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(
      hook,
      readFileSync(hook, 'utf8').replace(/preflight_cli='[^']*'/, "preflight_cli='/nonexistent/cli.js'"),
    );
    repo.write('a.txt', 'a\n');
    repo.git('add', '.');
    const r = commit(repo, 'x');
    assert.equal(r.status, 1);
    assert.match(r.output, /CLI not found/);
    assert.equal(JSON.parse(repo.cli(['hook', 'status', '--json']).stdout).stale, true);
  }),
);

/** A folder holding copies of the given bundles (name -> text), removed afterwards. */
function withBundles(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-hook-bundles-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pointHookAt(repo: TempRepo, cli: string): void {
  const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, readFileSync(hook, 'utf8').replace(/preflight_cli='[^']*'/, `preflight_cli='${cli}'`));
}

test(
  'the hook runs the small scan bundle beside the recorded cli.js: it blocks a staged key and passes a clean commit',
  withRepo((repo) => {
    install(repo);
    // A cli.js that fails loudly: the hook's verdicts below can only come from the real scan.js beside it.
    const failing = 'process.stderr.write("cli.js ran\\n"); process.exit(3);\n';
    withBundles({ 'cli.js': failing, 'scan.js': readFileSync(join(REPO, 'out', 'scan.js'), 'utf8') }, (dir) => {
      pointHookAt(repo, join(dir, 'cli.js'));
      repo.write('ok.py', 'x = 1\n');
      repo.git('add', '.');
      const clean = commit(repo, 'clean');
      assert.equal(clean.status, 0, clean.output);
      assert.doesNotMatch(clean.output, /cli\.js ran/);
      repo.write('bad.py', `x = 1\nt = "${fakeGithubToken()}"\n`);
      repo.git('add', '.');
      const blocked = commit(repo, 'with key');
      assert.equal(blocked.status, 1);
      assert.match(blocked.output, /bad\.py:2:6 {2}error {2}GitHub token {2}ghp_…/);
      assert.doesNotMatch(blocked.output, /cli\.js ran/);
    });
  }),
);

test(
  'with no scan bundle beside the recorded cli.js the hook runs cli.js and still blocks a staged key',
  withRepo((repo) => {
    install(repo);
    withBundles({ 'cli.js': readFileSync(join(REPO, 'out', 'cli.js'), 'utf8') }, (dir) => {
      pointHookAt(repo, join(dir, 'cli.js'));
      repo.write('bad.py', `t = "${fakeGithubToken()}"\n`);
      repo.git('add', '.');
      const blocked = commit(repo, 'with key');
      assert.equal(blocked.status, 1);
      assert.match(blocked.output, /bad\.py:1:6 {2}error {2}GitHub token {2}ghp_…/);
      assert.equal(repo.gitResult(['rev-parse', '--verify', '-q', 'HEAD']).status, 1, 'no commit was made');
    });
  }),
);

test(
  'a scan bundle that fails beside the recorded cli.js blocks the commit (never a silent pass)',
  withRepo((repo) => {
    install(repo);
    withBundles({ 'cli.js': '', 'scan.js': 'throw new Error("broken bundle");\n' }, (dir) => {
      pointHookAt(repo, join(dir, 'cli.js'));
      repo.write('ok.py', 'x = 1\n');
      repo.git('add', '.');
      const r = commit(repo, 'x');
      assert.notEqual(r.status, 0);
      assert.match(r.output, /broken bundle/);
    });
  }),
);
