// Files with tens of thousands of findings: every per-finding step is independent of the file's size
// (no re-slicing of a 1 MB line, no per-secret rescan of the module), and a file lists at most
// MAX_FINDINGS_PER_FILE findings plus one summary that says how many more there are. The real CLI and the
// real language server must finish; assertions are on counts and structure, never on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { MAX_FINDINGS_PER_FILE } from '../../server/src/core/findingsCap';
import { detectSecrets } from '../../server/src/secrets/detect';
import { CLI } from '../helpers/gitRepo';
import { fileUri, startServer } from '../helpers/lspClient';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const runSalt = randomBytes(8).toString('hex');
let issued = 0;
/**
 * Fake GitHub tokens made at run time from a hash (too many to register one by one for the leak check
 * below): high entropy, so none of them looks like a placeholder by chance.
 */
function token(): string {
  const bytes = createHash('sha256').update(`${runSalt}:${issued++}`).digest();
  let s = 'gh' + 'p_';
  for (let i = 0; i < 36; i++) s += ALPHABET[bytes[i % 32] % ALPHABET.length];
  return s;
}
const RAW_TOKEN = /gh[p]_[A-Za-z0-9]{36}/;

/**
 * How many secrets the detector itself finds in the text: a random token now and then looks like a
 * placeholder (`xxx…`) and is rightly skipped, so the expected count comes from the engine, not from N.
 */
function secretsIn(text: string, path: string, written = N): number {
  const n = detectSecrets(text, { path }).length;
  assert.ok(n > written * 0.99, `the fixture holds too few detectable secrets (${n} of ${written})`);
  return n;
}
const N = 20_000;

interface LintJson {
  path: string;
  line: number;
  ruleId: string;
  severity: string;
  message: string;
  fingerprint?: string;
}

function lint(dir: string, args: string[]): { status: number | null; findings: LintJson[]; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args, '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  assert.doesNotMatch(r.stdout + r.stderr, RAW_TOKEN, 'a raw token was printed');
  const parsed = JSON.parse(r.stdout) as LintJson[] | { findings: LintJson[] };
  return { status: r.status, findings: Array.isArray(parsed) ? parsed : parsed.findings, stdout: r.stdout };
}

function assertCapped(findings: LintJson[], more: number): void {
  assert.equal(findings.length, MAX_FINDINGS_PER_FILE + 1);
  assert.ok(findings.slice(0, -1).every((f) => f.ruleId === 'hardcoded-secret' && f.severity === 'error'));
  const summary = findings[findings.length - 1];
  assert.equal(summary.severity, 'error', 'the summary carries the worst severity of what it hides');
  assert.equal(
    summary.message,
    `${more.toLocaleString('en-US')} more findings in this file are not listed (at most 1,000 per file): ` +
      `hardcoded-secret ${more.toLocaleString('en-US')}. Fix the ones above, or exclude the file if it is generated.`,
  );
}

test(`a module with ${N.toLocaleString('en-US')} secrets: capped at ${MAX_FINDINGS_PER_FILE} + a summary (CLI)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-cap-'));
  try {
    const lines = Array.from({ length: N }, (_, i) => `key_${i} = "${token()}"`);
    const text = `"""Generated."""\n${lines.join('\n')}\n`;
    writeFileSync(join(dir, 'settings.py'), text);
    const r = lint(dir, ['settings.py', '--max-file-size', '4096']);
    assert.equal(r.status, 1);
    assertCapped(r.findings, secretsIn(text, 'settings.py') - MAX_FINDINGS_PER_FILE);
    // Lines of the secrets the engine finds, in file order (not simply 2, 3, 4, …: see secretsIn).
    const starts = detectSecrets(text, { path: 'settings.py' })
      .map((h) => h.start)
      .sort((a, b) => a - b);
    const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
    assert.deepEqual(
      r.findings.slice(0, 3).map((f) => f.line),
      starts.slice(0, 3).map(lineAt),
      'the first findings in file order are kept',
    );
    assert.equal(
      r.findings[MAX_FINDINGS_PER_FILE].line,
      lineAt(starts[MAX_FINDINGS_PER_FILE]),
      'the summary sits at the first hidden one',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`a 1 MB line with ${N.toLocaleString('en-US')} secrets, named: finishes, capped, distinct fingerprints`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-cap-'));
  try {
    const pairs = Array.from({ length: N }, (_, i) => `"token_${i}":"${token()}"`);
    const text = `{${pairs.join(',')}}\n`;
    writeFileSync(join(dir, 'dump.json'), text);
    const r = lint(dir, ['dump.json', '--max-file-size', '4096']);
    assert.equal(r.status, 1);
    assertCapped(r.findings, secretsIn(text, 'dump.json') - MAX_FINDINGS_PER_FILE);
    assert.ok(r.findings.every((f) => f.line === 1));
    const sarif = spawnSync(
      process.execPath,
      [CLI, 'lint', 'dump.json', '--max-file-size', '4096', '--format', 'sarif'],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 << 20,
      },
    );
    const results = (
      JSON.parse(sarif.stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }
    ).runs[0].results;
    assert.equal(results.length, MAX_FINDINGS_PER_FILE + 1);
    assert.equal(new Set(results.map((x) => Object.values(x.partialFingerprints).join())).size, results.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('thousands of preflight-ignore comments and findings: each suppression still applies to its own line only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-cap-'));
  try {
    // A directive covers its own line and the next: on every 4th line it silences lines 4k and 4k+1,
    // and 4k+2, 4k+3 are reported. 2,500 directives and 10,000 findings.
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `key_${i} = "${token()}"${i % 4 === 0 ? '  # preflight-ignore: hardcoded-secret -- fixture' : ''}`,
    );
    writeFileSync(join(dir, 'keys.py'), `${lines.join('\n')}\n`);
    const r = lint(dir, ['keys.py', '--max-file-size', '4096']);
    const open = lines.filter((_, i) => i % 4 >= 2).join('\n');
    assertCapped(r.findings, secretsIn(open, 'keys.py', 5_000) - MAX_FINDINGS_PER_FILE);
    assert.ok(
      r.findings.slice(0, -1).every((f) => (f.line - 1) % 4 >= 2),
      'only lines no directive covers are reported',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`LSP: a ${N.toLocaleString('en-US')}-secret file gets capped diagnostics and a working quick fix`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-cap-'));
  const client = await startServer({
    workspaceFolder: dir,
    codeActionResolve: true,
    settings: () => ({ maxFileSizeKb: 4096 }),
  });
  try {
    const text = `${Array.from({ length: N }, (_, i) => `key_${i} = "${token()}"`).join('\n')}\n`;
    const path = join(dir, 'settings.py');
    writeFileSync(path, text);
    const uri = fileUri(path);
    await client.open(uri, 'python', text);
    const items = await client.pullItems(uri);
    assert.equal(items.length, MAX_FINDINGS_PER_FILE + 1);
    const more = (secretsIn(text, 'settings.py') - MAX_FINDINGS_PER_FILE).toLocaleString('en-US');
    const summary = items[items.length - 1].message;
    assert.ok(
      typeof summary === 'string' && summary.startsWith(`${more} more findings in this file are not listed`),
      JSON.stringify(summary),
    );
    const actions = await client.conn.sendRequest<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: items[0].range,
      context: { diagnostics: [items[0]] },
    });
    assert.ok(
      actions.some((a) => a.title === 'Move to environment variable KEY_0'),
      JSON.stringify(actions.map((a) => a.title)),
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
