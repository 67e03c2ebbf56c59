// Typing latency: single-character incremental edits to 5,000-line files, timed from didChange to the
// pull-diagnostics response, against the real bundled server over stdio. Budget: p95 <= 50 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../server/src/core/analyze';
import { initParsers, ParsedDocument } from '../../server/src/parse/parser';
import { RULES } from '../../server/src/rules';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';

const LINES = 5000;
const KEYSTROKES = 200;

function pythonBlock(i: number): string[] {
  const risky = i % 40 === 7 ? ['app.debug = True', ''] : [];
  return [
    ...risky,
    `@app.get("/items/${i}/{item_id}")`,
    `async def read_item_${i}(item_id: int, q: str | None = None, user=Depends(current_user)):`,
    `    """Return item ${i} with its owner and tags."""`,
    `    row = await database.fetch_one("SELECT * FROM items WHERE id = :id", {"id": item_id})`,
    '    if row is None:',
    '        raise HTTPException(status_code=404, detail="Item not found")',
    '    data = dict(row)',
    '    for key, value in data.items():',
    '        if isinstance(value, str):',
    '            data[key] = value.strip()',
    `    logger.info("served item %s", item_id)`,
    '    return {"item": data, "q": q, "owner": user.id}',
    '',
  ];
}

function tsBlock(i: number): string[] {
  const risky = i % 40 === 7 ? [`  preview.innerHTML = String(req.query.html);`] : [];
  return [
    `router.get('/users/${i}/:id', requireAuth, async (req: Request, res: Response, next: NextFunction) => {`,
    '  try {',
    '    const id = Number(req.params.id);',
    "    const user = await db.query('SELECT * FROM users WHERE id = $1', [id]);",
    '    if (!user.rows.length) {',
    "      return res.status(404).json({ error: 'not found' });",
    '    }',
    ...risky,
    `    const profile = { ...user.rows[0], page: ${i}, tags: (user.rows[0].tags ?? []).map((t: string) => t.trim()) };`,
    '    res.json(profile);',
    '  } catch (err) {',
    '    next(err);',
    '  }',
    '});',
    '',
  ];
}

function generate(header: string[], block: (i: number) => string[]): string {
  const lines = [...header];
  for (let i = 0; lines.length < LINES; i++) lines.push(...block(i));
  return `${lines.slice(0, LINES).join('\n')}\n`;
}

const PY = generate(
  [
    'import os',
    'from fastapi import Depends, FastAPI, HTTPException',
    'from .db import database',
    'from .auth import current_user',
    'import logging',
    '',
    'logger = logging.getLogger(__name__)',
    'app = FastAPI(debug=True)',
    '',
  ],
  pythonBlock,
);
const TS = generate(
  [
    "import express, { type Request, type Response, type NextFunction } from 'express';",
    "import cors from 'cors';",
    "import { db } from './db';",
    "import { requireAuth } from './auth';",
    '',
    'export const router = express.Router();',
    "router.use(cors({ origin: '*' }));",
    'declare const preview: HTMLElement;',
    '',
  ],
  tsBlock,
);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function typeInto(
  c: TestClient,
  uri: string,
  text: string,
  languageId: string,
): Promise<{ open: number; times: number[]; findings: number }> {
  const t0 = performance.now();
  await c.open(uri, languageId, text);
  const first = await c.pullItems(uri);
  const open = performance.now() - t0;
  const lines = text.split('\n');
  const times: number[] = [];
  let version = 1;
  // 20 places spread through the file; at each, type 10 characters on a fresh line (a realistic burst).
  const word = '\nx = ok(1)';
  for (let k = 0; k < KEYSTROKES; k++) {
    const spot = Math.floor(k / word.length);
    const line = Math.floor(((spot * 7919) % (lines.length - 100)) + 50) + spot; // earlier bursts add a line each
    const col = k % word.length;
    const ch = word[col];
    const character = col === 0 ? (lines[line - spot]?.length ?? 0) : col - 1;
    const at = col === 0 ? { line, character } : { line: line + 1, character };
    const start = performance.now();
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: at, end: at }, text: ch }],
    });
    await c.pullItems(uri);
    times.push(performance.now() - start);
  }
  return { open, times, findings: first.length };
}

/** CPU milliseconds of fn, median of 5 runs (CPU time is steadier than wall time on a busy machine). */
function cpuMs(fn: () => void): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t);
    runs.push((d.user + d.system) / 1000);
  }
  return runs.sort((a, b) => a - b)[2];
}

/** Where the time goes, in-process: incremental re-parse, the whole analysis, and each rule alone. */
async function breakdown(name: string, text: string, languageId: string): Promise<void> {
  await initParsers();
  const doc = new ParsedDocument(languageId, text);
  doc.getTree();
  let at = Math.floor(text.length / 2);
  const parse = cpuMs(() => {
    doc.applyEdit(at, at, ' ');
    at += 1;
    doc.getTree();
  });
  const file = { path: `app/${name}`, languageId, text: doc.currentText };
  const tree = doc.getTree();
  const all = cpuMs(() => analyze(file, {}, undefined, tree));
  const index = cpuMs(() => tree?.rootNode.descendantsOfType(['call', 'call_expression', 'assignment']));
  const perRule = RULES.map((r) => ({ id: r.meta.id, ms: cpuMs(() => analyze(file, {}, undefined, tree, [r])) })).sort(
    (a, b) => b.ms - a.ms,
  );
  const f = (n: number): string => `${n.toFixed(1)}`;
  console.log(
    `  ${name} (CPU ms): incremental re-parse ${f(parse)}, analyze all rules ${f(all)}, one whole-tree node collection ~${f(index)}`,
  );
  console.log(
    `  slowest rules alone (each includes its own node collection): ${perRule
      .slice(0, 8)
      .map((r) => `${r.id} ${f(r.ms)}`)
      .join(', ')}`,
  );
  doc.dispose();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
  const c = await startServer({ workspaceFolder: dir });
  try {
    for (const [name, text, languageId] of [
      ['app.py', PY, 'python'],
      ['routes.ts', TS, 'typescript'],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const { open, times, findings } = await typeInto(c, fileUri(path), text, languageId);
      const sorted = [...times].sort((a, b) => a - b);
      const f = (n: number): string => `${n.toFixed(1)} ms`;
      console.log(
        `${name}: ${text.split('\n').length - 1} lines, ${findings} findings; open+first analysis ${f(open)}; ${KEYSTROKES} keystrokes didChange->diagnostics: p50 ${f(percentile(sorted, 50))}, p95 ${f(percentile(sorted, 95))}, max ${f(sorted[sorted.length - 1])} (budget p95 <= 50 ms)`,
      );
      await breakdown(name, text, languageId);
    }
  } finally {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
