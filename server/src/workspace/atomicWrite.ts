// Writing a workspace file all at once: a temp file beside it, then a rename, so a crash never leaves half a
// file; the temp file is removed whatever happens, and an existing file keeps its mode.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined; // a new file gets the default mode
  }
  const tmp = `${path}.preflight-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
