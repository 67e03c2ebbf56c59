// Reads a workspace file as text the way an editor would: BOM-aware, never throwing on odd bytes.
import { basename } from 'node:path';
import { readGuardedBytes, type RefusalReason } from './guardedRead';
import { isMinifiable, looksMinified, vendoredBanner, type SkipReason } from './skips';

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type ReadResult =
  { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: SkipReason; detail?: string };

export interface ReadOptions {
  /** Files larger than this are skipped unread (default 1024 KB). */
  maxBytes?: number;
  /** Skip files whose start looks like a minified bundle (off for files the user named). */
  skipMinified?: boolean;
  /** The workspace root: symlinks leading outside it are refused. */
  within?: string;
  /** Skip files opening with a third-party licence banner (default: as skipMinified). */
  skipVendored?: boolean;
}

const SKIP_OF: Record<RefusalReason, SkipReason> = {
  missing: 'unreadable',
  unreadable: 'unreadable',
  'symlink-outside': 'symlink-outside-root',
  'not-a-file': 'special-file',
  'too-large': 'too-large',
};

/** Decodes bytes: UTF-16 with a BOM, else UTF-8 (invalid sequences become U+FFFD, never an error). */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    body.swap16();
    return { text: body.toString('utf16le'), encoding: 'utf-16be' };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text: bytes.subarray(start).toString('utf8'), encoding: 'utf-8' };
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** A NUL byte in the first 8 KB is what git uses to call a file binary; UTF-16 text is told by its BOM. */
export function isBinary(bytes: Buffer): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const end = Math.min(bytes.length, 8192);
  return bytes.subarray(0, end).includes(0);
}

/** Reads a file for scanning, or says why it should not be scanned. Never throws. */
export function readTextFile(path: string, options: ReadOptions = {}): ReadResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_SIZE_KB * 1024;
  const read = readGuardedBytes(path, { maxBytes, within: options.within });
  if (!read.ok) {
    // The walk already gave the size of a too-large file; other refusals say what the file is.
    if (read.reason === 'too-large') return { ok: false, reason: 'too-large' };
    if (read.reason === 'missing') return { ok: false, reason: 'unreadable', detail: 'ENOENT' };
    return { ok: false, reason: SKIP_OF[read.reason], detail: read.detail };
  }
  const bytes = read.bytes;
  if (isBinary(bytes)) return { ok: false, reason: 'binary' };
  const decoded = decodeText(bytes);
  if ((options.skipMinified ?? true) && isMinifiable(basename(path)) && looksMinified(decoded.text)) {
    return { ok: false, reason: 'minified' };
  }
  if ((options.skipVendored ?? options.skipMinified ?? true) && isMinifiable(basename(path))) {
    const banner = vendoredBanner(decoded.text);
    if (banner) return { ok: false, reason: 'vendored', detail: banner };
  }
  return { ok: true, ...decoded };
}
