// The staged scan never says clean while a secret is staged: files git calls binary through
// .gitattributes, lines over 1 MiB, UTF-16 files, a private key cut by the diff parser's flush point,
// a key body pasted between committed BEGIN/END lines, and `git commit --amend` over a --no-verify commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fakeGithubToken, GIT_ENV, issued, tempRepo, type TempRepo } from '../helpers/gitRepo';
import { B64, Rand } from '../helpers/fakeSecrets';

interface JsonFinding {
  path: string;
  line: number;
  kind: string;
}

function staged(repo: TempRepo, extra: string[] = []): { status: number | null; findings: JsonFinding[] } {
  const r = repo.cli(['scan', '--staged', '--format', 'json', ...extra]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return { status: r.status, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

function withRepo(fn: (repo: TempRepo) => void): () => void {
  return () => {
    const repo = tempRepo();
    try {
      repo.write('README.md', 'hello\n');
      repo.git('add', '.');
      repo.git('commit', '-qm', 'init');
      fn(repo);
    } finally {
      repo.remove();
    }
  };
}

/** A fake PEM key with a body long enough to be a real one; the pieces are listed as issued tokens. */
function keyLines(r: Rand): { begin: string; body: string[]; end: string } {
  const body = Array.from({ length: 8 }, () => r.str(B64, 64));
  issued.push(...body);
  return { begin: '-----BEGIN RSA PRIVATE KEY-----', body, end: '-----END RSA PRIVATE KEY-----' };
}

test(
  'files git treats as binary through .gitattributes (-diff, binary) are read from the index and scanned',
  withRepo((repo) => {
    repo.write('.gitattributes', '*.json -diff\n*.py binary\n');
    repo.git('add', '.gitattributes');
    repo.git('commit', '-qm', 'attributes');
    repo.write('config.json', `{\n  "name": "x",\n  "token": "${fakeGithubToken()}"\n}\n`);
    repo.write('app.py', `import os\nTOKEN = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.kind]),
      [
        ['app.py', 2, 'github-token'],
        ['config.json', 3, 'github-token'],
      ],
    );
    // A secret already committed in a -diff file is not reported again when another line changes.
    repo.git('commit', '-qm', 'secrets', '--no-verify');
    repo.write('config.json', `${repo.git('show', 'HEAD:config.json').trimEnd()}\n`.replace('"x"', '"y"'));
    repo.git('add', 'config.json');
    assert.deepEqual(staged(repo).findings, []);
  }),
);

test(
  'a secret inside a line over 1 MiB (and at the end of a 3 MB line) is found',
  withRepo((repo) => {
    const a = fakeGithubToken();
    const b = fakeGithubToken();
    repo.write('bundle.txt', `var x = "${'a'.repeat(1_200_000)} ${a} ${'b'.repeat(3_000_000)} ${b}";\n`);
    repo.git('add', 'bundle.txt');
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.kind]),
      [
        ['bundle.txt', 1, 'github-token'],
        ['bundle.txt', 1, 'github-token'],
      ],
    );
  }),
);

test(
  'UTF-16 files with a BOM are decoded and scanned; real binaries are listed as not scanned in the text output',
  withRepo((repo) => {
    const le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`A=1\r\nTOKEN=${fakeGithubToken()}\r\n`, 'utf16le'),
    ]);
    repo.write('.env.ps', le);
    const be = Buffer.from(`\uFEFFX=2\nKEY=${fakeGithubToken()}\n`, 'utf16le').swap16();
    repo.write('settings.txt', be);
    repo.write('blob.dat', Buffer.from([1, 2, 0, 0, 3, 4, 0, 5]));
    repo.git('add', '.');
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line]),
      [
        ['.env.ps', 2],
        ['settings.txt', 2],
      ],
    );
    const text = repo.cli(['scan', '--staged']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /not scanned:\n {2}blob\.dat {2}\(binary\)/);
    repo.git('rm', '-q', '--cached', '.env.ps', 'settings.txt');
    const clean = repo.cli(['scan', '--staged']);
    assert.equal(clean.status, 0);
    assert.match(
      clean.stdout,
      /no secrets in staged changes[^\n]*\npreflight: 1 staged file not scanned:\n {2}blob\.dat {2}\(binary\)/,
    );
  }),
);

test(
  'a private key whose BEGIN line is the last line before the diff parser flushes is still found',
  withRepo((repo) => {
    const key = keyLines(new Rand(7));
    // 2621 lines of 100 characters (with "\n") and one of 20: the BEGIN line crosses the 256 KiB flush point.
    const filler = [...Array.from({ length: 2621 }, (_, i) => `n${String(i).padStart(5, '0')} = '${'x'.repeat(88)}'`)];
    filler.push(`last = '${'y'.repeat(10)}'`);
    assert.equal(
      filler.reduce((n, l) => n + l.length + 1, 0),
      262_120,
    );
    repo.write('big.py', [...filler, `KEY = """${key.begin}`, ...key.body, `${key.end}"""`, ''].join('\n'));
    repo.git('add', 'big.py');
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.kind]),
      [['big.py', 2623, 'private-key']],
    );
  }),
);

test(
  'a key body pasted between BEGIN/END lines that were already committed is found',
  withRepo((repo) => {
    const key = keyLines(new Rand(11));
    repo.write('deploy/id_rsa.txt', `${key.begin}\n${key.end}\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'empty key template');
    repo.write('deploy/id_rsa.txt', [key.begin, ...key.body, key.end, ''].join('\n'));
    repo.git('add', '.');
    const r = staged(repo);
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.kind]),
      [['deploy/id_rsa.txt', 1, 'private-key']],
    );
  }),
);

test(
  'git commit --amend of a commit whose secret came in with --no-verify is blocked by the hook',
  withRepo((repo) => {
    repo.write('app.py', `TOKEN = "${fakeGithubToken()}"\n`);
    repo.git('add', 'app.py');
    repo.git('commit', '-qm', 'oops', '--no-verify');
    repo.write('notes.txt', 'more\n');
    repo.git('add', 'notes.txt');
    assert.equal(staged(repo).status, 0, 'a plain commit adds nothing secret');
    const amend = staged(repo, ['--amend']);
    assert.equal(amend.status, 1);
    assert.deepEqual(
      amend.findings.map((f) => [f.path, f.line]),
      [['app.py', 1]],
    );
    assert.equal(repo.cli(['hook', 'install']).status, 0);
    const r = spawnSync('git', ['commit', '--amend', '--no-edit', '-q'], {
      cwd: repo.dir,
      env: GIT_ENV,
      encoding: 'utf8',
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout + r.stderr,
      /1 secret in staged changes, compared with HEAD\^ because this commit amends HEAD/,
    );
    const plain = spawnSync('git', ['commit', '-qm', 'notes'], { cwd: repo.dir, env: GIT_ENV, encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
  }),
);

test(
  '--replacements refuses `..repl.txt` inside the repository, and a staged replacements file is caught',
  withRepo((repo) => {
    const token = fakeGithubToken();
    repo.write('a.py', `t = "${token}"\n`);
    repo.git('add', 'a.py');
    repo.git('commit', '-qm', 'a', '--no-verify');
    const inside = repo.cli(['history', '--replacements', '..repl.txt']);
    assert.equal(inside.status, 2, inside.stdout);
    assert.match(inside.stderr, /must point outside the repository/);
    // The file a careless user might produce inside the work tree anyway.
    repo.write('repl.txt', `literal:${token}==>***REMOVED***\n`);
    repo.git('add', 'repl.txt');
    assert.deepEqual(
      staged(repo).findings.map((f) => [f.path, f.line, f.kind]),
      [['repl.txt', 1, 'github-token']],
    );
  }),
);

test(
  'control characters in staged file names are never printed raw',
  withRepo((repo) => {
    const name = 'evil\u001b[31mred\u0007.py';
    repo.write(name, `TOKEN = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');
    const r = repo.cli(['scan', '--staged']);
    assert.equal(r.status, 1);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout + r.stderr), JSON.stringify(r.stdout));
    assert.match(r.stdout, /evil.\[31mred.\.py:1:10/);
  }),
);
