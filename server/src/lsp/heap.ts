// Both threads of the server keep their heaps near what they hold. V8 lets garbage pile up in the old
// generation until it is a few times the live set: on a 2,000-file workspace the worker's heap reached 170 MB
// for 60 MB live while the checklist ran, and the server's thread 90 MB for 16 MB live while the user typed
// in a 5,000-line file. Those peaks add up to the server's memory as the user's system monitor shows it, so
// each thread collects once its heap has grown by a headroom since its last collection: the worker between
// two units of background work; the server's thread once the user paused, and while typing goes on without a
// pause only past a much larger headroom, so a keystroke rarely waits behind a collection (one of such heaps
// takes 10-45 ms on this 2-core machine under load).
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Scheduler } from './scheduler';

const MB = 1024 * 1024;
const HEADROOM_BYTES = 16 * MB;
/** While the user types without a pause: about one collection every fifty keystrokes in a 5,000-line file. */
const TYPING_HEADROOM_BYTES = 32 * MB;

/** V8's collector, exposed to a fresh context only (the flag changes nothing else that runs). */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined; // no collector on this runtime: V8 decides alone
  }
}

export class HeapBound {
  private readonly gc = collector();
  private floor = getHeapStatistics().used_heap_size;
  /** How many collections this bound asked for. */
  collections = 0;

  constructor(private readonly headroomBytes = HEADROOM_BYTES) {}

  /** Collects when the heap grew by more than the headroom since the last collection. */
  check(headroomBytes = this.headroomBytes): void {
    if (!this.gc || getHeapStatistics().used_heap_size - this.floor < headroomBytes) return;
    this.gc();
    this.collections++;
    this.floor = getHeapStatistics().used_heap_size;
  }
}

/** The worker's clock: between two units of background work it also bounds the worker's heap. */
export class WorkerScheduler extends Scheduler {
  private readonly heap = new HeapBound();

  override async idle(): Promise<void> {
    this.heap.check();
    await super.idle();
  }
}

/**
 * The server thread's clock: once the foreground has been quiet for the quiet period (the user paused), it
 * bounds the heap; while typing goes on, only past the larger headroom, right after an answer went out.
 */
export class ServerScheduler extends Scheduler {
  private readonly heap = new HeapBound();
  private quiet: NodeJS.Timeout | undefined;

  override async foreground<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await super.foreground(fn);
    } finally {
      setImmediate(() => this.heap.check(TYPING_HEADROOM_BYTES));
      clearTimeout(this.quiet);
      this.quiet = setTimeout(() => {
        if (!this.busy) this.heap.check();
      }, this.quietMs + 50);
      this.quiet.unref();
    }
  }
}
