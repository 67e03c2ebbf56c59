// Runs git safely: fixed argument arrays (no shell), stable output settings, line streaming, cancellation.
import { spawn } from 'node:child_process';
import { programRefusal } from '../workspace/programs';

/**
 * Options every git call gets: raw UTF-8 paths, no colours, fixed diff prefixes, and no fsmonitor (a
 * repository's config could name a program to run; the index diff never needs the work tree anyway).
 */
const BASE_ARGS = [
  '-c',
  'core.quotepath=off',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'color.ui=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'diff.relative=false',
];

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** A program was not started because the workspace is not trusted (the language server in Restricted Mode). */
export class RestrictedError extends GitError {
  constructor(program: string, reason: string) {
    super(`${program} was not run: ${reason}`, null, '');
  }
}

/** Throws a RestrictedError when programs are forbidden (workspace/programs.ts holds the policy). */
export function assertMayRun(program: string): void {
  const refusal = programRefusal();
  if (refusal !== undefined) throw new RestrictedError(program, refusal);
}

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Written to git's stdin (e.g. patterns for `git grep -f -`, so secrets never go on a command line). */
  input?: string | Buffer;
  /** Exit codes that are not errors (git grep exits 1 when nothing matched). */
  okCodes?: readonly number[];
  /**
   * Kill git after this long and fail with a GitError. For commands that read the work tree's ignore
   * files: git blocks forever on a FIFO named `.gitignore`, and the caller has a fallback.
   */
  timeoutMs?: number;
}

/** Kills the child after `ms` (when set); returns whether it fired and a function to cancel it. */
function deadline(child: { kill(): boolean }, ms: number | undefined): { fired: () => boolean; clear: () => void } {
  if (ms === undefined) return { fired: () => false, clear: () => undefined };
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    child.kill();
  }, ms);
  return { fired: () => fired, clear: () => clearTimeout(timer) };
}

/** Longest line kept whole; the rest of a longer line is dropped so memory stays bounded. */
const MAX_LINE_BYTES = 1 << 20;

function gitEnv(): NodeJS.ProcessEnv {
  // Keep GIT_INDEX_FILE & co: inside a pre-commit hook they point at the index being committed.
  return { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

/**
 * Spawns git and calls `onLine` for every stdout line (without the trailing "\n"; a "\r" is kept so
 * callers decide about CRLF). Lines are split on "\n" only, never on a lone "\r", so line numbers match git's.
 */
export function streamGit(
  args: readonly string[],
  options: GitOptions,
  onLine: (line: string, truncated: boolean) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    assertMayRun(`git ${args[0] ?? ''}`);
    const child = spawn('git', [...BASE_ARGS, ...args], {
      cwd: options.cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
      windowsHide: true,
    });
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let truncated = false;
    let stderr = '';
    let failed: Error | undefined;
    const deliver = (buf: Buffer): void => {
      if (failed) return;
      try {
        onLine(buf.toString('utf8'), truncated);
      } catch (err) {
        failed = err instanceof Error ? err : new Error(String(err));
        child.kill();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      let from = 0;
      for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, nl);
        // Once a line is cut, nothing more of it is kept: a later small piece must not be glued on.
        if (!truncated && pendingBytes + piece.length <= MAX_LINE_BYTES) pending.push(piece);
        else truncated = true;
        deliver(pending.length === 1 ? pending[0] : Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
        truncated = false;
        from = nl + 1;
      }
      const rest = chunk.subarray(from);
      if (rest.length) {
        if (!truncated && pendingBytes + rest.length <= MAX_LINE_BYTES) {
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        } else truncated = true;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) =>
      reject(err.name === 'AbortError' ? abortError() : new GitError(`cannot run git: ${err.message}`, null, '')),
    );
    const timer = deadline(child, options.timeoutMs);
    child.on('close', (code) => {
      timer.clear();
      if (options.signal?.aborted) return reject(abortError());
      if (timer.fired())
        return reject(new GitError(`git ${args[0]} took longer than ${options.timeoutMs} ms`, null, ''));
      if (pending.length) deliver(Buffer.concat(pending));
      if (failed) return reject(failed);
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) return resolve();
      const first = stderr.trim().split('\n')[0] || `git ${args[0]} exited with ${code}`;
      reject(new GitError(first.replace(/^(fatal|error): /, ''), code, stderr));
    });
    child.stdin.on('error', () => {
      /* git may exit before reading all input; its exit code tells */
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns its stdout as text. */
export async function runGit(args: readonly string[], options: GitOptions): Promise<string> {
  const lines: string[] = [];
  await streamGit(args, options, (line) => {
    lines.push(line);
  });
  return lines.join('\n');
}

/** Runs git and returns stdout as raw bytes (for blobs). */
export function gitBytes(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    assertMayRun(`git ${args[0] ?? ''}`);
    const child = spawn('git', [...BASE_ARGS, ...args], {
      cwd: options.cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: options.signal,
      windowsHide: true,
    });
    child.stdin.on('error', () => undefined); // git may exit before reading everything; its code tells
    child.stdin.end(options.input ?? '');
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString('utf8');
    });
    child.on('error', (err) =>
      reject(err.name === 'AbortError' ? abortError() : new GitError(`cannot run git: ${err.message}`, null, '')),
    );
    const timer = deadline(child, options.timeoutMs);
    child.on('close', (code) => {
      timer.clear();
      if (timer.fired()) reject(new GitError(`git ${args[0]} took longer than ${options.timeoutMs} ms`, null, ''));
      else if (code === 0) resolve(Buffer.concat(chunks));
      else
        reject(
          new GitError(
            (stderr.trim().split('\n')[0] || `git exited with ${code}`).replace(/^(fatal|error): /, ''),
            code,
            stderr,
          ),
        );
    });
  });
}

/**
 * Reads many objects with one `git cat-file --batch` (one process, not one per object). Returns each
 * spec's content, or undefined when git says it is missing; objects above `maxBytes` are left out too.
 */
export async function catFileBatch(
  specs: readonly string[],
  options: GitOptions & { maxBytes: number },
): Promise<Map<string, Buffer | undefined>> {
  const result = new Map<string, Buffer | undefined>();
  if (!specs.length) return result;
  // Specs go one per line on stdin; a name with a newline cannot be asked this way (git would split it).
  const asked = specs.filter((s) => !s.includes('\n'));
  const out = await gitBytes(['cat-file', '--batch'], { ...options, input: asked.map((s) => `${s}\n`).join('') });
  let at = 0;
  for (const spec of asked) {
    const nl = out.indexOf(10, at);
    if (nl === -1) break;
    const header = out.subarray(at, nl).toString('utf8');
    const m = /^[0-9a-f]+ \S+ (\d+)$/.exec(header);
    if (!m) {
      result.set(spec, undefined); // "<spec> missing" or "ambiguous"
      at = nl + 1;
      continue;
    }
    const size = Number(m[1]);
    result.set(spec, size <= options.maxBytes ? out.subarray(nl + 1, nl + 1 + size) : undefined);
    at = nl + 1 + size + 1;
  }
  return result;
}

function abortError(): Error {
  const err = new Error('cancelled');
  err.name = 'AbortError';
  return err;
}

/** The top-level folder of the work tree containing `cwd`; throws a GitError when not in a repository. */
export async function repoRoot(cwd: string): Promise<string> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], { cwd })).trim();
  } catch (err) {
    if (err instanceof GitError && err.exitCode !== null)
      throw new GitError(`not a git repository: ${cwd}`, err.exitCode, err.stderr);
    throw err;
  }
}

/** True when HEAD points at a commit (false in a repository with no commits yet). */
export async function hasHead(root: string): Promise<boolean> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root });
    return true;
  } catch {
    return false;
  }
}

/** The tree git compares against when there is no commit yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
