// `npm run bench lspModel`: the language server builds the project model of a generated 2,000-file workspace
// in the background right after start, then evaluates the checklist against that same model, while a file is
// being typed into in bursts. Prints when the model was ready (the endpoints request answers once the build is
// done) and when the checklist was (its request answers after the first evaluation), the server's CPU time by
// each, and the latency of each keystroke's diagnostics meanwhile (didChange to the pulled report of that version).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { ChecklistRequest, EndpointsRequest } from '../../server/src/protocol';
import { fileUri, startServer } from '../helpers/lspClient';
import { writeCorpus } from './corpus';

const FILES = 2000;
const LINES_PER_FILE = 120;

/** The server's CPU time (user + system, ms) from /proc (Linux). */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-lsp-model-'));
  try {
    const root = join(dir, 'ws');
    writeCorpus(root, FILES, LINES_PER_FILE);
    const folder = join(root, 'py', 'pkg0');
    const name = readdirSync(folder).find((f) => f.endsWith('.py'))!;
    const uri = fileUri(join(folder, name));
    const text = readFileSync(join(folder, name), 'utf8');
    const t0 = performance.now();
    const c = await startServer({ workspaceFolder: root });
    try {
      await c.open(uri, 'python', text);
      let readyAt: number | undefined;
      let readyCpu: number | undefined;
      let endpoints = 0;
      const ready = c.conn.sendRequest(EndpointsRequest, {}).then((r) => {
        readyAt = performance.now() - t0;
        readyCpu = cpuMs(c.child.pid);
        endpoints = r.folders.reduce((n, f) => n + f.endpoints.length, 0);
      });
      let checklistAt: number | undefined;
      const checklist = c.conn.sendRequest(ChecklistRequest, {}).then(() => {
        checklistAt = performance.now() - t0;
      });
      const latencies: number[] = [];
      let version = 1;
      let line = text.split('\n').length - 1;
      // Type while the model builds, as a person does: bursts of 10 characters ~30 ms apart, then a pause
      // (background work runs in the pauses, never in the middle of a burst).
      while ((readyAt === undefined || checklistAt === undefined) && latencies.length < 4000) {
        const ch = latencies.length % 40 === 39 ? '\n' : 'x';
        const t = performance.now();
        await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version: ++version },
          contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ch }],
        });
        if (ch === '\n') line++;
        await c.pullItems(uri);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, latencies.length % 10 === 0 ? 700 : 30));
      }
      await Promise.all([ready, checklist]);
      const cpu = cpuMs(c.child.pid);
      const sorted = [...latencies].sort((a, b) => a - b);
      console.log(
        `server start to project model ready (${FILES} files, ${endpoints} endpoints): ` +
          `${((readyAt ?? 0) / 1000).toFixed(1)} s wall; ` +
          `server CPU by then ${readyCpu === undefined ? 'n/a' : `${(readyCpu / 1000).toFixed(1)} s`} (load ` +
          `${loadavg()[0].toFixed(1)})`,
      );
      console.log(
        `server start to checklist evaluated on that model: ${((checklistAt ?? 0) / 1000).toFixed(1)} s wall; ` +
          `server CPU by then ${cpu === undefined ? 'n/a' : `${(cpu / 1000).toFixed(1)} s`}`,
      );
      if (sorted.length)
        console.log(
          `  keystroke to diagnostics meanwhile: ${sorted.length} edits, p50 ` +
            `${percentile(sorted, 50).toFixed(1)} ms, ` +
            `p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
        );
    } finally {
      await c.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
