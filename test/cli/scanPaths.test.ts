// `preflight scan [paths…]`: secrets only, over files on disk, through the real CLI process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { assertNoRawTokens, fakeAwsKeyId, fakeGithubToken, GIT_ENV, tempRepo, type TempRepo } from '../helpers/gitRepo';

const repos: TempRepo[] = [];
after(() => {
  for (const r of repos) r.remove();
});

function project(files: Record<string, string>): TempRepo {
  const repo = tempRepo({ init: true });
  repos.push(repo);
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  return repo;
}

interface JsonFinding {
  path: string;
  line: number;
  ruleId: string;
  message: string;
}

function scanJson(repo: TempRepo, args: string[] = []): { status: number | null; findings: JsonFinding[] } {
  const r = repo.cli(['scan', '--format', 'json', ...args]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return { status: r.status, findings: JSON.parse(r.stdout) as JsonFinding[] };
}

test('scan [paths] reports secrets only (no other rule), honours ignore files, comments and paths', () => {
  const token = fakeGithubToken();
  const p = project({
    // debug=True would be a debug-mode finding for `lint`; `scan` must report the secrets alone.
    'app.py': `from fastapi import FastAPI\napp = FastAPI(debug=True)\nGITHUB = "${token}"\n`,
    'web/config.js': `export const awsKey = "${fakeAwsKeyId()}";\n`,
    'accepted.py': `# preflight-ignore -- a revoked fixture\nOLD = "${fakeGithubToken()}"\n`,
    '.gitignore': 'generated/\n',
    'generated/out.py': `T = "${fakeGithubToken()}"\n`,
    '.preflightignore': 'fixtures/\n',
    'fixtures/sample.py': `T = "${fakeGithubToken()}"\n`,
    'clean.py': 'print("hello")\n',
  });
  const all = scanJson(p);
  assert.equal(all.status, 1);
  assert.deepEqual(
    all.findings.map((f) => [f.path, f.line, f.ruleId]),
    [
      ['app.py', 3, 'hardcoded-secret'],
      ['web/config.js', 1, 'hardcoded-secret'],
    ],
  );
  for (const f of all.findings) assert.ok(!f.message.includes(token), 'the secret value never appears in the output');
  // Only the named paths.
  assert.deepEqual(
    scanJson(p, ['web']).findings.map((f) => f.path),
    ['web/config.js'],
  );
  const clean = scanJson(p, ['clean.py']);
  assert.equal(clean.status, 0);
  assert.deepEqual(clean.findings, []);
});

test('scan [paths] honours the baseline, and text and SARIF outputs carry the same finding', () => {
  const p = project({ 'settings.py': `API = "${fakeGithubToken()}"\n`, 'other.py': `K = "${fakeGithubToken()}"\n` });
  const text = p.cli(['scan']);
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /settings\.py:1:\d+/);
  assert.match(text.stdout, /other\.py:1:\d+/);
  const sarif = p.cli(['scan', '--format', 'sarif']);
  const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
  assert.deepEqual(
    log.runs[0].results.map((r) => r.ruleId),
    ['hardcoded-secret', 'hardcoded-secret'],
  );
  const added = p.cli(['baseline', 'add', 'settings.py', '--reason', 'test fixture']);
  assert.equal(added.status, 0, added.stderr);
  assert.deepEqual(
    scanJson(p).findings.map((f) => f.path),
    ['other.py'],
  );
});

test('scan --staged still scans the index, and rejects paths', () => {
  const p = project({ 'staged.py': `T = "${fakeGithubToken()}"\n`, 'unstaged.py': `T = "${fakeGithubToken()}"\n` });
  p.git('add', 'staged.py');
  const r = p.cli(['scan', '--staged', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { path: string }[] };
  assert.deepEqual(
    report.findings.map((f) => f.path),
    ['staged.py'],
  );
  const withPath = p.cli(['scan', '--staged', 'unstaged.py']);
  assert.equal(withPath.status, 2);
  assert.match(withPath.stderr, /takes no paths/);
});

test('scan --help describes both forms; --rule is not an option of scan', () => {
  const p = project({});
  const help = p.cli(['scan', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /preflight scan \[paths…\]/);
  assert.match(help.stdout, /preflight scan --staged/);
  const bad = p.cli(['scan', '--rule', 'debug-mode=off']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option --rule/);
});

/** `preflight …` as installed: bin/preflight.js, which sends `scan` to the small out/scan.js bundle. */
function bin(repo: TempRepo, args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<TempRepo['cli']> {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'preflight.js'), ...args], {
    cwd: repo.dir,
    env: { ...GIT_ENV, ...env },
    encoding: 'utf8',
  });
  assertNoRawTokens(`${r.stdout}\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('bin/preflight.js scan runs the scan bundle: same reports as cli.js, without the other rules', () => {
  const files: Record<string, string> = {
    'app.py': `from fastapi import FastAPI\napp = FastAPI(debug=True)\nGITHUB = "${fakeGithubToken()}"\n`,
    'web/config.js': `export const awsKey = "${fakeAwsKeyId()}";\n`,
    'ok.py': `# preflight-ignore -- a revoked fixture\nOLD = "${fakeGithubToken()}"\n`,
  };
  // Enough files for worker threads (forced to two), which re-run the scan bundle itself.
  for (let i = 0; i < 60; i++) files[`pkg/m${i}.py`] = i % 20 ? `x = ${i}\n` : `TOKEN = "${fakeGithubToken()}"\n`;
  const p = project(files);
  for (const format of ['json', 'sarif', 'text']) {
    const viaCli = p.cli(['scan', '--format', format]);
    const viaBin = bin(p, ['scan', '--format', format], { PREFLIGHT_THREADS: '2' });
    assert.equal(viaCli.status, 1, viaCli.stderr);
    assert.equal(viaBin.status, 1, viaBin.stderr);
    assert.equal(viaBin.stdout, viaCli.stdout, `${format} output differs between out/scan.js and out/cli.js`);
  }
  assert.equal((JSON.parse(bin(p, ['scan', '--format', 'json']).stdout) as unknown[]).length, 5);
  p.git('add', 'app.py');
  const staged = bin(p, ['scan', '--staged', '--format', 'json']);
  assert.equal(staged.status, 1, staged.stderr);
  assert.deepEqual(
    (JSON.parse(staged.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path),
    ['app.py'],
  );
  assert.match(bin(p, ['scan', '--help']).stdout, /preflight scan --staged/);
  // The point of the bundle: no other rule is loaded for a secret scan.
  const bundle = readFileSync(join(REPO, 'out', 'scan.js'), 'utf8');
  for (const absent of ['sql-injection', 'command-injection', 'weak-signing-key'])
    assert.ok(!bundle.includes(absent), `out/scan.js contains "${absent}"`);
  const lint = bin(p, ['lint', '--format', 'json']);
  assert.ok(
    (JSON.parse(lint.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'debug-mode'),
    'other commands still run the full CLI',
  );
});
