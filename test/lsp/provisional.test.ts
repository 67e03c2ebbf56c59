// Provisional diagnostics over the real protocol (server/src/lsp/provisional.ts). The server is started with a
// zero re-parse budget, so every keystroke in a big file is first answered provisionally: the previous
// findings carried over the edit. Each must still end with a refresh and the full analysis of that version,
// equal to a fresh analysis of the same text, through broken states (an unclosed bracket, a half-typed def).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXTURES } from '../helpers/core';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';

/** Every Python "ng" fixture of the rules, repeated to over 64 KB (below that the server always analyses in full). */
function bigPython(): string {
  const dir = join(FIXTURES, 'rules');
  const parts: string[] = [];
  for (const rule of readdirSync(dir).sort()) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, rule, 'ng')).filter((n) => n.endsWith('.py'));
    } catch {
      continue;
    }
    for (const n of names.sort()) parts.push(readFileSync(join(dir, rule, 'ng', n), 'utf8'));
  }
  let text = parts.join('\n');
  while (text.length < 70 * 1024) text += `\n${parts.join('\n')}`;
  return text;
}

/** Diagnostics reduced to what the user sees, in a stable order. */
function shown(items: Diagnostic[]): string[] {
  return items
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ` +
        `${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    )
    .sort();
}

/** Each diagnostic as the text it marks, its rule and message: unchanged when findings only move. */
function marked(doc: TextDocument, items: Diagnostic[]): string[] {
  return items
    .map(
      (d) => `${doc.getText(d.range)} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    )
    .sort();
}

const isProvisional = (r: DocumentDiagnosticReport): boolean =>
  r.kind === 'full' && !!r.resultId?.endsWith('.provisional');

/**
 * Types one change into the open document: the text before it (update() changes a document in place), the
 * document after it, and the refresh the server may send for it.
 */
async function typeChange(
  c: TestClient,
  doc: TextDocument,
  change: { range: { start: Position; end: Position }; text: string },
): Promise<{ previous: TextDocument; doc: TextDocument; refreshed: Promise<void> }> {
  const previous = TextDocument.create(doc.uri, 'python', doc.version, doc.getText());
  const next = TextDocument.update(doc, [change], doc.version + 1);
  const refreshed = c.nextRefresh();
  await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: doc.uri, version: next.version },
    contentChanges: [change],
  });
  return { previous, doc: next, refreshed };
}

let ws: string;
let client: TestClient;
before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-provisional-'));
  client = await startServer({ workspaceFolder: ws, env: { ...process.env, PREFLIGHT_TYPING_PARSE_MS: '0' } });
});
after(async () => {
  await client.stop();
  rmSync(ws, { recursive: true, force: true });
});

test('broken states typed into a big file: provisional answers carry findings, finals equal fresh ones', async () => {
  const text = bigPython();
  const uri = fileUri(join(ws, 'edited', 'app.py'));
  let doc = TextDocument.create(uri, 'python', 1, text);
  await client.open(uri, 'python', text);
  let finalItems = (await client.pullItems(uri)).filter(() => true);
  assert.ok(finalItems.length > 20, 'the file has findings to carry over');
  // Half-typed statements at three places: each prefix is a state a user passes through.
  const lines = text.split('\n');
  const typed = [
    { line: Math.floor(lines.length * 0.2), word: '\nr = call(x, [1' },
    { line: Math.floor(lines.length * 0.5), word: '\ndef h(a, b): .' },
    { line: Math.floor(lines.length * 0.8), word: '\nv = {"k": [os.system(' },
  ];
  let provisional = 0;
  let fresh = 0;
  for (const [spot, { line: at, word }] of typed.entries()) {
    const line = at + spot; // each earlier spot added a line above
    const end = doc.getText().split('\n')[line].length;
    for (let i = 0; i < word.length; i++) {
      const pos = i === 0 ? { line, character: end } : { line: line + 1, character: i - 1 };
      const typed = await typeChange(client, doc, { range: { start: pos, end: pos }, text: word[i] });
      const { previous, refreshed } = typed;
      doc = typed.doc;
      const first = await client.pull(uri);
      assert.equal(first.kind, 'full');
      if (!isProvisional(first)) {
        finalItems = first.items; // analysed in full at once (no earlier analysis to carry over)
        continue;
      }
      provisional++;
      // Provisional: only findings of the previous version, each still marking the same text.
      const before = new Set(marked(previous, finalItems));
      for (const m of marked(doc, first.items))
        assert.ok(before.has(m), `typing ${JSON.stringify(word.slice(0, i + 1))}: carried over unchanged: ${m}`);
      await refreshed;
      const final = await client.pull(uri);
      assert.ok(final.kind === 'full' && !isProvisional(final), 'the refresh brings the full analysis');
      finalItems = final.items;
      // Compare with a fresh analysis at some states (each costs a full open of the big file).
      if (i % 5 === 2 || i === word.length - 1) {
        const copy = fileUri(join(ws, `fresh${++fresh}`, 'app.py'));
        await client.open(copy, 'python', doc.getText());
        const expected = shown(await client.pullItems(copy));
        await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: copy } });
        assert.deepEqual(shown(final.items), expected, `after typing ${JSON.stringify(word.slice(0, i + 1))}`);
      }
    }
  }
  assert.ok(provisional > 30, `${provisional} provisional answers`);
  assert.ok(fresh >= 10, `${fresh} comparisons with a fresh analysis`);
});

test('an analysis that overruns its time is answered provisionally, then refreshed with the full one', async () => {
  // Both up-front guesses off (any re-parse fits, no analysis counts as slow) and no time for the analysis:
  // an analysis still running at its first turn of the event loop is answered with the carried findings.
  const server = await startServer({
    workspaceFolder: ws,
    env: {
      ...process.env,
      PREFLIGHT_TYPING_PARSE_MS: '100000',
      PREFLIGHT_TYPING_ANALYSIS_MS: '100000',
      PREFLIGHT_TYPING_ANSWER_MS: '0',
    },
  });
  try {
    const text = bigPython();
    const uri = fileUri(join(ws, 'overrun', 'app.py'));
    let doc = TextDocument.create(uri, 'python', 1, text);
    await server.open(uri, 'python', text);
    let finalItems = await server.pullItems(uri);
    let provisional = 0;
    const line = Math.floor(text.split('\n').length / 2);
    for (const [i, ch] of [...'x = 1'].entries()) {
      const at = { line, character: i };
      const typed = await typeChange(server, doc, { range: { start: at, end: at }, text: ch });
      const { previous, refreshed } = typed;
      doc = typed.doc;
      const first = await server.pull(uri);
      assert.equal(first.kind, 'full');
      if (isProvisional(first)) {
        provisional++;
        const before = new Set(marked(previous, finalItems));
        for (const m of marked(doc, first.items)) assert.ok(before.has(m), `carried over unchanged: ${m}`);
        await refreshed;
        const final = await server.pull(uri);
        assert.ok(final.kind === 'full' && !isProvisional(final), 'the refresh brings the full analysis');
        finalItems = final.items;
      } else finalItems = first.items;
    }
    assert.ok(provisional > 0, 'no keystroke was answered before its analysis ended');
    const copy = fileUri(join(ws, 'overrun-fresh', 'app.py'));
    await server.open(copy, 'python', doc.getText());
    assert.deepEqual(shown(finalItems), shown(await server.pullItems(copy)));
  } finally {
    await server.stop();
  }
});
