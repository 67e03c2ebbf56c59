// Incremental analysis over the real protocol: a document edited many times (tree edited in step with each
// change, rule keywords counted around each edit) must get exactly the diagnostics a freshly opened copy
// of the same text gets. Random edits, seeded so a failure replays: insertions, deletions, replacements,
// several changes in one notification, broken intermediate states, CRLF text.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  type Diagnostic,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXTURES } from '../helpers/core';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';

/** A small deterministic generator (mulberry32), so every run makes the same edits. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rules' fixtures of one language concatenated (first `lines` lines): our own code, dense with findings. */
function fixtureText(extensions: readonly string[], lines: number): string {
  const dir = join(FIXTURES, 'rules');
  const parts: string[] = [];
  for (const rule of readdirSync(dir).sort())
    for (const kind of ['ng', 'ok']) {
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, rule, kind), { withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort();
      } catch {
        continue;
      }
      for (const n of names)
        if (extensions.some((e) => n.endsWith(e))) parts.push(readFileSync(join(dir, rule, kind, n), 'utf8'));
    }
  return parts.join('\n').split('\n').slice(0, lines).join('\n');
}

/** What is typed: pieces that make and break findings, statements and brackets. */
const SNIPPETS: Record<string, string[]> = {
  python: [
    '\n',
    'x',
    '(',
    ')',
    '"',
    "'",
    ':',
    '    ',
    '\ndef handler(request):\n    ',
    'os.system(cmd)',
    'subprocess.run(cmd, shell=True)',
    'app = Flask(__name__)\n',
    'app.run(debug=True)\n',
    'requests.get(url, verify=False)',
    'cursor.execute(f"SELECT * FROM t WHERE id = {uid}")',
    'API_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXcr4F"\n',
    'eval(data)',
    'hashlib.md5(pw)',
    'import os\n',
    '# preflight-ignore\n',
    '@app.route("/x")\n',
    'return',
    '"""',
    '[',
  ],
  typescript: [
    '\n',
    'x',
    '(',
    ')',
    '{',
    '}',
    '`',
    '"',
    ';',
    '\nfunction handler(req, res) {\n  ',
    'res.send(req.query.q)',
    'eval(input)',
    'exec(`ls ${dir}`)',
    'el.innerHTML = data;',
    'localStorage.setItem("token", t);',
    "const apiKey = 'sk_live_51HqLyjWDarjtT1zdp7dcXcr4F';\n",
    "app.use(cors({ origin: '*' }));\n",
    "jwt.sign(payload, 'secret');",
    "import express from 'express';\n",
    '// preflight-ignore\n',
    'fetch(req.body.url)',
    '/*',
    '*/',
  ],
};

/** One random change against the current text (LSP range semantics). */
function randomChange(doc: TextDocument, languageId: string, next: () => number): TextDocumentContentChangeEvent {
  const text = doc.getText();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const start = Math.floor(next() * (text.length + 1));
  const roll = next();
  // Mostly typing (insert), sometimes deleting a short span, sometimes replacing one, rarely a big cut.
  const length = roll < 0.55 ? 0 : roll < 0.95 ? Math.floor(next() * 12) : Math.floor(next() * 400);
  const end = Math.min(text.length, start + length);
  const inserted = roll < 0.55 || (roll >= 0.8 && roll < 0.95) ? pick(SNIPPETS[languageId]) : '';
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: inserted };
}

/** Diagnostics reduced to what the user sees, in a stable order. */
function shown(items: Diagnostic[]): string[] {
  return items
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ` +
        `${String(d.code)} ${d.severity} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    )
    .sort();
}

let ws: string;
let client: TestClient;
before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'preflight-incremental-'));
  client = await startServer({ workspaceFolder: ws });
});
after(async () => {
  await client.stop();
  rmSync(ws, { recursive: true, force: true });
});

let freshCount = 0;
/** The diagnostics of `text` opened fresh (same file name, another folder), then closed again. */
async function freshDiagnostics(name: string, languageId: string, text: string): Promise<string[]> {
  const uri = fileUri(join(ws, `fresh${++freshCount}`, name));
  await client.open(uri, languageId, text);
  const items = await client.pullItems(uri);
  await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  return shown(items);
}

async function editAndCompare(
  name: string,
  languageId: string,
  initial: string,
  seed: number,
  rounds: number,
): Promise<{ compared: number; withFindings: number; changes: number }> {
  const next = rng(seed);
  const uri = fileUri(join(ws, 'edited', name));
  let doc = TextDocument.create(uri, languageId, 1, initial);
  await client.open(uri, languageId, initial);
  let compared = 0;
  let withFindings = 0;
  let changes = 0;
  for (let round = 0; round < rounds; round++) {
    // One notification may carry several changes, each against the text the previous one left.
    const count = next() < 0.2 ? 2 + Math.floor(next() * 3) : 1;
    const contentChanges: TextDocumentContentChangeEvent[] = [];
    for (let i = 0; i < count; i++) {
      const c = randomChange(doc, languageId, next);
      contentChanges.push(c);
      doc = TextDocument.update(doc, [c], doc.version + 1);
      changes++;
    }
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges,
    });
    // Pull after most notifications (as an editor does), but not all: several edits may pile up unanalysed.
    if (next() < 0.3) continue;
    const incremental = shown(await client.pullItems(uri));
    const fresh = await freshDiagnostics(name, languageId, doc.getText());
    assert.deepEqual(incremental, fresh, `round ${round} (seed ${seed}): the edited document's diagnostics differ`);
    compared++;
    if (fresh.length) withFindings++;
  }
  await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  return { compared, withFindings, changes };
}

test('random edits to a Python file: diagnostics equal a fresh analysis after every pull', async () => {
  const text = fixtureText(['.py'], 300);
  assert.equal(text.split('\n').length, 300, 'the Python fixtures give a file of some size');
  const r = await editAndCompare('app.py', 'python', text, 1301, 30);
  assert.ok(r.compared >= 15, `compared ${r.compared} times`);
  assert.equal(r.withFindings, r.compared, 'every compared state has findings to compare');
});

test('random edits to a TypeScript file: diagnostics equal a fresh analysis after every pull', async () => {
  const text = fixtureText(['.ts', '.js'], 300);
  assert.equal(text.split('\n').length, 300, 'the JS/TS fixtures give a file of some size');
  const r = await editAndCompare('server.ts', 'typescript', text, 1302, 30);
  assert.ok(r.compared >= 15, `compared ${r.compared} times`);
  assert.equal(r.withFindings, r.compared);
});

test('random edits to a CRLF file and a small file typed from empty', async () => {
  const crlf = fixtureText(['.py'], 150).split('\n').join('\r\n');
  const r = await editAndCompare('crlf.py', 'python', crlf, 1303, 20);
  assert.ok(r.compared >= 8, `compared ${r.compared} times`);
  const typed = await editAndCompare('typed.py', 'python', '', 1304, 25);
  assert.ok(typed.changes >= 25);
});
