// Drives the BUNDLED language server (`out/cli.js lsp`) over stdio with a real LSP client.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { REPO } from '../helpers/core';
import { applyLspEdits, editsFor, fileUri, startServer, type TestClient } from '../helpers/lspClient';

const APP = 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n';
const ENV_READ = 'os.environ.get("DEBUG", "") == "1"';

let ws: string;
before(() => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-lsp-'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

function uriOf(rel: string, text: string): string {
  const path = join(ws, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return fileUri(path);
}

async function actionsAt(c: TestClient, uri: string, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  const res = await c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], ...(only ? { only } : {}) },
  });
  return (res ?? []) as CodeAction[];
}

function change(
  c: TestClient,
  uri: string,
  version: number,
  line: number,
  character: number,
  endLine: number,
  endChar: number,
  text: string,
): Promise<void> {
  return c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character }, end: { line: endLine, character: endChar } }, text }],
  });
}

describe('language server over stdio (pull diagnostics)', () => {
  let c: TestClient;
  let settings: Record<string, unknown> = {};
  before(async () => {
    c = await startServer({ workspaceFolder: ws, settings: () => settings });
  });
  after(async () => {
    await c.stop();
  });

  it('reports debug-mode with rule id, source, severity and doc link; caches per version', async () => {
    const uri = uriOf('app/main.py', APP);
    await c.open(uri, 'python', APP);
    const report = await c.pull(uri);
    assert.equal(report.kind, 'full');
    const items = report.kind === 'full' ? report.items : [];
    assert.equal(items.length, 1);
    const [d] = items;
    assert.equal(d.code, 'debug-mode');
    assert.equal(d.source, 'preflight');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 24 } });
    assert.equal(d.codeDescription?.href, fileUri(join(REPO, 'docs', 'rules', 'debug-mode.md')));
    const again = await c.pull(uri, report.resultId);
    assert.equal(again.kind, 'unchanged');
  });

  it('follows incremental edits', async () => {
    const uri = uriOf('app/edit.py', APP);
    await c.open(uri, 'python', APP);
    assert.equal((await c.pullItems(uri)).length, 1);
    await change(c, uri, 2, 0, 0, 0, 0, '# a comment\n');
    const moved = await c.pullItems(uri);
    assert.equal(moved.length, 1);
    assert.equal(moved[0].range.start.line, 3);
    // "True" -> "False" on line 3 (columns 20..24).
    await change(c, uri, 3, 3, 20, 3, 24, 'False');
    assert.deepEqual(await c.pullItems(uri), []);
    await change(c, uri, 4, 3, 20, 3, 25, 'True');
    assert.equal((await c.pullItems(uri)).length, 1);
  });

  it('quick fix: preferred env read, applied through the protocol gives the exact text', async () => {
    const uri = uriOf('app/fix.py', APP);
    await c.open(uri, 'python', APP);
    const [d] = await c.pullItems(uri);
    const actions = await actionsAt(c, uri, d);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix, 'a preferred quick fix');
    assert.equal(fix.diagnostics?.[0].code, 'debug-mode');
    const fixed = applyLspEdits(APP, editsFor(fix.edit, uri));
    assert.equal(fixed, `import os\nfrom fastapi import FastAPI\n\napp = FastAPI(debug=${ENV_READ})\n`);
    assert.equal(actions.filter((a) => a.isPreferred).length, 1);
  });

  it('"Ignore on this line" and "in this file" insert the comment and silence the finding', async () => {
    const uri = uriOf('app/ignore.py', APP);
    await c.open(uri, 'python', APP);
    const [d] = await c.pullItems(uri);
    const actions = await actionsAt(c, uri, d, ['quickfix']);
    const line = actions.find((a) => a.title === 'Ignore debug-mode on this line');
    const file = actions.find((a) => a.title === 'Ignore debug-mode in this file');
    assert.ok(line && file);
    const ignored = applyLspEdits(APP, editsFor(line.edit, uri));
    assert.equal(
      ignored,
      'from fastapi import FastAPI\n\n# preflight-ignore: debug-mode -- reason\napp = FastAPI(debug=True)\n',
    );
    assert.equal(applyLspEdits(APP, editsFor(file.edit, uri)), `# preflight-ignore-file: debug-mode -- reason\n${APP}`);
    const [edit] = editsFor(line.edit, uri);
    await change(
      c,
      uri,
      2,
      edit.range.start.line,
      edit.range.start.character,
      edit.range.end.line,
      edit.range.end.character,
      edit.newText,
    );
    assert.deepEqual(await c.pullItems(uri), []);
  });

  it('source.fixAll.preflight applies every preferred fix once (shared import merged)', async () => {
    const text =
      'from flask import Flask\n\napp = Flask(__name__)\napp.debug = True\n\nif __name__ == "__main__":\n' +
      '    app.run(debug=True)\n';
    const uri = uriOf('app/all.py', text);
    await c.open(uri, 'python', text);
    assert.equal((await c.pullItems(uri)).length, 2);
    const res = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.equal(res.length, 1);
    assert.equal(res[0].kind, 'source.fixAll.preflight');
    assert.equal(
      applyLspEdits(text, editsFor(res[0].edit, uri)),
      `import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.debug = ${ENV_READ}\n\n` +
        `if __name__ == "__main__":\n    app.run(debug=${ENV_READ})\n`,
    );
  });

  it('per-resource settings: severity override, then off after didChangeConfiguration', async () => {
    const uri = uriOf('app/settings.py', APP);
    settings = { rules: { 'debug-mode': 'error' } };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await c.open(uri, 'python', APP);
    const [d] = await c.pullItems(uri);
    assert.equal(d.severity, 1);
    const refreshed = c.nextRefresh();
    settings = { rules: { 'debug-mode': 'off' } };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await refreshed;
    assert.deepEqual(await c.pullItems(uri), []);
    settings = { exclude: ['**/generated/**'] };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const excluded = uriOf('generated/app.py', APP);
    await c.open(excluded, 'python', APP);
    assert.deepEqual(await c.pullItems(excluded), []);
    assert.equal((await c.pullItems(uri)).length, 1);
    settings = { enable: false };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await c.pullItems(uri), []);
    settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  });

  it('run=onSave keeps the saved analysis until the next save', async () => {
    settings = { run: 'onSave' };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const uri = uriOf('app/onsave.py', APP);
    await c.open(uri, 'python', APP);
    assert.equal((await c.pullItems(uri)).length, 1);
    await change(c, uri, 2, 2, 20, 2, 24, 'False');
    assert.equal((await c.pullItems(uri)).length, 1, 'unchanged until saved');
    const refreshed = c.nextRefresh();
    await c.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    await refreshed;
    assert.deepEqual(await c.pullItems(uri), []);
    settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  });

  it('binary and oversized files: no analysis, one info line, server keeps working', async () => {
    const bin = uriOf('app/blob.py', 'x');
    await c.open(bin, 'python', `app = FastAPI(debug=True)\u0000\u0001\u0002`);
    assert.deepEqual(await c.pullItems(bin), []);
    await c.nextLog(/looks like a binary file/);
    settings = { maxFileSizeKb: 1 };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const big = `${APP}${'x = 1\n'.repeat(400)}`;
    const huge = uriOf('app/huge.py', big);
    await c.open(huge, 'python', big);
    assert.deepEqual(await c.pullItems(huge), []);
    await change(c, huge, 2, 0, 0, 0, 0, '# more\n');
    assert.deepEqual(await c.pullItems(huge), []);
    assert.equal(c.logs.filter((l) => l.includes('above preflight.maxFileSizeKb')).length, 1);
    settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const broken = 'def f(:\n  app = FastAPI(debug=True)\n  ]]]\n';
    const bad = uriOf('app/broken.py', broken);
    await c.open(bad, 'python', broken);
    assert.ok(Array.isArray(await c.pullItems(bad)));
    const ok = uriOf('app/after.py', APP);
    await c.open(ok, 'python', APP);
    assert.equal((await c.pullItems(ok)).length, 1);
    assert.equal(c.child.exitCode, null);
  });
});

describe('language server over stdio (push diagnostics, e.g. Neovim 0.7)', () => {
  let c: TestClient;
  before(async () => {
    c = await startServer({ workspaceFolder: ws, pull: false });
  });
  after(async () => {
    await c.stop();
  });

  it('publishes on open, after edits, and clears on close', async () => {
    const uri = uriOf('push/main.py', APP);
    const first = c.nextPublish(uri);
    await c.open(uri, 'python', APP);
    const p1 = await first;
    assert.equal(p1.diagnostics.length, 1);
    assert.equal(p1.diagnostics[0].code, 'debug-mode');
    const second = c.nextPublish(uri, (p) => p.version === 2);
    await change(c, uri, 2, 2, 20, 2, 24, 'False');
    assert.deepEqual((await second).diagnostics, []);
    const cleared = c.nextPublish(uri);
    await c.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('`preflight lsp --stdio` (the CLI bundle)', () => {
  it('serves diagnostics', async () => {
    const c = await startServer({
      workspaceFolder: ws,
      command: ['node', join(REPO, 'bin', 'preflight.js'), 'lsp', '--stdio'],
    });
    try {
      const uri = uriOf('cli/main.py', APP);
      await c.open(uri, 'python', APP);
      const items = await c.pullItems(uri);
      assert.deepEqual(
        items.map((i) => i.code),
        ['debug-mode'],
      );
    } finally {
      await c.stop();
    }
  });
});

describe('hover over a finding', () => {
  let c: TestClient;
  before(async () => {
    c = await startServer({ workspaceFolder: ws });
  });
  after(async () => {
    await c.stop();
  });

  it('names the rule, its CWE ids, its OWASP category and its doc page; nothing elsewhere', async () => {
    const uri = uriOf('app/hover.py', APP);
    await c.open(uri, 'python', APP);
    await c.pullItems(uri);
    const at = (line: number, character: number) =>
      c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
    const h = await at(2, 22);
    assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents);
    const doc = fileUri(join(REPO, 'docs', 'rules', 'debug-mode.md'));
    assert.equal(
      h.contents.value,
      '**Preflight: Debug mode hard-coded on** (`debug-mode`)\n\n' +
        '[CWE-489](https://cwe.mitre.org/data/definitions/489.html), ' +
        '[CWE-215](https://cwe.mitre.org/data/definitions/215.html)' +
        ' · OWASP [A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/) ' +
        '· Medium (6.5)' +
        ` · [rule documentation](${doc})`,
    );
    assert.equal(await at(0, 2), null, 'no hover away from findings');
  });
});
