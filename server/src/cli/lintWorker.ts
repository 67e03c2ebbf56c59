// Spreads a big lint over every core: worker threads running the CLI bundle itself, plus the main thread.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  likelyEndpoints,
  lintBatch,
  type BatchOptions,
  type EngineFor,
  type FileOutcome,
  type LintTask,
} from './lintBatch';

const WORKER_KIND = 'preflight-lint-worker';
/** Below this many files a worker's start-up (bundle + grammars, ~0.2 s) costs more than it saves. */
const FILES_PER_THREAD = 50;

interface WorkerInput {
  kind: typeof WORKER_KIND;
}

/** One batch for a worker; a worker takes batches one at a time until the pool closes it. */
interface Job {
  tasks: LintTask[];
  options: BatchOptions;
}

type Reply = { ok: true; outcomes: FileOutcome[] } | { ok: false; message: string };

/** True inside a lint worker; cli.ts checks this before running the command line. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInput> | null)?.kind === WORKER_KIND;
}

/** The worker's body: analyse each batch it is given and post the outcomes back. */
export function runLintWorker(engineFor: EngineFor): void {
  parentPort?.on('message', (job: Job) => {
    lintBatch(job.tasks, job.options, engineFor).then(
      (outcomes) => parentPort?.postMessage({ ok: true, outcomes } satisfies Reply),
      (error: unknown) =>
        parentPort?.postMessage({
          ok: false,
          message: error instanceof Error ? error.message : String(error),
        } satisfies Reply),
    );
  });
}

/**
 * A secret scan spreads over threads only for trees this big per thread: on the 2-core development machine
 * one thread beat two on every tree measured (13 MB: 0.51 against 0.65 s; 51 MB: 1.31 against 1.50 s), each
 * thread's reading and matching running slower beside the other's.
 */
const SECRET_SCAN_BYTES_PER_THREAD = 128 * 1024 * 1024;

/**
 * Threads to use: 1 for small lints and secret scans, else up to one per core (PREFLIGHT_THREADS overrides,
 * for benchmarks and tests).
 */
export function threadCount(tasks: readonly LintTask[], secretsOnly = false): number {
  const forced = Number(process.env.PREFLIGHT_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, Math.max(1, tasks.length));
  // Workers re-run this bundle, so only a bundled CLI (out/cli.js, out/lint.js, out/scan.js) can start them.
  if (!['cli.js', 'lint.js', 'scan.js'].includes(basename(__filename))) return 1;
  const wanted = secretsOnly
    ? Math.ceil(tasks.reduce((n, t) => n + t.size, 0) / SECRET_SCAN_BYTES_PER_THREAD)
    : Math.ceil(tasks.length / FILES_PER_THREAD);
  return Math.max(1, Math.min(availableParallelism(), wanted));
}

/**
 * Batches per thread: enough for the threads to even out (a worker starts later, files differ), few enough
 * that a batch's set-up stays small.
 */
const BATCHES_PER_THREAD = 6;

const weight = (t: LintTask) => t.size + 2048; // per-file overhead, so many tiny files also spread out
const bySizeDown = (a: LintTask, b: LintTask) => b.size - a.size || (a.absPath < b.absPath ? -1 : 1);

/** Consecutive runs of `tasks` weighing about `target` each. */
function split(tasks: readonly LintTask[], target: number): LintTask[][] {
  const out: LintTask[][] = [];
  let size = Infinity;
  for (const task of tasks) {
    if (size >= target) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1].push(task);
    size += weight(task);
  }
  return out;
}

/**
 * Splits tasks into batches of similar total size for `threads` threads to take one at a time, largest
 * files first, so the last batches are small and the threads finish together. `leading` tasks come before
 * all others, in at least one batch per thread, so that every thread's first batch holds only them.
 */
export function batches(
  tasks: readonly LintTask[],
  threads: number,
  leading: ReadonlySet<LintTask> = new Set(),
): LintTask[][] {
  const total = (list: readonly LintTask[]) => list.reduce((n, t) => n + weight(t), 0);
  const target = total(tasks) / (threads * BATCHES_PER_THREAD);
  const first = tasks.filter((t) => leading.has(t)).sort(bySizeDown);
  const rest = tasks.filter((t) => !leading.has(t)).sort(bySizeDown);
  return [...split(first, Math.min(target, total(first) / threads)), ...split(rest, target)];
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A worker thread running this bundle, started once and given one batch at a time. */
class PoolWorker {
  private readonly worker: Worker;
  private current?: { resolve: (o: FileOutcome[]) => void; reject: (e: Error) => void };
  /** Set once the thread failed or exited: its batches then run on the main thread. */
  dead = false;

  constructor() {
    this.worker = new Worker(__filename, { workerData: { kind: WORKER_KIND } satisfies WorkerInput });
    this.worker.on('message', (msg: Reply) => {
      const job = this.current;
      this.current = undefined;
      if (msg.ok) job?.resolve(msg.outcomes);
      else job?.reject(new Error(msg.message));
    });
    const fail = (error: Error) => {
      this.dead = true;
      this.current?.reject(error);
      this.current = undefined;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`lint worker exited with code ${code}`)));
  }

  run(tasks: LintTask[], options: BatchOptions): Promise<FileOutcome[]> {
    if (this.dead) return Promise.reject(new Error('lint worker is gone'));
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject };
      this.worker.postMessage({ tasks, options } satisfies Job);
    });
  }

  close(): void {
    this.dead = true;
    void this.worker.terminate();
  }
}

/**
 * Lints on up to `threads` threads: the main one and workers started on first use and kept for the next
 * batches (a lint with the project model runs up to three passes; a worker's start-up, the bundle and the
 * grammars, is paid once). `close()` when done.
 */
export class LintPool {
  private readonly workers: PoolWorker[] = [];

  constructor(
    private readonly engineFor: EngineFor,
    private readonly threads: number,
  ) {}

  /**
   * Lints every task, in parallel when worthwhile: the main thread and each worker take the next batch
   * whenever they are free. A failed worker's batch is redone on the main thread.
   */
  async run(tasks: readonly LintTask[], options: BatchOptions): Promise<FileOutcome[]> {
    const threads = Math.min(this.threads, threadCount(tasks, options.secretsOnly));
    const engine = this.engineFor(options);
    if (threads <= 1) {
      const first = likelyEndpoints(tasks, options, engine);
      return lintBatch([...first, ...tasks.filter((t) => !first.has(t))], options, this.engineFor);
    }
    // Started before the main thread reads ahead for likely endpoints, so their start-up overlaps that read.
    for (let i = 0; i < threads - 1; i++)
      if (!this.workers[i] || this.workers[i].dead) this.workers[i] = new PoolWorker();
    const queue = batches(tasks, threads, likelyEndpoints(tasks, options, engine));
    const done: FileOutcome[][] = [];
    let current = options;
    const finished = (outcomes: FileOutcome[]): void => {
      done.push(outcomes);
      // Once any thread met an endpoint, every file's facts are wanted: take them from this parse.
      if (current.collectFacts === 'endpoints' && outcomes.some((o) => o.facts && engine.hasEndpoints?.(o.facts)))
        current = { ...current, collectFacts: 'all' };
    };
    const viaWorker = async (worker: PoolWorker): Promise<void> => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        try {
          finished(await worker.run(batch, current));
        } catch {
          finished(await lintBatch(batch, current, this.engineFor));
          return;
        }
      }
    };
    const onMainThread = async (): Promise<void> => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        // Between files the event loop turns, so a worker that finished its batch takes the next one at once.
        finished(await lintBatch(batch, current, this.engineFor, tick));
      }
    };
    // The main thread takes the first batch (the likely endpoints): the workers are still starting up.
    await Promise.all([onMainThread(), ...this.workers.slice(0, threads - 1).map(viaWorker)]);
    return done.flat();
  }

  close(): void {
    for (const w of this.workers) w.close();
  }
}
