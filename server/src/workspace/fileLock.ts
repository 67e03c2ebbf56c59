// An exclusive lock for read-modify-write of a state file (`.preflight/baseline.json`, `checklist.json`):
// `<file>.lock` is created with O_EXCL, holds the owner's pid, and is removed in `finally`. A lock whose
// owner is gone (or that is older than STALE_MS) is taken over, so a crash never blocks the next run.
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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

/** The inode of the lock file when it is stale, so only that very file is taken over. */
function staleInode(lock: string): number | undefined {
  try {
    const st = statSync(lock);
    return Date.now() - st.mtimeMs > STALE_MS || !ownerAlive(lock) ? st.ino : undefined;
  } catch {
    return undefined; // gone already: the next attempt takes it
  }
}

/**
 * Removes the stale lock `ino` without ever removing a live one: two processes may judge the same stale
 * lock, and the slower one must not delete the lock the faster one has just created. The lock is moved
 * aside atomically; if what was moved is not the stale file, it is put back.
 */
function breakStale(lock: string, ino: number): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else moved it first
  }
  try {
    if (statSync(aside).ino !== ino) linkSync(aside, lock); // a live lock: back where it was
  } catch {
    // a third process created a lock meanwhile: it owns it; the moved one's owner finishes regardless
  } finally {
    rmSync(aside, { force: true });
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
      const stale = staleInode(lock);
      if (stale !== undefined) {
        breakStale(lock, stale);
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
