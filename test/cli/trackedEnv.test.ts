// A `.env` committed before `.gitignore` listed it: git keeps tracking it, so its secrets are reported, and the
// advice is to untrack it and rotate, not to add an entry .gitignore already has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeGithubToken, tempRepo } from '../helpers/gitRepo';

interface JsonFinding {
  path: string;
  ruleId: string;
  message: string;
}

test('a tracked .env that .gitignore lists: "git rm --cached" advice; an unlisted one: .gitignore advice', () => {
  const repo = tempRepo();
  try {
    repo.write('.env', `GITHUB_TOKEN=${fakeGithubToken()}\n`);
    repo.write('config/.env', `GITHUB_TOKEN=${fakeGithubToken()}\n`);
    repo.git('add', '.env');
    repo.git('commit', '-qm', 'env committed before it was ignored');
    repo.write('.gitignore', '/.env\n');
    const run = repo.cli(['lint', '.', '--format', 'json']);
    const findings = (JSON.parse(run.stdout) as JsonFinding[]).filter((f) => f.ruleId === 'hardcoded-secret');
    const byPath = new Map(findings.map((f) => [f.path, f.message]));
    assert.deepEqual([...byPath.keys()].sort(), ['.env', 'config/.env']);
    assert.match(byPath.get('.env')!, /\.env is committed although \.gitignore lists it .*`git rm --cached \.env`/);
    assert.doesNotMatch(byPath.get('.env')!, /add it to \.gitignore/);
    assert.match(
      byPath.get('config/.env')!,
      /\.env is not git-ignored, so this will be committed: add it to \.gitignore\./,
    );
    // Untracked again, the listed file is ignored like any other: nothing to report.
    repo.git('rm', '-q', '--cached', '.env');
    const after = JSON.parse(repo.cli(['lint', '.', '--format', 'json']).stdout) as JsonFinding[];
    assert.deepEqual(
      after.filter((f) => f.ruleId === 'hardcoded-secret').map((f) => f.path),
      ['config/.env'],
    );
  } finally {
    repo.remove();
  }
});
