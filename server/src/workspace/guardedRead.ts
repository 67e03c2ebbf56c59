// The one way to read a workspace file. A cloned repository is hostile input: a committed symlink to
// /dev/zero, a FIFO or a huge file named `.gitignore` or `.preflight/baseline.json` must never hang a
// scan or fill memory. So: regular files only, symlinks only when they stay inside the workspace and
// land on a regular file, a size cap checked on the open file, and a non-blocking open (opening a FIFO
// for reading would otherwise wait for a writer forever). A refused file comes back with its reason.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { sep } from 'node:path';

export type RefusalReason = 'missing' | 'symlink-outside' | 'not-a-file' | 'too-large' | 'unreadable';

export type GuardedBytes =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: RefusalReason; /** One line for people, e.g. "a FIFO (named pipe)". */ detail: string };

export interface GuardOptions {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** The workspace: a symlink (of the file or a folder above it) may not lead outside it. */
  within?: string;
}

/** What kind of thing a non-regular file is, for messages. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

function refuse(reason: RefusalReason, detail: string): GuardedBytes {
  return { ok: false, reason, detail };
}

/** Reads a file's bytes, or says why it was refused. Never throws, never blocks on a pipe or device. */
export function readGuardedBytes(path: string, options: GuardOptions): GuardedBytes {
  if (options.within === undefined && NOFOLLOW) {
    // The common case (a file a walk listed): open it first, without following a symlink, and judge the open
    // file (a FIFO opens at once, non-blocking, and is refused unread). A scan of thousands of files saves an
    // lstat each; a symlink (ELOOP) takes the careful way below.
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | NONBLOCK | NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('missing', 'does not exist');
      if (code !== 'ELOOP' && code !== 'EMLINK') return refuse('unreadable', code ?? 'error'); // EMLINK: BSD's ELOOP
    }
    if (fd !== undefined) return readOpen(fd, options.maxBytes);
  }
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? refuse('missing', 'does not exist')
      : refuse('unreadable', code ?? 'error');
  }
  let flags = constants.O_RDONLY | NONBLOCK;
  if (options.within !== undefined) {
    // realpath covers a symlinked file and a symlinked folder above it alike.
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return refuse('missing', 'is a broken symbolic link');
    }
    if (!isInside(real, realOrSelf(options.within)))
      return refuse('symlink-outside', `is a symbolic link that leads outside the workspace (to ${real})`);
  }
  if (!link.isSymbolicLink()) flags |= NOFOLLOW;
  let target: Stats;
  try {
    target = link.isSymbolicLink() ? statSync(path) : link;
  } catch {
    return refuse('missing', 'is a broken symbolic link');
  }
  if (!target.isFile()) return refuse('not-a-file', `is ${fileKind(target)}, not a regular file`);
  if (target.size > options.maxBytes) return refuse('too-large', tooLarge(target.size, options.maxBytes));
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse('unreadable', code === 'ELOOP' ? 'was replaced by a symbolic link while reading' : (code ?? 'error'));
  }
  return readOpen(fd, options.maxBytes);
}

/** Reads an open file (closing it) if it is a regular file within the size cap. */
function readOpen(fd: number, maxBytes: number): GuardedBytes {
  try {
    // Checked on the open file: it may have been swapped or grown since an lstat.
    const stats = fstatSync(fd);
    if (!stats.isFile()) return refuse('not-a-file', `is ${fileKind(stats)}, not a regular file`);
    if (stats.size > maxBytes) return refuse('too-large', tooLarge(stats.size, maxBytes));
    // Not zero-filled: only the bytes read are ever handed out (a short read returns the part read).
    const buffer = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < stats.size) {
      const n = readSync(fd, buffer, read, stats.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, bytes: read === stats.size ? buffer : buffer.subarray(0, read) };
  } catch (error) {
    return refuse('unreadable', (error as NodeJS.ErrnoException).code ?? 'error');
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, max: number): string {
  return `is ${Math.ceil(size / 1024)} KB, above the ${Math.ceil(max / 1024)} KB limit`;
}

export type GuardedText = { ok: true; text: string } | { ok: false; reason: RefusalReason; detail: string };

/** A small state or config file as UTF-8 text (a UTF-8 BOM is dropped). */
export function readGuardedText(path: string, options: GuardOptions): GuardedText {
  const r = readGuardedBytes(path, options);
  if (!r.ok) return r;
  return { ok: true, text: r.bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/** Size caps of the small files Preflight reads besides source: ignore files, state, baseline. */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
export const MAX_STATE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The first of these ignore files that exists but is not a regular file (a FIFO, a device, a symlink to
 * one), as "<path> is a FIFO (named pipe)". git opens ignore files with a blocking read, so it would wait
 * on such a file until its caller's timeout: callers check first and answer without git instead.
 */
export function specialFileAmong(paths: Iterable<string>): string | undefined {
  for (const path of paths) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      continue; // missing or a broken link: git skips it too
    }
    if (!stats.isFile()) return `${path} is ${fileKind(stats)}`;
  }
  return undefined;
}
