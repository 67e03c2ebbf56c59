// Foreground first: what the user waits for (diagnostics after a keystroke, a newly opened file, code
// actions) runs before background workspace work (the project model, the checklist). All background work
// runs in the workspace worker thread (lsp/background/), so it never blocks the thread that answers the
// editor; it also pauses while the user types, so it does not take the CPU from a keystroke either. The two
// threads share the foreground clock through a SharedArrayBuffer: the server's thread marks activity, the
// worker's `idle()` reads it between small units (one file).

/** How long the foreground must be quiet before background work resumes (a typing pause). */
const QUIET_MS = 300;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bytes of the shared clock: [0] last foreground activity (epoch ms, float64), [8] running count (int32). */
const CLOCK_BYTES = 16;

export class Scheduler {
  private readonly last: Float64Array;
  private readonly running: Int32Array;

  /** `shared`: a buffer from `Scheduler.clock()` (or the other thread's), so both threads see one clock. */
  constructor(
    readonly shared: SharedArrayBuffer = new SharedArrayBuffer(CLOCK_BYTES),
    protected readonly quietMs = QUIET_MS,
  ) {
    this.last = new Float64Array(shared, 0, 1);
    this.running = new Int32Array(shared, 8, 1);
    if (this.last[0] === 0) this.last[0] = -Infinity;
  }

  /** Marks foreground activity (an edit, an open): background work pauses for the quiet period. */
  touch(): void {
    this.last[0] = Date.now();
  }

  /** Runs fn as foreground work: background work waits until it has ended and the quiet period passed. */
  async foreground<T>(fn: () => Promise<T>): Promise<T> {
    Atomics.add(this.running, 0, 1);
    this.touch();
    try {
      return await fn();
    } finally {
      Atomics.sub(this.running, 0, 1);
      this.touch();
    }
  }

  /** True while foreground work runs or ran within the quiet period. */
  get busy(): boolean {
    return Atomics.load(this.running, 0) > 0 || Date.now() - this.last[0] < this.quietMs;
  }

  /**
   * Background work awaits this between units. It always lets the event loop turn twice first: once so
   * messages that arrived are read, once so their handlers run. Then it waits while the foreground is busy.
   */
  async idle(): Promise<void> {
    await nextTurn();
    await nextTurn();
    while (this.busy) {
      const left = Atomics.load(this.running, 0) > 0 ? this.quietMs : this.quietMs - (Date.now() - this.last[0]);
      await sleep(Math.max(10, left));
    }
  }
}
