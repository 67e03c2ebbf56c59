// Spreads a big lint over every core: worker threads running the CLI bundle itself, plus the main thread.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { lintBatch, type BatchOptions, type EngineFor, type FileOutcome, type LintTask } from './lintBatch';

const WORKER_KIND = 'preflight-lint-worker';
/** Below this many files a worker's start-up (bundle + grammars, ~0.2 s) costs more than it saves. */
const FILES_PER_THREAD = 50;

interface WorkerInput {
  kind: typeof WORKER_KIND;
  tasks: LintTask[];
  options: BatchOptions;
}

/** True inside a lint worker; cli.ts checks this before running the command line. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInput> | null)?.kind === WORKER_KIND;
}

/** The worker's body: analyse the batch it was given and post the outcomes back. */
export function runLintWorker(engineFor: EngineFor): void {
  const input = workerData as WorkerInput;
  lintBatch(input.tasks, input.options, engineFor).then(
    (outcomes) => parentPort?.postMessage({ ok: true, outcomes }),
    (error: unknown) =>
      parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
}

/** Threads to use: 1 for small scans, else up to one per core (PREFLIGHT_THREADS overrides, for benchmarks). */
export function threadCount(files: number): number {
  const forced = Number(process.env.PREFLIGHT_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, Math.max(1, files));
  // Workers re-run this bundle, so only the bundled CLI (out/cli.js, or out/scan.js for secrets) can start them.
  if (!['cli.js', 'scan.js'].includes(basename(__filename))) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(files / FILES_PER_THREAD)));
}

/** Splits tasks into `n` batches of similar total size (largest first into the lightest batch). */
export function partition(tasks: readonly LintTask[], n: number): LintTask[][] {
  const bins = Array.from({ length: n }, () => ({ size: 0, tasks: [] as LintTask[] }));
  for (const task of [...tasks].sort((a, b) => b.size - a.size || (a.absPath < b.absPath ? -1 : 1))) {
    let lightest = bins[0];
    for (const bin of bins) if (bin.size < lightest.size) lightest = bin;
    lightest.tasks.push(task);
    lightest.size += task.size + 2048; // per-file overhead, so many tiny files also spread out
  }
  return bins.map((b) => b.tasks);
}

function inWorker(tasks: LintTask[], options: BatchOptions): Promise<FileOutcome[]> {
  return new Promise((resolvePromise, reject) => {
    const input: WorkerInput = { kind: WORKER_KIND, tasks, options };
    const worker = new Worker(__filename, { workerData: input });
    let settled = false;
    worker.once('message', (msg: { ok: true; outcomes: FileOutcome[] } | { ok: false; message: string }) => {
      settled = true;
      if (msg.ok) resolvePromise(msg.outcomes);
      else reject(new Error(msg.message));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
    worker.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`lint worker exited with code ${code}`));
      }
    });
  });
}

/** Lints every task, in parallel when worthwhile; a failed worker's share is redone on the main thread. */
export async function lintAll(
  tasks: readonly LintTask[],
  options: BatchOptions,
  engineFor: EngineFor,
  threads = threadCount(tasks.length),
): Promise<FileOutcome[]> {
  if (threads <= 1) return lintBatch(tasks, options, engineFor);
  const [mine, ...theirs] = partition(tasks, threads);
  const pending = theirs.map((batch) => inWorker(batch, options).catch(() => lintBatch(batch, options, engineFor)));
  const own = await lintBatch(mine, options, engineFor);
  return [own, ...(await Promise.all(pending))].flat();
}
