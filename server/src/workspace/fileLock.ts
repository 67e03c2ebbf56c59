// An exclusive lock for read-modify-write of a state file (`.preflight/baseline.json`, `checklist.json`):
// `<file>.lock` is created with O_EXCL, holds the owner's pid, and is removed in `finally`. A lock whose
// owner is gone (or that is older than STALE_MS) is taken over, so a crash never blocks the next run.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

const STALE_MS = 30_000;
const WAIT_MS = 15_000;
// Breaking a lock takes microseconds; a break lock this old belongs to a process that died while breaking.
const BREAK_STALE_MS = 5_000;

export class LockError extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

interface LockSnapshot {
  content: string;
  mtimeMs: number;
}

function snapshot(lock: string): LockSnapshot | undefined {
  try {
    return { mtimeMs: statSync(lock).mtimeMs, content: readFileSync(lock, 'utf8') };
  } catch {
    return undefined; // gone already: the next attempt takes it
  }
}

function isStale({ content, mtimeMs }: LockSnapshot): boolean {
  if (Date.now() - mtimeMs > STALE_MS) return true;
  const [pid, host] = content.split(' ');
  // Not written yet (just created), or another machine on a shared folder: only age can tell.
  if (!/^\d+$/.test(pid ?? '') || host !== hostname()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

function tryCreate(path: string): number | undefined {
  try {
    return openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock without ever removing a live one. Only lock owners and breakers delete lock files,
 * and breakers take turns through `<lock>.break`, so a lock that still looks stale while the break lock
 * is held cannot be swapped for a live one before it is removed. (Comparing inodes is not enough: a
 * file system reuses the inode of a removed lock for the next one at once.)
 */
function breakStale(lock: string): void {
  const breaker = `${lock}.break`;
  const fd = tryCreate(breaker);
  if (fd === undefined) {
    const held = snapshot(breaker);
    if (held && Date.now() - held.mtimeMs > BREAK_STALE_MS) rmSync(breaker, { force: true });
    return;
  }
  try {
    closeSync(fd);
    const current = snapshot(lock);
    if (current && isStale(current)) rmSync(lock, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** Runs `fn` while holding `<file>.lock`; throws LockError when another live process keeps it too long. */
export function withFileLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let fd: number | undefined;
  for (let attempt = 0; (fd = tryCreate(lock)) === undefined; attempt++) {
    const held = snapshot(lock);
    if (held && isStale(held)) {
      breakStale(lock);
      continue;
    }
    if (Date.now() > deadline) throw new LockError(`${file} is locked by another process (${lock})`);
    sleep(Math.min(5 + attempt * 5, 50));
  }
  try {
    writeSync(fd, `${process.pid} ${hostname()}`);
    closeSync(fd);
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}
