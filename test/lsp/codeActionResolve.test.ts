// Lazy fixes over the real protocol: a client that resolves code actions gets them without edits and
// asks for the edit of the one it applies; the edit is the one an eager client gets at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { applyLspEdits, editsFor, fileUri, startServer, type TestClient } from '../helpers/lspClient';

let ws: string;
let lazy: TestClient;
let eager: TestClient;
before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-resolve-'));
  [lazy, eager] = await Promise.all([
    startServer({ workspaceFolder: ws, codeActionResolve: true }),
    startServer({ workspaceFolder: ws }),
  ]);
});
after(async () => {
  await Promise.all([lazy.stop(), eager.stop()]);
  rmSync(ws, { recursive: true, force: true });
});

const TEXT = 'import yaml\n\n\ndef load(text):\n    return yaml.load(text)\n\n\nDEBUG = True\napp_debug = DEBUG\n';

async function actions(c: TestClient, uri: string, only?: string[]): Promise<CodeAction[]> {
  return (await c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    context: { diagnostics: [], ...(only ? { only } : {}) },
  })) as CodeAction[];
}

test('quick fixes come without edits and resolve to exactly the eager edits', async () => {
  const path = join(ws, 'loader.py');
  writeFileSync(path, TEXT);
  const uri = fileUri(path);
  for (const c of [lazy, eager]) {
    await c.open(uri, 'python', TEXT);
    assert.ok((await c.pullItems(uri)).length > 0);
  }
  const deferred = await actions(lazy, uri);
  const built = await actions(eager, uri);
  assert.ok(built.length > 0, 'the file has quick fixes');
  assert.deepEqual(
    deferred.map((a) => a.title),
    built.map((a) => a.title),
  );
  for (const [i, a] of deferred.entries()) {
    assert.equal(a.edit, undefined, `${a.title} is offered without its edit`);
    assert.ok(a.data, `${a.title} carries what resolve needs`);
    const resolved = await lazy.conn.sendRequest(CodeActionResolveRequest.type, a);
    assert.equal(
      applyLspEdits(TEXT, editsFor(resolved.edit, uri)),
      applyLspEdits(TEXT, editsFor(built[i].edit, uri)),
      `${a.title} resolves to the eager edit`,
    );
    assert.notEqual(applyLspEdits(TEXT, editsFor(resolved.edit, uri)), TEXT, `${a.title} changes the file`);
  }
});

test('an action resolved after the document changed gets no edit (it would apply to other text)', async () => {
  const path = join(ws, 'stale.py');
  writeFileSync(path, TEXT);
  const uri = fileUri(path);
  await lazy.open(uri, 'python', TEXT);
  await lazy.pullItems(uri);
  const [first] = await actions(lazy, uri);
  assert.ok(first?.data);
  await lazy.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }],
  });
  const resolved = await lazy.conn.sendRequest(CodeActionResolveRequest.type, first);
  assert.equal(resolved.edit, undefined);
});

test('an action resolved after workspace facts re-analysed the same text still gets its edit', async () => {
  // The project model, a baseline or the settings can change between Ctrl+. and the click; the text did not.
  const path = join(ws, 'refreshed.py');
  writeFileSync(path, TEXT);
  const uri = fileUri(path);
  await lazy.open(uri, 'python', TEXT);
  await lazy.pullItems(uri);
  const offered = await actions(lazy, uri);
  assert.ok(offered.length > 1);
  await lazy.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await lazy.pullItems(uri); // analysed again under a new result id
  await eager.open(uri, 'python', TEXT);
  const built = await actions(eager, uri);
  for (const [i, a] of offered.entries()) {
    const resolved = await lazy.conn.sendRequest(CodeActionResolveRequest.type, a);
    assert.equal(
      applyLspEdits(TEXT, editsFor(resolved.edit, uri)),
      applyLspEdits(TEXT, editsFor(built[i].edit, uri)),
      `${a.title} resolves to the eager edit after the refresh`,
    );
  }
});
