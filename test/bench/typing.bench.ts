// Typing latency as a user meets it: real code (the Python standard library, real TypeScript) open in a
// real workspace (a copy of ../shared/realworld plus generated files, ~2,000 files, git repository), typed
// into right after the folder opens, while the server's workspace checklist runs. Each of 200 single-character
// edits is timed from didChange to the diagnostics of that version (pull), over the real protocol: the first
// answer, which is provisional when the keystroke's re-parse exceeds its budget (server/src/lsp/provisional.ts:
// the last full analysis's findings carried over the edits, edited lines left out), and the final one (the full
// analysis of that version, pulled again on the server's refresh) before the next keystroke is typed.
// PREFLIGHT_TYPING_PARSE_MS (passed to the server) sets that re-parse budget; 100000 turns provisional answers off.
// Also the longest time background work blocked the server's thread (preflight/backgroundStats).
// Also: server start to first diagnostics, first diagnostics of a newly opened file, and the server's RSS.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../server/src/core/analyze';
import { initParsers, ParsedDocument } from '../../server/src/parse/parser';
import { BackgroundStatsRequest, ChecklistChangedNotification } from '../../server/src/protocol';
import { RULES } from '../../server/src/rules';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';
import { writeCorpus } from './corpus';
import { countFiles, realPython, realTypeScript, realWorkspace } from './realCode';

const KEYSTROKES = 200;
/** The longest the server's thread may be blocked by one piece of background work (a keystroke waits that long). */
const SLICE_BUDGET_MS = 15;
const WORKSPACE_FILES = 2000;

/** What is typed at each spot, one character per edit: every prefix is a broken intermediate state. */
const WORDS: Record<string, string[]> = {
  python: ['\nresult = call(items, [1, 2])', '\ndef handler(a, b): ...'],
  typescript: ['\nconst result = call(items, [1, 2]);', '\nfunction handler(a, b) {}'],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** Server CPU time (user + system) and peak resident memory, from /proc (Linux). */
function serverStats(pid: number | undefined): { cpuMs?: number; rssMb?: number; peakMb?: number } {
  if (!pid) return {};
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s on Linux)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number | undefined => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { cpuMs: ticks * 10, rssMb: kb('VmRSS'), peakMb: kb('VmHWM') };
  } catch {
    return {};
  }
}

/** Where each keystroke goes: `count` edits in bursts at spots spread evenly through the file. */
function* keystrokes(text: string, languageId: string): Generator<{ line: number; character: number; ch: string }> {
  const lines = text.split('\n');
  const words = WORDS[languageId];
  const bursts = Math.ceil(KEYSTROKES / words[0].length);
  let k = 0;
  for (let b = 0; b < bursts && k < KEYSTROKES; b++) {
    const word = words[b % words.length];
    // Spots in file order; each earlier burst added one line, so later spots shift down by b.
    const original = Math.floor(((b + 0.5) / bursts) * (lines.length - 2));
    const line = original + b;
    const end = lines[original].length;
    for (let i = 0; i < word.length && k < KEYSTROKES; i++, k++) {
      // The first character is the newline at the end of the spot's line; the rest go on the new line.
      yield i === 0 ? { line, character: end, ch: word[0] } : { line: line + 1, character: i - 1, ch: word[i] };
    }
  }
}

interface Typed {
  /** didChange -> the first diagnostics of that version (provisional or final). */
  times: number[];
  /** didChange -> the final diagnostics (a full analysis) of that version. */
  finals: number[];
  /** Of `times`, those whose first answer was provisional. */
  provisional: number[];
  cpuMs?: number;
}

const isProvisional = (resultId: string | undefined): boolean => !!resultId?.endsWith('.provisional');

async function typeInto(c: TestClient, uri: string, text: string, languageId: string): Promise<Typed> {
  const times: number[] = [];
  const finals: number[] = [];
  const provisional: number[] = [];
  let version = 1;
  const before = serverStats(c.child.pid).cpuMs;
  for (const at of keystrokes(text, languageId)) {
    const start = performance.now();
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: at, end: at }, text: at.ch }],
    });
    // Waiting for the refresh starts before the pull, so a refresh sent before its answer is read is not missed.
    let refreshed = c.nextRefresh();
    let report = await c.pull(uri);
    times.push(performance.now() - start);
    if (report.kind === 'full' && isProvisional(report.resultId)) provisional.push(times[times.length - 1]);
    while (report.kind === 'full' && isProvisional(report.resultId)) {
      await refreshed;
      refreshed = c.nextRefresh();
      report = await c.pull(uri);
    }
    finals.push(performance.now() - start);
  }
  const after = serverStats(c.child.pid).cpuMs;
  return {
    times,
    finals,
    provisional,
    cpuMs: before !== undefined && after !== undefined ? after - before : undefined,
  };
}

/** A quick typist's pace: one key every PACE_MS, whether or not the last keystroke's diagnostics came. */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 150);

/**
 * The same keystrokes typed at PACE_MS apart, each pull sent with its didChange and timed from it, never waiting
 * for an earlier answer: a keystroke that arrives while the server analyses the one before waits for it, as a
 * user's would. A pull the server drops for a newer version is counted, not timed.
 */
async function typePaced(c: TestClient, uri: string, text: string, languageId: string): Promise<Paced> {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  let dropped = 0;
  let version = 1;
  for (const at of keystrokes(text, languageId)) {
    const start = performance.now();
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: at, end: at }, text: at.ch }],
    });
    pending.push(
      c.pull(uri).then(
        () => void times.push(performance.now() - start),
        () => void dropped++,
      ),
    );
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  await Promise.all(pending);
  return { times: times.sort((a, b) => a - b), dropped };
}

interface Paced {
  times: number[];
  dropped: number;
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

/** Where the time of one keystroke goes, in-process: incremental re-parse, the whole analysis, each rule alone. */
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
  const all = cpuMs(() => analyze(RULES, file, {}, undefined, tree));
  const perRule = RULES.map((r) => ({ id: r.meta.id, ms: cpuMs(() => analyze([r], file, {}, undefined, tree)) })).sort(
    (a, b) => b.ms - a.ms,
  );
  console.log(
    `    in-process CPU per keystroke: incremental re-parse ${ms(parse)}, analyze (all rules) ${ms(all)}; slowest ` +
      `rules alone: ${perRule
        .slice(0, 5)
        .map((r) => `${r.id} ${r.ms.toFixed(1)}`)
        .join(', ')}`,
  );
  doc.dispose();
}

interface Case {
  name: string;
  languageId: string;
  lines: number;
  budget: number;
  text: string;
}

/** One fresh server per case, so every case types during the first minute after the folder opens. */
async function runCase(ws: string, c: Case, other: Case): Promise<void> {
  const path = join(ws, 'bench', c.name);
  const otherPath = join(ws, 'bench', other.name);
  writeFileSync(path, c.text);
  writeFileSync(otherPath, other.text);
  const started = performance.now();
  let checklistDone: number | undefined;
  const client = await startServer({ workspaceFolder: ws });
  client.conn.onNotification(ChecklistChangedNotification, (p) => {
    if (!p.busy && p.total > 0 && checklistDone === undefined) checklistDone = performance.now() - started;
  });
  try {
    const uri = fileUri(path);
    await client.open(uri, c.languageId, c.text);
    const findings = (await client.pullItems(uri)).length;
    const firstDiagnostics = performance.now() - started;
    // A second file opened while the first is being typed into: first diagnostics after the server is up.
    const openStart = performance.now();
    await client.open(fileUri(otherPath), other.languageId, other.text);
    await client.pullItems(fileUri(otherPath));
    const openOther = performance.now() - openStart;
    const typedAt = performance.now() - started;
    // The server's peak memory after each phase, to tell which one sets it.
    const peaks: string[] = [];
    const peakAfter = (phase: string) =>
      peaks.push(`${phase} ${serverStats(client.child.pid).peakMb?.toFixed(0) ?? '?'}`);
    peakAfter('files open');
    const { times, finals, provisional, cpuMs: cpu } = await typeInto(client, uri, c.text, c.languageId);
    peakAfter('typing');
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const final = [...finals].sort((a, b) => a - b);
    console.log(
      `${c.name} (${c.lines.toLocaleString('en')} lines, ${findings} findings), typing from ` +
        `${(typedAt / 1000).toFixed(1)} s after start to ${((performance.now() - started) / 1000).toFixed(1)} s:`,
    );
    console.log(
      `    ${KEYSTROKES} keystrokes didChange->first diagnostics: p50 ${ms(percentile(sorted, 50))}, p95 ${ms(p95)}, ` +
        `max ${ms(sorted[sorted.length - 1])} (budget p95 <= ${c.budget} ms: ` +
        `${p95 <= c.budget ? 'met' : 'NOT met'}); ` +
        `${provisional.length} of them provisional (p95 ${ms(
          percentile(
            provisional.sort((a, b) => a - b),
            95,
          ) ?? 0,
        )}); ` +
        `server CPU ${cpu === undefined ? '?' : ms(cpu / KEYSTROKES)} per ` +
        `keystroke (incl. background work)`,
    );
    console.log(
      `    didChange->final diagnostics (full analysis of that version): p50 ${ms(percentile(final, 50))}, p95 ` +
        `${ms(percentile(final, 95))}, max ${ms(final[final.length - 1])}`,
    );
    const pacedPath = join(ws, 'bench', `paced_${c.name}`);
    writeFileSync(pacedPath, c.text);
    await client.open(fileUri(pacedPath), c.languageId, c.text);
    await client.pullItems(fileUri(pacedPath));
    const paced = await typePaced(client, fileUri(pacedPath), c.text, c.languageId);
    peakAfter("typist's pace");
    const pacedP95 = percentile(paced.times, 95);
    console.log(
      `    at a typist's pace (a key every ${PACE_MS} ms, not waiting for answers) didChange->diagnostics: p50 ` +
        `${ms(percentile(paced.times, 50))}, p95 ${ms(pacedP95)}, max ${ms(paced.times[paced.times.length - 1])} ` +
        `(budget p95 <= ${c.budget} ms: ${pacedP95 <= c.budget ? 'met' : 'NOT met'}); ${paced.dropped} pulls ` +
        `answered only by a newer version's`,
    );
    console.log(
      `    server start -> first diagnostics ${ms(firstDiagnostics)} (budget <= 1000 ms: ` +
        `${firstDiagnostics <= 1000 ? 'met' : 'NOT met'}); newly opened ${other.name} -> first diagnostics ` +
        `${ms(openOther)} (budget <= 300 ms: ${openOther <= 300 ? 'met' : 'NOT met'})`,
    );
    // Let the workspace checklist finish (it runs behind the keystrokes), then read the server's memory.
    const deadline = performance.now() + 120_000;
    while (checklistDone === undefined && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const mem = serverStats(client.child.pid);
    peakAfter('checklist');
    const finished =
      checklistDone === undefined ? 'NOT within 2 min' : `${(checklistDone / 1000).toFixed(1)} s after start`;
    const peakVerdict = mem.peakMb === undefined ? '?' : mem.peakMb <= 300 ? 'met' : 'NOT met';
    console.log(
      `    workspace checklist finished ${finished}; server RSS ${mem.rssMb?.toFixed(0) ?? '?'} MB, ` +
        `peak ${mem.peakMb?.toFixed(0) ?? '?'} MB (budget <= 300 MB: ${peakVerdict}); peak after each phase (MB): ` +
        peaks.join(', '),
    );
    // Background work (model build, endpoint resolution, the checklist) runs in the server's workspace worker; the
    // server's thread only handles its messages. The longest such step is what a keystroke could wait behind.
    const bg = await client.conn.sendRequest(BackgroundStatsRequest, undefined);
    console.log(
      `    longest block of the server's thread by background work: ${ms(bg.serverThreadLongestMs)} over ` +
        `${bg.serverThreadMessages} messages (budget <= ${SLICE_BUDGET_MS} ms: ` +
        `${bg.serverThreadLongestMs <= SLICE_BUDGET_MS ? 'met' : 'NOT met'}); the worker's longest unit ` +
        `${bg.workerLongestMs === undefined ? '?' : ms(bg.workerLongestMs)} (its own thread: blocks no keystroke)`,
    );
    await breakdown(c.name, c.text, c.languageId);
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const cases: Case[] = [];
  // BENCH_LINES=5000 measures one size only (quicker while iterating).
  const sizes = [
    [5000, 50],
    [20000, 150],
  ].filter(([lines]) => !process.env.BENCH_LINES || String(lines) === process.env.BENCH_LINES);
  for (const [lines, budget] of sizes) {
    const py = realPython(lines);
    const ts = realTypeScript(lines);
    if (py) cases.push({ name: `stdlib_${lines}.py`, languageId: 'python', lines, budget, text: py });
    else console.log('no Python standard library found: Python typing not measured');
    if (ts) cases.push({ name: `real_${lines}.ts`, languageId: 'typescript', lines, budget, text: ts });
    else console.log('no real TypeScript found (../shared/realworld, node_modules): TypeScript typing not measured');
  }
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-typing-'));
  const ws = join(dir, 'ws');
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  try {
    if (!realWorkspace(ws)) {
      console.log('../shared/realworld not found: typing measured in a workspace of generated files only');
      mkdirSync(ws, { recursive: true });
    }
    const have = countFiles(ws);
    if (have < WORKSPACE_FILES) writeCorpus(join(ws, 'generated'), WORKSPACE_FILES - have, 100);
    mkdirSync(join(ws, 'bench'), { recursive: true });
    console.log(
      `workspace: ${countFiles(ws)} files (copy of ../shared/realworld + generated), git repository; machine: ` +
        `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}`,
    );
    for (const c of cases) {
      // The "newly opened" file: the 5,000-line file of the other language.
      const other = cases.find((o) => o.lines === 5000 && o.languageId !== c.languageId) ?? c;
      await runCase(ws, c, other);
    }
    console.log(`load average at the end: ${loadavg()[0].toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
