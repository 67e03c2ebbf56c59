// An exclusive lock for read-modify-write of a state file (`.preflight/baseline.json`, `checklist.json`):
// `<file>.lock` is created with O_EXCL, holds the owner's pid, and is removed in `finally`. A lock whose
// owner is gone (or that is older than STALE_MS) is taken over, so a crash never blocks the next run.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

const STALE_MS = 30_000;
const WAIT_MS = 15_000;

export class LockError extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function ownerAlive(lock: string): boolean {
  try {
    const [pid, host] = readFileSync(lock, 'utf8').split(' ');
    // Not written yet (just created), or another machine on a shared folder: only age can tell.
    if (!/^\d+$/.test(pid ?? '') || host !== hostname()) return true;
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > STALE_MS || !ownerAlive(lock);
  } catch {
    return false; // gone already: the next attempt takes it
  }
}

/** Runs `fn` while holding `<file>.lock`; throws LockError when another live process keeps it too long. */
export function withFileLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LockError(`${file} is locked by another process (${lock})`);
      sleep(Math.min(5 + attempt * 5, 50));
    }
  }
  try {
    writeSync(fd, `${process.pid} ${hostname()}`);
    closeSync(fd);
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
