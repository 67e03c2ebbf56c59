// source.fixAll.preflight over the real protocol: every preferred fix of a file in one go, edits to the same
// other file (.env.example, created once) merged.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest,
  type CodeAction,
  type CreateFile,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { applyLspEdits, editsFor, fileUri, startServer, type TestClient } from '../helpers/lspClient';

let ws: string;
let c: TestClient;
before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-fixall-'));
  c = await startServer({ workspaceFolder: ws });
});
after(async () => {
  await c.stop();
  rmSync(ws, { recursive: true, force: true });
});

const NAMES = [
  'DB_PASSWORD',
  'SMTP_PASSWORD',
  'REDIS_PASSWORD',
  'ADMIN_PASSWORD',
  'SESSION_SECRET',
  'JWT_SECRET',
  'WEBHOOK_SECRET',
  'SIGNING_SECRET',
];

test('fix-all with 8 secrets and no .env.example applies all 8 and creates the file once', async () => {
  const values = NAMES.map((_, i) => `Zq${i}xW8vR2mK9pL4tN7sY${i}`);
  const text = NAMES.map((n, i) => `${n.toLowerCase()} = "${values[i]}"\n`).join('');
  mkdirSync(join(ws, 'app'), { recursive: true });
  const path = join(ws, 'app', 'settings.py');
  writeFileSync(path, text);
  const uri = fileUri(path);
  await c.open(uri, 'python', text);
  assert.equal((await c.pullItems(uri)).length, 8);
  const [all] = (await c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  })) as CodeAction[];
  assert.equal(all?.kind, 'source.fixAll.preflight');
  assert.equal(
    applyLspEdits(text, editsFor(all.edit, uri)),
    `import os\n${NAMES.map((n) => `${n.toLowerCase()} = os.environ["${n}"]\n`).join('')}`,
  );
  const example = fileUri(join(ws, '.env.example'));
  const changes = all.edit?.documentChanges ?? [];
  assert.equal(changes.filter((d) => 'kind' in d && (d as CreateFile).uri === example).length, 1);
  const written = changes.filter((d): d is TextDocumentEdit => 'textDocument' in d && d.textDocument.uri === example);
  assert.equal(written.length, 1);
  assert.equal(applyLspEdits('', written[0].edits as TextEdit[]), NAMES.map((n) => `${n}=\n`).join(''));
});
