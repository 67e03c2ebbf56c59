// `preflight mcp` driven by the MCP SDK's own client over stdio: every tool on a real git workspace made here,
// exact results, masking, refusals outside the root and clear errors for bad arguments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, GIT_ENV, fakeGithubToken, tempRepo, type TempRepo } from '../helpers/gitRepo';

const APP =
  'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n\n\n@app.get("/items")\ndef items():\n    return []\n';
let repo: TempRepo;
let outside: string;
let client: Client;
let token: string;

before(async () => {
  repo = tempRepo();
  repo.write('app.py', APP);
  repo.write('web/ok.js', 'console.log("fine");\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'init');
  token = fakeGithubToken();
  repo.write('config.py', `GITHUB_TOKEN = "${token}"\n`);
  repo.git('add', 'config.py');
  outside = mkdtempSync(join(tmpdir(), 'preflight-outside-'));
  writeFileSync(join(outside, 'secret.py'), 'app.run(debug=True)\n');
  symlinkSync(outside, join(repo.dir, 'escape'));
  client = new Client({ name: 'preflight-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--root', repo.dir],
      env: GIT_ENV as Record<string, string>,
      stderr: 'pipe',
    }),
  );
});

after(async () => {
  await client?.close();
  repo?.remove();
  rmSync(outside, { recursive: true, force: true });
});

type Text = { type: string; text: string };
async function call(name: string, args: Record<string, unknown> = {}) {
  const r = await client.callTool({ name, arguments: args });
  const text = (r.content as Text[])[0].text;
  assert.ok(!text.includes(token), `${name} leaked the raw token`);
  return { isError: r.isError === true, text, json: r.isError ? undefined : JSON.parse(text) };
}

test('lists the six tools, each with an input schema', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), [
    'preflight_checklist',
    'preflight_endpoints',
    'preflight_explain_rule',
    'preflight_fix',
    'preflight_lint',
    'preflight_scan_staged',
  ]);
  for (const t of tools) assert.equal(t.inputSchema.type, 'object', t.name);
  const lint = tools.find((t) => t.name === 'preflight_lint')!;
  assert.deepEqual(Object.keys(lint.inputSchema.properties ?? {}).sort(), ['paths', 'snippet']);
});

test('preflight_lint on a path returns the finding with its doc and its fix as text edits', async () => {
  const { json } = await call('preflight_lint', { paths: ['app.py'] });
  assert.equal(json.filesChecked, 1);
  assert.equal(json.findings.length, 1);
  const [f] = json.findings;
  assert.deepEqual(
    { ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, doc: f.doc },
    { ruleId: 'debug-mode', severity: 'warning', file: 'app.py', line: 3, column: 21, doc: 'docs/rules/debug-mode.md' },
  );
  const preferred = f.fixes.find((x: { preferred: boolean }) => x.preferred);
  assert.ok(preferred, 'a preferred fix is offered');
  assert.equal(preferred.edits[0].line, 3);
});

test('preflight_lint over the whole root masks the staged secret and never follows the symlink out', async () => {
  const { json } = await call('preflight_lint');
  const files = new Set(json.findings.map((f: { file: string }) => f.file));
  assert.ok(files.has('config.py'), 'the secret in config.py is found');
  assert.ok(![...files].some((f) => String(f).startsWith('escape')), 'nothing outside the root is linted');
  const secret = json.findings.find((f: { file: string }) => f.file === 'config.py');
  assert.equal(secret.ruleId, 'hardcoded-secret');
  assert.match(secret.message, new RegExp(token.slice(0, 4)));
});

test('preflight_lint on a snippet uses the language and the optional path for context', async () => {
  const { json } = await call('preflight_lint', {
    snippet: { code: 'CORS(app)\nfrom flask_cors import CORS\n', language: 'python' },
  });
  assert.deepEqual(
    json.findings.map((f: { ruleId: string; line: number; file: string }) => [f.ruleId, f.line, f.file]),
    [['cors-wildcard', 1, 'snippet.py']],
  );
  const inTests = await call('preflight_lint', {
    snippet: { code: 'app = FastAPI(debug=True)\n', language: 'python', path: 'tests/test_app.py' },
  });
  assert.deepEqual(inTests.json.findings, [], 'debug-mode stays quiet in a test file, as in the editor');
});

test('paths outside the root, through .. or a symlink, are refused with a clear tool error', async () => {
  for (const path of ['../', '/etc/passwd', 'escape/secret.py', 'escape']) {
    const r = await call('preflight_lint', { paths: [path] });
    assert.equal(r.isError, true, path);
    assert.match(r.text, /is outside the workspace root/, path);
  }
  const fix = await call('preflight_fix', { path: 'escape/secret.py', write: true });
  assert.equal(fix.isError, true);
  assert.equal(readFileSync(join(outside, 'secret.py'), 'utf8'), 'app.run(debug=True)\n', 'nothing written outside');
});

test('bad arguments get a tool error, not a crash; the server keeps answering', async () => {
  const unknownRule = await call('preflight_explain_rule', { ruleId: 'no-such-rule' });
  assert.equal(unknownRule.isError, true);
  assert.match(unknownRule.text, /unknown rule "no-such-rule"/);
  const both = await call('preflight_lint', { paths: ['app.py'], snippet: { code: 'x', language: 'python' } });
  assert.equal(both.isError, true);
  assert.match(both.text, /paths or a snippet, not both/);
  const badType = await client.callTool({ name: 'preflight_fix', arguments: { path: 42 } });
  assert.equal(badType.isError, true, 'schema validation refuses a number for path');
  const missing = await call('preflight_fix', { path: 'nope.py' });
  assert.equal(missing.isError, true);
  assert.match(missing.text, /nope\.py cannot be read: ENOENT/);
  assert.equal((await call('preflight_explain_rule', { ruleId: 'debug-mode' })).isError, false);
});

test('preflight_scan_staged reports the staged token masked, with its line', async () => {
  const { json } = await call('preflight_scan_staged');
  assert.equal(json.clean, false);
  assert.equal(json.findings.length, 1);
  const [f] = json.findings;
  assert.deepEqual(
    { ruleId: f.ruleId, file: f.file, line: f.line, severity: f.severity },
    { ruleId: 'hardcoded-secret', file: 'config.py', line: 1, severity: 'error' },
  );
  assert.equal(f.secret, `${token.slice(0, 4)}… (${token.length} chars)`);
});

test('preflight_checklist and preflight_endpoints read the workspace', async () => {
  const { json } = await call('preflight_checklist', { phase: 'before-commit' });
  assert.ok(json.items.length > 0);
  assert.ok(json.items.every((i: { phase: string }) => i.phase === 'before-commit'));
  const badPhase = await client.callTool({ name: 'preflight_checklist', arguments: { phase: 'never' } });
  assert.equal(badPhase.isError, true);
  const endpoints = await call('preflight_endpoints');
  assert.equal(endpoints.json.schema, 1);
  assert.deepEqual(endpoints.json.endpoints, [
    {
      framework: 'fastapi',
      kind: 'http',
      method: 'GET',
      path: '/items',
      file: 'app.py',
      line: 6,
      auth: 'no',
      authBy: null,
      rateLimited: false,
      rateLimitBy: null,
      ai: null,
      unknown: null,
      mountedBy: [],
    },
  ]);
});

test('preflight_explain_rule returns the doc page', async () => {
  const { json } = await call('preflight_explain_rule', { ruleId: 'cors-wildcard' });
  assert.equal(json.id, 'cors-wildcard');
  assert.equal(json.defaultSeverity, 'warning');
  assert.match(json.doc, /^# /);
});

test('preflight_fix shows the diff and writes only when asked', async () => {
  const dry = await call('preflight_fix', { path: 'app.py' });
  assert.deepEqual(dry.json.applied.length, 1);
  assert.equal(dry.json.written, false);
  assert.match(dry.json.diff, /^-app = FastAPI\(debug=True\)$/m);
  assert.equal(readFileSync(join(repo.dir, 'app.py'), 'utf8'), APP, 'a dry run writes nothing');
  const wet = await call('preflight_fix', { path: 'app.py', write: true });
  assert.equal(wet.json.written, true);
  const after = readFileSync(join(repo.dir, 'app.py'), 'utf8');
  assert.notEqual(after, APP);
  assert.equal((await call('preflight_lint', { paths: ['app.py'] })).json.findings.length, 0, 'the fix cleared it');
  const secretDiff = await call('preflight_fix', { path: 'config.py' });
  assert.ok(!secretDiff.text.includes(token));
});
