// Hooks that other people run too: Husky and a tracked core.hooksPath folder. The hook Preflight writes
// there is committed, so it must name no path of this machine, must never rename or replace the team's
// own hook, must tell which file git really runs, must let a teammate without Preflight commit (with a
// notice) unless strict mode is on, and uninstall must give back the exact bytes and mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, GIT_ENV, assertNoRawTokens, fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { REPO } from '../helpers/core';

const TEAM_HOOK = '#!/bin/sh\necho "team hook ran"\n[ -f block-me ] && exit 3\n';

/** PATH with git and sh but no `preflight` and no node: a teammate who never installed Preflight. */
function barePath(): string {
  const dirs = new Set<string>();
  for (const tool of ['git', 'sh', 'dirname', 'cat']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (r.status === 0) dirs.add(dirname(r.stdout.trim()));
  }
  return [...dirs].filter((d) => !existsSync(join(d, 'preflight'))).join(':');
}

function commit(
  repo: TempRepo,
  message: string,
  env: NodeJS.ProcessEnv = {},
): { status: number | null; output: string } {
  const r = repo.gitResult(['commit', '-m', message], { env });
  const output = `${r.stdout}\n${r.stderr}`;
  assertNoRawTokens(output);
  return { status: r.status, output };
}

function cliJson(repo: TempRepo, args: string[]): Record<string, unknown> {
  const r = repo.cli([...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** No path of this machine may be written into a committed hook. */
function assertPortable(text: string): void {
  for (const local of [process.execPath, CLI, REPO, tmpdir()]) assert.ok(!text.includes(local), `hook names ${local}`);
}

function teamRepoWithHooksPath(): TempRepo {
  const repo = tempRepo();
  repo.write('.githooks/pre-commit', TEAM_HOOK);
  chmodSync(join(repo.dir, '.githooks', 'pre-commit'), 0o755);
  repo.write('README.md', 'team\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'team hooks');
  repo.git('config', 'core.hooksPath', '.githooks');
  return repo;
}

test('tracked core.hooksPath: the team hook is kept in place, gains a portable block, uninstall restores it', () => {
  const repo = teamRepoWithHooksPath();
  try {
    const hook = join(repo.dir, '.githooks', 'pre-commit');
    const status = cliJson(repo, ['hook', 'install']);
    assert.equal(status.hookFile, hook);
    assert.equal(status.gitRuns, hook);
    assert.equal(status.shared, true);
    assert.match(
      String(status.message),
      /installed in \.githooks\/pre-commit, a portable block after the hook that was there/,
    );
    const text = readFileSync(hook, 'utf8');
    assert.ok(text.startsWith(TEAM_HOOK), 'the team hook text stays first, unchanged');
    assertPortable(text);
    assert.ok(!existsSync(`${hook}.preflight-chained`), 'a tracked hook is never renamed');
    assert.deepEqual(
      repo.git('status', '--porcelain').trimEnd().split('\n'),
      [' M .githooks/pre-commit'],
      'only the team hook changed; nothing else appears in the work tree',
    );
    // This clone runs the scan through its own record (in .git, never committed).
    repo.write('a.txt', 'a\n');
    repo.git('add', 'a.txt');
    const clean = commit(repo, 'clean');
    assert.equal(clean.status, 0, clean.output);
    assert.match(clean.output, /team hook ran/);
    assert.match(clean.output, /no secrets in staged changes/);
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    const blocked = commit(repo, 'key');
    assert.equal(blocked.status, 1);
    assert.match(blocked.output, /s\.py:1:6 {2}error {2}GitHub token/);
    repo.git('rm', '-q', '--cached', 's.py');
    repo.write('block-me', 'x\n');
    repo.git('add', 'block-me');
    const byTeam = commit(repo, 'team says no');
    assert.notEqual(byTeam.status, 0, 'the team hook still blocks first');
    assert.doesNotMatch(byTeam.output, /no secrets in staged changes/);

    assert.equal(repo.cli(['hook', 'uninstall']).status, 0);
    assert.equal(readFileSync(hook, 'utf8'), TEAM_HOOK);
    assert.equal(statSync(hook).mode & 0o7777, 0o755);
    assert.ok(!existsSync(join(repo.dir, '.git', 'preflight', 'hook-command')));
    assert.equal(cliJson(repo, ['hook', 'status']).installed, false);
  } finally {
    repo.remove();
  }
});

test('a teammate without Preflight commits with a one-line notice; strict mode or a node_modules CLI blocks', () => {
  const team = teamRepoWithHooksPath();
  const clone = tempRepo({ init: false });
  try {
    assert.equal(team.cli(['hook', 'install']).status, 0);
    team.git('commit', '-qam', 'preflight hook');
    rmSync(clone.dir, { recursive: true, force: true });
    const c = spawnSync('git', ['clone', '-q', team.dir, clone.dir], { env: GIT_ENV, encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    for (const [k, v] of [
      ['user.name', 'Mate'],
      ['user.email', 'mate@example.invalid'],
      ['core.hooksPath', '.githooks'],
    ])
      clone.git('config', k, v);
    assert.ok(!existsSync(join(clone.dir, '.git', 'preflight', 'hook-command')), 'the record is never committed');
    const env = { PATH: barePath() };
    clone.write('s.py', `t = "${fakeGithubToken()}"\n`);
    clone.git('add', 's.py');
    const open = commit(clone, 'no preflight here', env);
    assert.equal(open.status, 0, open.output);
    assert.match(open.output, /team hook ran/);
    const notice = open.output.split('\n').filter((l) => l.startsWith('preflight:'));
    assert.equal(notice.length, 1, open.output);
    assert.match(
      notice[0],
      /secret scan skipped: Preflight is not installed here .*preflight\.hookStrict true blocks instead/,
    );

    clone.write('s2.py', `t = "${fakeGithubToken()}"\n`);
    clone.git('add', 's2.py');
    clone.git('config', 'preflight.hookStrict', 'true');
    const strict = commit(clone, 'strict', env);
    assert.equal(strict.status, 1);
    assert.match(
      strict.output,
      /commit blocked: the secret scan cannot run \(Preflight is not installed here; preflight\.hookStrict is on\)/,
    );
    clone.git('config', '--unset', 'preflight.hookStrict');

    // A project that has Preflight as a dev dependency: node_modules/.bin/preflight is found, no PATH needed.
    clone.write('node_modules/.bin/preflight', `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(join(clone.dir, 'node_modules', '.bin', 'preflight'), 0o755);
    const found = commit(clone, 'dev dependency', env);
    assert.equal(found.status, 1, found.output);
    assert.match(found.output, /s2\.py:1:6 {2}error {2}GitHub token/);
  } finally {
    team.remove();
    clone.remove();
  }
});

test('hook status of a clone: the recorded node binary is gone and nothing else is found', () => {
  const repo = teamRepoWithHooksPath();
  try {
    repo.cli(['hook', 'install']);
    writeFileSync(join(repo.dir, '.git', 'preflight', 'hook-command'), '/nonexistent/bin/node\n/nonexistent/cli.js\n');
    const r = spawnSync(process.execPath, [CLI, 'hook', 'status', '--json'], {
      cwd: repo.dir,
      env: { ...GIT_ENV, PATH: barePath() },
      encoding: 'utf8',
    });
    const status = JSON.parse(r.stdout) as { stale: boolean; message: string };
    assert.equal(status.stale, true);
    assert.match(
      status.message,
      /the node binary recorded for this clone \(\/nonexistent\/bin\/node\) or its CLI is gone/,
    );
    assert.match(status.message, /commits go through unscanned/);
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    const open = commit(repo, 'x', { PATH: barePath() });
    assert.equal(open.status, 0);
    assert.match(
      open.output,
      /secret scan skipped: the node binary recorded for this clone \(\/nonexistent\/bin\/node\) or its CLI is gone/,
    );
  } finally {
    repo.remove();
  }
});

test('a team hook that ends in exit gets the block before the exit, so the scan still runs', () => {
  const repo = tempRepo();
  try {
    const original = '#!/bin/sh\necho "team hook ran"\nexit 0\n';
    repo.write('.githooks/pre-commit', original);
    chmodSync(join(repo.dir, '.githooks', 'pre-commit'), 0o775);
    repo.git('config', 'core.hooksPath', '.githooks');
    repo.cli(['hook', 'install']);
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    assert.equal(commit(repo, 'key').status, 1);
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8'), original);
    assert.equal(statSync(join(repo.dir, '.githooks', 'pre-commit')).mode & 0o7777, 0o775);
  } finally {
    repo.remove();
  }
});

test('a team hook in another language is left alone with a clear error', () => {
  const repo = tempRepo();
  try {
    const original = '#!/usr/bin/env python3\nprint("team")\n';
    repo.write('.githooks/pre-commit', original);
    repo.git('config', 'core.hooksPath', '.githooks');
    const r = repo.cli(['hook', 'install']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.githooks\/pre-commit is not a shell script \(#!\/usr\/bin\/env python3\): left as it is/);
    assert.equal(readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8'), original);
  } finally {
    repo.remove();
  }
});

test('Husky (core.hooksPath=.husky): a 0644 hook gets exec bits for git, and uninstall restores bytes and mode', () => {
  const repo = tempRepo();
  try {
    const file = join(repo.dir, '.husky', 'pre-commit');
    const original = 'echo "lint-staged"\n';
    repo.write('.husky/pre-commit', original);
    chmodSync(file, 0o644);
    repo.git('config', 'core.hooksPath', '.husky');
    const status = cliJson(repo, ['hook', 'install']);
    assert.equal(status.mode, 'husky');
    assert.equal(status.gitRuns, file);
    assert.equal(statSync(file).mode & 0o777, 0o755, 'git runs .husky/pre-commit itself here');
    assertPortable(readFileSync(file, 'utf8'));
    assert.equal(repo.cli(['hook', 'install']).status, 0, 'installing twice keeps the first record');
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(file, 'utf8'), original);
    assert.equal(statSync(file).mode & 0o777, 0o644);
  } finally {
    repo.remove();
  }
});

test('Husky 9 (core.hooksPath=.husky/_): the mode is kept, and status names the file git runs', () => {
  const repo = tempRepo();
  try {
    const file = join(repo.dir, '.husky', 'pre-commit');
    repo.write('.husky/pre-commit', 'npx lint-staged\n');
    chmodSync(file, 0o644);
    repo.write('.husky/_/pre-commit', '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n');
    repo.git('config', 'core.hooksPath', '.husky/_');
    const status = cliJson(repo, ['hook', 'install']);
    assert.equal(status.gitRuns, join(repo.dir, '.husky', '_', 'pre-commit'));
    assert.match(String(status.message), /git runs \.husky\/_\/pre-commit, which calls \.husky\/pre-commit/);
    assert.equal(statSync(file).mode & 0o777, 0o644);
    repo.cli(['hook', 'uninstall']);
    assert.equal(readFileSync(file, 'utf8'), 'npx lint-staged\n');
  } finally {
    repo.remove();
  }
});

test('.husky/ present but core.hooksPath=.githooks: the hook goes where git looks, and status says so', () => {
  const repo = tempRepo();
  try {
    repo.write('.husky/pre-commit', 'npm test\n');
    repo.git('config', 'core.hooksPath', '.githooks');
    const before = cliJson(repo, ['hook', 'status']);
    assert.match(
      String(before.message),
      /\.husky\/ is present but not used: core\.hooksPath is \.githooks, so git runs \.githooks\/pre-commit/,
    );
    const status = cliJson(repo, ['hook', 'install']);
    assert.equal(status.mode, 'hooks-dir');
    assert.equal(status.hookFile, join(repo.dir, '.githooks', 'pre-commit'));
    assert.equal(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8'), 'npm test\n');
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    assert.equal(commit(repo, 'key').status, 1);
    repo.cli(['hook', 'uninstall']);
    assert.ok(!existsSync(join(repo.dir, '.githooks', 'pre-commit')), 'a hook Preflight created is removed');
  } finally {
    repo.remove();
  }
});

test('`hook install --strict` turns strict mode on for this clone only', () => {
  const repo = teamRepoWithHooksPath();
  try {
    assert.equal(repo.cli(['hook', 'install', '--strict']).status, 0);
    assert.equal(repo.git('config', '--local', '--get', 'preflight.hookStrict').trim(), 'true');
    assert.ok(!readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8').includes('hookStrict true\n'));
    rmSync(join(repo.dir, '.git', 'preflight', 'hook-command'));
    repo.write('a.txt', 'a\n');
    repo.git('add', 'a.txt');
    const blocked = commit(repo, 'x', { PATH: barePath() });
    assert.equal(blocked.status, 1);
    assert.match(blocked.output, /commit blocked: the secret scan cannot run/);
  } finally {
    repo.remove();
  }
});
