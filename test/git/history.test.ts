// The history scan on real repositories: first introduction, still-in-HEAD, remediation, cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAwsKeyId, fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { scanHistory } from '../../server/src/git/history';

interface HF {
  path: string;
  line: number;
  commit: string;
  author: string;
  date: string;
  stillInHead: boolean;
  masked: string;
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

function commitAll(repo: TempRepo, message: string): string {
  repo.git('add', '-A');
  repo.git('commit', '-qm', message, '--no-verify');
  return repo.git('rev-parse', 'HEAD').trim();
}

test(
  'finds a key added then removed (not in HEAD) and one still present, each at its first commit',
  withRepo((repo) => {
    const gone = fakeAwsKeyId();
    const kept = fakeGithubToken();
    repo.write('README.md', '# app\n');
    commitAll(repo, 'init');
    repo.write('config.py', `a = 1\nAWS = "${gone}"\n`);
    const addedGone = commitAll(repo, 'add aws');
    repo.write('config.py', 'a = 1\nAWS = os.environ["AWS"]\n');
    commitAll(repo, 'remove aws');
    repo.write('src/gh.py', `x\ny\nGH = "${kept}"\n`);
    const addedKept = commitAll(repo, 'add gh');
    repo.write('src/gh.py', `w\nx\ny\nGH = "${kept}"\n`); // touching the line above must not re-report it
    repo.write('.env', `GH=${kept}\n`);
    commitAll(repo, 'more');
    const r = repo.cli(['history', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: HF[]; remediation: string; summary: { commitsScanned: number } };
    const byPath = Object.fromEntries(json.findings.map((f) => [f.path, f]));
    assert.deepEqual(Object.keys(byPath).sort(), ['.env', 'config.py', 'src/gh.py']);
    assert.deepEqual(
      [byPath['config.py'].commit, byPath['config.py'].line, byPath['config.py'].stillInHead],
      [addedGone, 2, false],
    );
    assert.deepEqual(
      [byPath['src/gh.py'].commit, byPath['src/gh.py'].line, byPath['src/gh.py'].stillInHead],
      [addedKept, 3, true],
    );
    assert.equal(byPath['src/gh.py'].author, 'Test Person');
    assert.match(byPath['src/gh.py'].date, /^\d{4}-\d\d-\d\dT/);
    assert.equal(json.summary.commitsScanned, 5);
    assert.match(json.remediation, /Rotate every secret/);
    assert.match(json.remediation, /git filter-repo --replace-text/);
    assert.match(json.remediation, /git filter-repo --invert-paths --path \.env/);
    assert.match(json.remediation, /git push --force --all/);
    const text = repo.cli(['history']);
    assert.match(
      text.stdout,
      /config\.py:2 .*AKIA… \(20 chars\)\n {4}added in [0-9a-f]{12} on .* by Test Person; no longer in HEAD/,
    );
    assert.match(text.stdout, /STILL in HEAD/);
    const sarif = JSON.parse(repo.cli(['history', '--format', 'sarif']).stdout);
    assert.equal(sarif.runs[0].results.length, 3);
    assert.equal(repo.cli(['history', '--max-count', '1', '--format', 'json']).status, 1);
  }),
);

test(
  '--replacements writes a 600 file outside the repo and refuses one inside',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('a.py', `t = "${token}"\n`);
    commitAll(repo, 'a');
    const inside = repo.cli(['history', '--replacements', 'repl.txt']);
    assert.equal(inside.status, 2);
    assert.ok(!existsSync(join(repo.dir, 'repl.txt')));
    const outside = `${repo.dir}-replacements.txt`;
    try {
      assert.equal(repo.cli(['history', '--replacements', outside]).status, 1);
      assert.equal(readFileSync(outside, 'utf8'), `literal:${token}==>***REMOVED***\n`);
      assert.equal(statSync(outside).mode & 0o777, 0o600);
    } finally {
      if (existsSync(outside)) rmSync(outside);
    }
  }),
);

test(
  'an empty repository and a clean history exit 0',
  withRepo((repo) => {
    assert.equal(repo.cli(['history']).status, 0);
    repo.write('a.py', 'x = 1\n');
    commitAll(repo, 'a');
    const r = repo.cli(['history']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /no secrets in history \(1 commit scanned\)/);
  }),
);

test(
  'aborting the scan kills git and rejects with AbortError',
  withRepo(async (repo) => {
    for (let i = 0; i < 40; i++) {
      repo.write(`f${i}.txt`, `${'line\n'.repeat(2000)}k ${fakeGithubToken()}\n`);
      commitAll(repo, `c${i}`);
    }
    const controller = new AbortController();
    let seenWhenAborted = 0;
    // Abort from the first progress report, i.e. while git log is still streaming.
    const pending = scanHistory({
      cwd: repo.dir,
      signal: controller.signal,
      onProgress: (done) => {
        if (!controller.signal.aborted) {
          seenWhenAborted = done;
          controller.abort();
        }
      },
    });
    await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
    assert.ok(seenWhenAborted > 0 && seenWhenAborted < 40, `aborted after ${seenWhenAborted} commits`);
    const reports: number[] = [];
    const full = await scanHistory({
      cwd: repo.dir,
      onProgress: (done, total) => {
        reports.push(done);
        assert.equal(total, 40);
      },
    });
    assert.equal(full.findings.length, 40);
    assert.equal(reports.at(-1), 40);
  }),
);
