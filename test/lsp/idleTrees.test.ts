// Documents the user is not editing give their syntax trees back (server/src/lsp/documents.ts, IDLE_TREES_CHARS;
// here PREFLIGHT_IDLE_TREES_KB=0, so every idle document does): typing into one again parses it afresh, and
// its diagnostics are those `preflight lint` gives for the same text, round after round of switching files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DidChangeTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXTURES } from '../helpers/core';
import { CLI } from '../helpers/gitRepo';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';

/** Every Python "ng" fixture of the rules with the word "command" in their id or findings: findings to keep. */
function fixturesOf(rules: string[]): string {
  return rules
    .flatMap((rule) => {
      const dir = join(FIXTURES, 'rules', rule, 'ng');
      return readdirSync(dir)
        .filter((n) => n.endsWith('.py'))
        .sort()
        .map((n) => readFileSync(join(dir, n), 'utf8'));
    })
    .join('\n');
}

/** Line, column and rule of each diagnostic, in a stable order. */
const where = (items: Diagnostic[]): string[] =>
  items.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort();

/** What `preflight lint` reports for this text, in the same form. */
function cliFindings(dir: string, text: string): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'app.py'), text);
  const r = spawnSync(process.execPath, [CLI, 'lint', dir, '--format', 'json', '--fail-on', 'error'], {
    encoding: 'utf8',
  });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as { line: number; column: number; ruleId: string }[])
    .map((f) => `${f.line}:${f.column} ${f.ruleId}`)
    .sort();
}

let ws: string;
let client: TestClient;
before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-idle-trees-'));
  client = await startServer({
    workspaceFolder: join(ws, 'editor'),
    env: { ...process.env, PREFLIGHT_TYPING_PARSE_MS: '0', PREFLIGHT_IDLE_TREES_KB: '0' },
  });
});
after(async () => {
  await client.stop();
  rmSync(ws, { recursive: true, force: true });
});

test('switching between files: the one typed into again is parsed afresh and its findings stay right', async () => {
  const text = fixturesOf(['sql-injection', 'command-injection', 'code-exec', 'tls-verify-off']);
  const docs = ['a', 'b'].map((name) =>
    TextDocument.create(fileUri(join(ws, 'editor', name, 'app.py')), 'python', 1, text),
  );
  for (const d of docs) {
    await client.open(d.uri, 'python', text);
    assert.ok((await client.pullItems(d.uri)).length > 10);
  }
  for (let round = 0; round < 4; round++) {
    const i = round % 2;
    // A broken state first (an unclosed bracket), then the statement completed.
    for (const typed of ['r = call(x, [1\n', ']\n']) {
      const line = 3 + round * 2 + (typed === ']\n' ? 1 : 0);
      const pos = typed === ']\n' ? { line: line - 1, character: 14 } : { line, character: 0 };
      const change = { range: { start: pos, end: pos }, text: typed === ']\n' ? '])' : typed };
      docs[i] = TextDocument.update(docs[i], [change], docs[i].version + 1);
      const refreshed = client.nextRefresh();
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: docs[i].uri, version: docs[i].version },
        contentChanges: [change],
      });
      let report = await client.pull(docs[i].uri);
      if (report.kind === 'full' && report.resultId?.endsWith('.provisional')) {
        await refreshed;
        report = await client.pull(docs[i].uri);
      }
      assert.ok(report.kind === 'full' && !report.resultId?.endsWith('.provisional'));
      assert.deepEqual(
        where(report.items),
        cliFindings(join(ws, 'cli', `${round}${typed.length}`), docs[i].getText()),
        `round ${round}, after typing ${JSON.stringify(change.text)}`,
      );
    }
  }
});
