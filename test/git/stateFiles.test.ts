// State files over their size cap are refused with a clear error and left exactly as they were; a FIFO
// where the checklist asks git about ignore rules is seen before git is started (git would block on it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeDecision } from '../../server/src/checklist/state';
import { MAX_STATE_FILE_BYTES } from '../../server/src/workspace/guardedRead';
import { CLI, fakeGithubToken, GIT_ENV, gitSpy, tempRepo, type TempRepo } from '../helpers/gitRepo';

const OVERSIZE = MAX_STATE_FILE_BYTES + 1024 * 1024;
const LIMIT = /is 9216 KB, above the 8192 KB limit/;

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Garbage JSON just over the cap (what a broken tool or an attacker could leave behind). */
function oversize(repo: TempRepo, rel: string): string {
  const path = join(repo.dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  const wrapper = '{"version":1,"pad":""}';
  writeFileSync(path, `{"version":1,"pad":"${'a'.repeat(OVERSIZE - wrapper.length)}"}`);
  return digest(path);
}

function run(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = GIT_ENV,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  assert.notEqual(r.signal, 'SIGTERM', `preflight ${args.join(' ')} hung`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ChecklistJson {
  problems: string[];
  items: { id: string; status: string; evidence: { message: string }[] }[];
}

test('an oversized .preflight/baseline.json: every command reading it stops with exit 2; it is never rewritten', () => {
  const repo = tempRepo();
  try {
    repo.write('app.py', `TOKEN = "${fakeGithubToken()}"\n`);
    repo.git('add', 'app.py');
    const before = oversize(repo, '.preflight/baseline.json');
    for (const args of [
      ['baseline', 'add', 'app.py', '--reason', 'test key'],
      ['baseline', 'add', '--staged', '--reason', 'test key'],
      ['baseline', 'list'],
      ['baseline', 'prune'],
      ['scan', '--staged'],
    ]) {
      const r = run(repo.dir, args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /baseline/);
      assert.match(r.stderr, LIMIT, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line on stderr');
    }
    assert.equal(digest(join(repo.dir, '.preflight', 'baseline.json')), before);
    assert.deepEqual(readdirSync(join(repo.dir, '.preflight')), ['baseline.json'], 'no copies, no temp files left');
  } finally {
    repo.remove();
  }
});

test('an oversized .preflight/checklist.json is reported, ticks are refused, and the file is kept as it is', () => {
  const repo = tempRepo();
  try {
    repo.write('app.py', 'x = 1\n');
    const before = oversize(repo, '.preflight/checklist.json');
    const r = run(repo.dir, ['checklist', '.', '--format', 'json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const report = JSON.parse(r.stdout) as ChecklistJson;
    assert.ok(
      report.problems.some((p) =>
        /cannot read \.preflight\/checklist\.json: it is 9216 KB, above the 8192 KB limit/.test(p),
      ),
      report.problems.join('\n'),
    );
    assert.throws(
      () => changeDecision(repo.dir, 'gitignore', { action: 'tick' }, 'tester'),
      /cannot read \.preflight\/checklist\.json: it is 9216 KB, above the 8192 KB limit\. Fix or move the file/,
    );
    assert.equal(digest(join(repo.dir, '.preflight', 'checklist.json')), before);
    assert.deepEqual(
      readdirSync(join(repo.dir, '.preflight')),
      ['checklist.json'],
      'no 9 MB backup copy, no temp files',
    );
  } finally {
    repo.remove();
  }
});

test('oversized scan records in the git directory are named as ignored, and reading them changes nothing', () => {
  const repo = tempRepo();
  try {
    repo.write('app.py', 'x = 1\n');
    const records = ['staged-scan.json', 'history-scan.json', 'audit.json'];
    const before = records.map((name) => oversize(repo, `.git/preflight/${name}`));
    const report = JSON.parse(run(repo.dir, ['checklist', '.', '--format', 'json']).stdout) as ChecklistJson;
    for (const name of records)
      assert.ok(
        report.problems.some((p) => p.includes(`${name} is 9216 KB, above the 8192 KB limit: ignored`)),
        `${name}: ${report.problems.join('\n')}`,
      );
    assert.deepEqual(
      records.map((name) => digest(join(repo.dir, '.git', 'preflight', name))),
      before,
    );
  } finally {
    repo.remove();
  }
});

test('a FIFO .gitignore (root or nested) is found before git is asked: no check-ignore, and the item names it', () => {
  for (const where of ['.gitignore', 'api/.gitignore']) {
    const repo = tempRepo();
    const spy = gitSpy();
    try {
      repo.write('api/app.py', 'import os\nKEY = os.environ["API_KEY"]\n');
      repo.write('.env', 'API_KEY=x\n');
      repo.write('api/.env', 'API_KEY=x\n');
      repo.git('add', 'api/app.py');
      repo.git('commit', '-qm', 'init');
      if (where !== '.gitignore') repo.write('.gitignore', 'node_modules/\n');
      const fifo = spawnSync('mkfifo', [join(repo.dir, where)]);
      assert.equal(fifo.status, 0);
      const r = run(repo.dir, ['checklist', '.', '--format', 'json'], {
        ...GIT_ENV,
        PATH: `${spy.bin}:${GIT_ENV.PATH ?? ''}`,
      });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const calls = spy.calls();
      assert.ok(
        calls.some((c) => c.includes('ls-files')),
        'the spy saw git run (the test is wired right)',
      );
      assert.deepEqual(
        calls.filter((c) => c.includes('check-ignore')),
        [],
        `${where}: git was asked about ignore rules`,
      );
      const item = (JSON.parse(r.stdout) as ChecklistJson).items.find((i) => i.id === 'gitignore-secrets');
      assert.ok(item, 'the gitignore item exists');
      assert.equal(item.status, 'fail');
      assert.ok(
        item.evidence.some(
          (e) =>
            e.message ===
            `${where} is a FIFO (named pipe): git cannot read it (git was not asked; it would wait on it)`,
        ),
        JSON.stringify(item.evidence),
      );
      assert.ok(existsSync(join(repo.dir, where)), 'the FIFO is left alone');
    } finally {
      spy.remove();
      repo.remove();
    }
  }
});
