// The staged scan on real repositories: exactly the index, only added lines, correct new-file lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fakeAwsKeyId, fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { scanStaged } from '../../server/src/git/staged';

interface JsonFinding {
  path: string;
  line: number;
  column: number;
  masked: string;
  kind: string;
}

function staged(repo: TempRepo): { status: number | null; findings: JsonFinding[]; summary: Record<string, unknown> } {
  const r = repo.cli(['scan', '--staged', '--format', 'json']);
  assert.ok((r.status === 0 || r.status === 1) && r.stdout.trim().startsWith('{'), `exit ${r.status}: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: Record<string, unknown> };
  return { status: r.status, findings: json.findings, summary: json.summary };
}

function withRepo(fn: (repo: TempRepo) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const repo = tempRepo();
    try {
      await fn(repo);
    } finally {
      repo.remove();
    }
  };
}

test(
  'a secret only in the working tree does not block; one only in the index does',
  withRepo((repo) => {
    repo.write('app.py', 'x = 1\n');
    repo.git('add', 'app.py');
    repo.git('commit', '-qm', 'init');
    repo.write('app.py', `x = 1\ntoken = "${fakeGithubToken()}"\n`);
    assert.equal(staged(repo).status, 0, 'unstaged secret must not block');
    repo.git('add', 'app.py');
    repo.write('app.py', 'x = 1\n'); // removed from the working tree, still staged
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.column, f.kind]),
      [['app.py', 2, 10, 'github-token']],
    );
    assert.match(r.findings[0].masked, /^ghp_… \(40 chars\)$/);
  }),
);

test(
  'first commit (no HEAD), empty index, and text output',
  withRepo((repo) => {
    assert.equal(staged(repo).status, 0, 'empty index in a repo with no commits');
    repo.write('config.py', `a = 1\nb = 2\nkey = "${fakeAwsKeyId()}"\n`);
    repo.git('add', '.');
    const r = staged(repo);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line]),
      [['config.py', 3]],
    );
    const text = repo.cli(['scan', '--staged']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /config\.py:3:8 {2}error {2}AWS access key id {2}AKIA… \(20 chars\)/);
    assert.match(text.stdout, /preflight baseline add/);
    assert.match(text.stdout, /--no-verify/);
  }),
);

test(
  'a pure rename adds nothing; a rename with an added secret reports the new path and line',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('old.py', `# preflight-ignore -- old accepted fixture\nt = "${token}"\nz = 0\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init', '--no-verify');
    repo.git('mv', 'old.py', 'new name.py');
    assert.deepEqual(staged(repo).findings, []);
    repo.write(
      'new name.py',
      `# preflight-ignore -- old accepted fixture\nt = "${token}"\nz = 0\nu = "${fakeGithubToken()}"\n`,
    );
    repo.git('add', '.');
    assert.deepEqual(
      staged(repo).findings.map((f) => [f.path, f.line]),
      [['new name.py', 4]],
    );
  }),
);

test(
  'deletions, binary files, lockfiles, minified files and .preflightignore are skipped',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('secret.py', `t = "${token}"\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init', '--no-verify');
    repo.git('rm', '-q', 'secret.py');
    repo.write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`t = "${fakeGithubToken()}"`)]));
    repo.write('package-lock.json', `{"t": "${fakeGithubToken()}"}\n`);
    repo.write('dist/app.min.js', `var t="${fakeGithubToken()}";\n`);
    repo.write('.preflightignore', 'fixtures/\n');
    repo.write('fixtures/sample.env', `T=${fakeGithubToken()}\n`);
    repo.write('node_modules/pkg/index.js', `module.exports = "${fakeGithubToken()}";\n`);
    repo.git('add', '-A');
    const r = staged(repo);
    assert.deepEqual(r.findings, []);
    const reasons = Object.fromEntries(
      (r.summary.skipped as { path: string; reason: string }[]).map((s) => [s.path, s.reason]),
    );
    assert.deepEqual(reasons, {
      'blob.bin': 'binary',
      'package-lock.json': 'lockfile',
      'dist/app.min.js': 'minified',
      'fixtures/sample.env': '.preflightignore',
      'node_modules/pkg/index.js': 'dependency-dir',
    });
  }),
);

test(
  'odd paths: spaces, unicode, quotes, backslashes, leading dash',
  withRepo((repo) => {
    const names = ['with space/a b.py', 'ünïcødé/日本.env', 'q"uote\'s.txt', 'back\\slash.txt', '-dash.txt'];
    for (const n of names) repo.write(n, `x\nT="${fakeGithubToken()}"\n`);
    repo.git('add', '-A', '--', '.');
    const r = staged(repo);
    assert.deepEqual(r.findings.map((f) => f.path).sort(), [...names].sort());
    assert.ok(r.findings.every((f) => f.line === 2));
  }),
);

test(
  'CRLF files and a last line without newline keep correct lines and columns',
  withRepo((repo) => {
    repo.write('win.ini', `[a]\r\nx=1\r\n\r\ntoken=${fakeGithubToken()}\r\n`);
    repo.write('nonl.txt', `one\ntwo\nkey ${fakeAwsKeyId()}`);
    repo.git('add', '-A');
    const r = staged(repo);
    assert.deepEqual(r.findings.map((f) => [f.path, f.line, f.column]).sort(), [
      ['nonl.txt', 3, 5],
      ['win.ini', 4, 7],
    ]);
    repo.git('commit', '-qm', 'x', '--no-verify');
    repo.write('nonl.txt', `one\ntwo\nkey ${fakeAwsKeyId()}\nfour ${fakeGithubToken()}`);
    repo.git('add', '-A');
    assert.deepEqual(
      staged(repo).findings.map((f) => [f.path, f.line]),
      [
        ['nonl.txt', 3],
        ['nonl.txt', 4],
      ],
    );
  }),
);

test(
  'inline preflight-ignore on an unchanged line above is honoured (read from the staged blob)',
  withRepo((repo) => {
    repo.write('a.py', 'x = 1\n# preflight-ignore: hardcoded-secret -- test fixture\n\ny = 2\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'init');
    repo.write(
      'a.py',
      `x = 1\n# preflight-ignore: hardcoded-secret -- test fixture\nt = "${fakeGithubToken()}"\ny = 2\n` +
        `u = "${fakeGithubToken()}"\n`,
    );
    repo.git('add', '.');
    assert.deepEqual(
      staged(repo).findings.map((f) => f.line),
      [5],
    );
  }),
);

test(
  'a merge in progress with a resolved conflict scans what the merge adds',
  withRepo((repo) => {
    repo.write('m.txt', 'base\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.git('checkout', '-qb', 'other');
    repo.write('m.txt', `theirs ${fakeGithubToken()}\n`);
    repo.git('commit', '-qam', 'theirs', '--no-verify');
    repo.git('checkout', '-q', 'main');
    repo.write('m.txt', 'ours\n');
    repo.git('commit', '-qam', 'ours');
    assert.notEqual(repo.gitResult(['merge', 'other']).status, 0, 'expected a conflict');
    const during = staged(repo);
    assert.deepEqual(during.summary.unmerged, ['m.txt']);
    repo.write('m.txt', `resolved ${fakeGithubToken()}\n`);
    repo.git('add', 'm.txt');
    assert.deepEqual(
      staged(repo).findings.map((f) => [f.path, f.line]),
      [['m.txt', 1]],
    );
  }),
);

test('not a git repository: exit 2 with one line on stderr', () => {
  const repo = tempRepo({ init: false });
  try {
    const r = repo.cli(['scan', '--staged']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^preflight: not a git repository/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  } finally {
    repo.remove();
  }
});

test(
  'SARIF output carries masked findings with repository-relative URIs',
  withRepo((repo) => {
    repo.write('dir one/k.py', `k = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const r = repo.cli(['scan', '--staged', '--format', 'sarif']);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0].results[0];
    assert.equal(result.ruleId, 'hardcoded-secret');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'dir%20one/k.py');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
  }),
);

test(
  'in-process scan reads the index named by GIT_INDEX_FILE (the temporary index of `git commit -a`)',
  withRepo(async (repo) => {
    repo.write('a.txt', 'a\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'a');
    repo.write('a.txt', `a\nb ${fakeGithubToken()}\n`);
    const altIndex = join(repo.dir, '.git', 'alt-index');
    const env = { GIT_INDEX_FILE: altIndex };
    assert.equal(repo.gitResult(['read-tree', 'HEAD'], { env }).status, 0);
    assert.equal(repo.gitResult(['add', 'a.txt'], { env }).status, 0);
    assert.equal((await scanStaged({ cwd: repo.dir })).findings.length, 0, 'the default index has nothing staged');
    process.env.GIT_INDEX_FILE = altIndex;
    try {
      const result = await scanStaged({ cwd: repo.dir });
      assert.deepEqual(
        result.findings.map((f) => [f.path, f.line]),
        [['a.txt', 2]],
      );
    } finally {
      delete process.env.GIT_INDEX_FILE;
    }
  }),
);
