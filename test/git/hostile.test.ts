// Hostile repositories: committed symlinks to /dev/zero, FIFOs and huge files under the names Preflight
// reads by itself (.gitignore, .preflightignore, .env.example, .preflight/*.json). The CLI, the hook and
// the language server must finish (a hang is killed by the timeout and fails the test) with bounded
// memory (the heap is capped), still report the staged secret, and name what they refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fakeGithubToken, GIT_ENV, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { fileUri, startServer } from '../helpers/lspClient';

const SPECIAL_NAMES = ['.gitignore', '.preflightignore', '.env.example', '.preflight/checklist.json'];
/** A heap far below what reading /dev/zero or a huge file whole would need. */
const NODE_ENV = { ...GIT_ENV, NODE_OPTIONS: '--max-old-space-size=160' };

function run(repo: TempRepo, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env: NODE_ENV,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 << 20,
  });
  assert.notEqual(r.signal, 'SIGTERM', `preflight ${args.join(' ')} hung (killed after the timeout)`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo failed: ${r.stderr.toString()}`);
}

type Kind = 'symlink-to-dev-zero' | 'fifo' | 'huge';

/** A repository whose special files are all of one hostile kind, with one secret staged in app.py. */
function hostileRepo(kind: Kind, names = SPECIAL_NAMES): { repo: TempRepo; token: string } {
  const repo = tempRepo();
  repo.write('README.md', 'hello\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'init');
  mkdirSync(join(repo.dir, '.preflight'), { recursive: true });
  const token = fakeGithubToken();
  repo.write('app.py', `import os\nTOKEN = "${token}"\n`);
  if (kind === 'fifo') {
    // FIFOs cannot be committed (and git itself blocks on a FIFO .gitignore): made after staging.
    repo.git('add', 'app.py');
    for (const name of names) mkfifo(join(repo.dir, name));
    return { repo, token };
  }
  for (const name of names) {
    const abs = join(repo.dir, name);
    if (kind === 'symlink-to-dev-zero') symlinkSync('/dev/zero', abs);
    else writeFileSync(abs, Buffer.alloc(48 << 20, 'a'));
  }
  // Symlinks and huge files are committed, as a cloned repository would have them.
  repo.git('add', '-f', ...names);
  repo.git('commit', '-qm', 'hostile', '--no-verify');
  repo.git('add', 'app.py');
  return { repo, token };
}

for (const kind of ['symlink-to-dev-zero', 'fifo', 'huge'] as const) {
  test(`${kind} special files: scan --staged, lint and checklist finish and still report the secret`, () => {
    const { repo } = hostileRepo(kind);
    try {
      const scan = run(repo, ['scan', '--staged', '--format', 'json']);
      assert.equal(scan.status, 1, scan.stderr);
      assert.deepEqual(
        (JSON.parse(scan.stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => [
          f.path,
          f.line,
        ]),
        [['app.py', 2]],
      );
      const lint = run(repo, ['lint', '.', '--format', 'json']);
      assert.equal(lint.status, 1, lint.stderr);
      assert.ok(lint.stdout.includes('"hardcoded-secret"'), lint.stdout);
      const checklist = run(repo, ['checklist', '.', '--format', 'json']);
      assert.ok(checklist.status === 0 || checklist.status === 1, checklist.stderr);
      const items = (JSON.parse(checklist.stdout) as { items: { id: string; status: string }[] }).items;
      assert.ok(items.length > 5);
    } finally {
      repo.remove();
    }
  });
}

test('a baseline that is a symlink to /dev/zero or a FIFO stops the staged scan with a clear reason (exit 2)', () => {
  for (const kind of ['symlink-to-dev-zero', 'fifo'] as const) {
    const { repo } = hostileRepo(kind, ['.preflight/baseline.json']);
    try {
      const scan = run(repo, ['scan', '--staged']);
      assert.equal(scan.status, 2, scan.stdout);
      assert.match(scan.stderr, /baseline.*(leads outside the workspace \(to \/dev\/zero\)|FIFO)/);
    } finally {
      repo.remove();
    }
  }
});

test('the installed hook blocks the commit in a repository full of symlinks to /dev/zero', () => {
  const { repo } = hostileRepo('symlink-to-dev-zero');
  try {
    assert.equal(run(repo, ['hook', 'install']).status, 0);
    const commit = spawnSync('git', ['commit', '-qm', 'add app'], {
      cwd: repo.dir,
      env: NODE_ENV,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(commit.signal, 'SIGTERM', 'git commit hung in the hook');
    assert.equal(commit.status, 1, commit.stdout + commit.stderr);
    assert.match(commit.stdout + commit.stderr, /1 secret in staged changes/);
  } finally {
    repo.remove();
  }
});

test('a FIFO, a device or an unreadable file named on the command line is an error (exit 2), not a hang', () => {
  const repo = tempRepo();
  try {
    mkfifo(join(repo.dir, 'pipe.py'));
    let r = run(repo, ['lint', 'pipe.py']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pipe\.py.*FIFO/);
    r = run(repo, ['lint', '/dev/zero']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /character device/);
    repo.write('secret.py', 'x = 1\n');
    chmodSync(join(repo.dir, 'secret.py'), 0o000);
    if (process.getuid?.() !== 0) {
      r = run(repo, ['lint', 'secret.py']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cannot read secret\.py/);
    }
  } finally {
    repo.remove();
  }
});

test('the language server indexes a repository of symlinks to /dev/zero and FIFOs and still answers', async () => {
  const { repo, token } = hostileRepo('symlink-to-dev-zero');
  mkfifo(join(repo.dir, 'pipe.env'));
  symlinkSync('/dev/zero', join(repo.dir, 'zero.py'));
  const client = await startServer({
    workspaceFolder: repo.dir,
    command: ['node', '--max-old-space-size=160', CLI, 'lsp', '--stdio'],
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- names the expected shape
    const folders = (await client.conn.sendRequest('preflight/checklist', {})) as {
      folders: { report?: { items: unknown[] }; error?: string }[];
    };
    assert.ok(folders.folders[0].report, folders.folders[0].error);
    const uri = fileUri(join(repo.dir, 'app.py'));
    await client.open(uri, 'python', `import os\nTOKEN = "${token}"\n`);
    const items = await client.pullItems(uri);
    assert.deepEqual(
      items.map((d) => [d.code, d.range.start.line]),
      [['hardcoded-secret', 1]],
    );
    assert.equal(client.child.exitCode, null, 'the server exited');
  } finally {
    await client.stop();
    repo.remove();
  }
});
