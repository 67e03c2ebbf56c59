// Foreground first: what the user waits for (diagnostics after a keystroke, a newly opened file, code
// actions) runs before background workspace work (the checklist's workspace index, later the project
// model). Background work calls `idle()` between small units (one file) and only goes on once nothing
// in the foreground has happened for QUIET_MS, so a keystroke never queues behind a workspace walk.

/** How long the foreground must be quiet before background work resumes (a typing pause). */
const QUIET_MS = 300;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Scheduler {
  private last = -Infinity;
  private running = 0;

  constructor(private readonly quietMs = QUIET_MS) {}

  /** Marks foreground activity (an edit, an open): background work pauses for the quiet period. */
  touch(): void {
    this.last = performance.now();
  }

  /** Runs fn as foreground work: background work waits until it has ended and the quiet period passed. */
  async foreground<T>(fn: () => Promise<T>): Promise<T> {
    this.running++;
    this.touch();
    try {
      return await fn();
    } finally {
      this.running--;
      this.touch();
    }
  }

  /** True while foreground work runs or ran within the quiet period. */
  get busy(): boolean {
    return this.running > 0 || performance.now() - this.last < this.quietMs;
  }

  /**
   * Background work awaits this between units. It always lets the event loop turn twice first: once so
   * the connection reads what arrived, once so its handlers (which mark the foreground) run. Then it
   * waits while the foreground is busy.
   */
  async idle(): Promise<void> {
    await nextTurn();
    await nextTurn();
    while (this.busy) {
      const left = this.running > 0 ? this.quietMs : this.quietMs - (performance.now() - this.last);
      await sleep(Math.max(10, left));
    }
  }
}
