// The secrets baseline through the real CLI: add, survive unrelated edits, prune, corrupt file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAwsKeyId, fakeGithubToken, issued, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { loadBaseline, BaselineError } from '../../server/src/secrets/baseline';

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

const baselinePath = (repo: TempRepo): string => join(repo.dir, '.preflight', 'baseline.json');

test(
  'a baselined secret survives unrelated edits that shift its line; a new secret still blocks',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('conf.py', `a = 1\nt = "${token}"\n`);
    const add = repo.cli(['baseline', 'add', 'conf.py', '--reason', 'test fixture']);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /1 new baseline entry/);
    const file = JSON.parse(readFileSync(baselinePath(repo), 'utf8'));
    assert.equal(file.entries.length, 1);
    assert.deepEqual(Object.keys(file.entries[0]).sort(), ['date', 'hash', 'kind', 'path', 'reason', 'rule']);
    assert.equal(file.entries[0].reason, 'test fixture');
    assert.ok(!readFileSync(baselinePath(repo), 'utf8').includes(token), 'the baseline must not hold the value');
    repo.git('add', '.');
    assert.equal(repo.cli(['scan', '--staged']).status, 0);
    repo.git('commit', '-qm', 'init');
    repo.write('conf.py', `# header\nimport os\n\na = 1\nt = "${token}"\n`);
    repo.git('add', '.');
    assert.equal(repo.cli(['scan', '--staged']).status, 0, 'line shift keeps the entry valid');
    repo.write('conf.py', `# header\nimport os\n\na = 1\nt = "${token}"\nu = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const r = repo.cli(['scan', '--staged', '--format', 'json']);
    assert.equal(r.status, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).findings.map((f: { line: number }) => f.line),
      [6],
    );
    // The same value in another file is not covered: entries are per path.
    repo.write('other.py', `t = "${token}"\n`);
    repo.git('add', '.');
    assert.equal(JSON.parse(repo.cli(['scan', '--staged', '--format', 'json']).stdout).findings.length, 2);
  }),
);

test(
  'baseline add --staged, list, and prune dropping entries whose secret is gone',
  withRepo((repo) => {
    repo.write('a.py', `x = "${fakeGithubToken()}"\n`);
    repo.write('b.py', `y = "${fakeAwsKeyId()}"\n`);
    repo.git('add', '.');
    assert.match(repo.cli(['baseline', 'add', '--staged', '--reason', 'demo keys']).stdout, /2 new baseline entries/);
    assert.equal(repo.cli(['scan', '--staged']).status, 0);
    const list = repo.cli(['baseline', 'list']);
    assert.match(list.stdout, /a\.py {2}hardcoded-secret \(github-token\).*demo keys/);
    assert.match(list.stdout, /b\.py {2}hardcoded-secret \(aws-access-key-id\)/);
    repo.write('a.py', 'x = os.environ["X"]\n');
    repo.git('add', '.');
    const pruned = repo.cli(['baseline', 'prune']);
    assert.match(pruned.stdout, /pruned 1 baseline entry, 1 kept/);
    const entries = JSON.parse(readFileSync(baselinePath(repo), 'utf8')).entries;
    assert.deepEqual(
      entries.map((e: { path: string }) => e.path),
      ['b.py'],
    );
  }),
);

test(
  'a corrupt baseline: exit 2 naming the file, and the file is left untouched',
  withRepo((repo) => {
    repo.write('.preflight/baseline.json', '{"version": 1, "salt": "00ff", "entries": [ broken');
    repo.write('a.py', `x = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const before = readFileSync(baselinePath(repo));
    for (const args of [
      ['scan', '--staged'],
      ['baseline', 'add', 'a.py'],
      ['baseline', 'prune'],
      ['baseline', 'list'],
      ['history'],
      ['lint', 'a.py'],
    ]) {
      const r = repo.cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}`);
      assert.match(r.stderr, /^preflight: corrupt baseline .*baseline\.json/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.deepEqual(readFileSync(baselinePath(repo)), before);
    assert.throws(() => loadBaseline(repo.dir), BaselineError);
    writeFileSync(
      baselinePath(repo),
      JSON.stringify({
        version: 1,
        salt: 'abcdef0123456789',
        entries: [{ rule: 'x', path: 'a', hash: 'short', reason: '', date: '' }],
      }),
    );
    assert.throws(() => loadBaseline(repo.dir), /entry 0 is malformed/);
  }),
);

test(
  'isBaselined matches by rule, repository-relative path (absolute accepted) and value',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('s/x.env', `T=${token}\n`);
    assert.equal(repo.cli(['baseline', 'add', 's/x.env']).status, 0);
    const b = loadBaseline(repo.dir);
    assert.equal(b.isBaselined('hardcoded-secret', 's/x.env', token), true);
    assert.equal(b.isBaselined('hardcoded-secret', join(repo.dir, 's', 'x.env'), token), true);
    assert.equal(b.isBaselined('hardcoded-secret', 's/y.env', token), false);
    assert.equal(b.isBaselined('other-rule', 's/x.env', token), false);
    assert.equal(b.isBaselined('hardcoded-secret', 's/x.env', issued[0] === token ? 'different' : issued[0]), false);
  }),
);

test(
  'preflight lint honours the baseline (by path and value, whatever the line)',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('src/settings.py', `import os\nTOKEN = "${token}"\n`);
    const lint = (): { ruleId: string; path: string }[] => {
      const r = repo.cli(['lint', 'src', '--format', 'json']);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const json = JSON.parse(r.stdout);
      return (Array.isArray(json) ? json : json.findings).filter(
        (f: { ruleId: string }) => f.ruleId === 'hardcoded-secret',
      );
    };
    assert.equal(lint().length, 1);
    assert.equal(repo.cli(['baseline', 'add', 'src/settings.py', '--reason', 'demo']).status, 0);
    repo.write('src/settings.py', `import os\n\n# moved down\nTOKEN = "${token}"\n`);
    assert.equal(lint().length, 0);
  }),
);
