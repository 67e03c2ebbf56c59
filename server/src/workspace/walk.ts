// Lists the files a scan should read under given roots, honouring .gitignore/.preflightignore like git.
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isExcluded } from './analysisOptions';
import { decide, findGitRoot, IgnoreRuleCache, type IgnoreLevel } from './ignoreRules';
import { fileKind } from './guardedRead';
import { isTracked } from './tracked';
import { DEFAULT_MAX_FILE_SIZE_KB } from './readText';
import { skipDirReason, skipFileNameReason, type SkipReason } from './skips';

export interface WalkedFile {
  /** Absolute, symlink-free path. */
  absPath: string;
  /** Path below the root it was found under, with forward slashes (the file name for a file root). */
  relPath: string;
  /** The absolute root (a folder or a file named by the caller) this file came from. */
  root: string;
  size: number;
  /** Named directly by the caller: scanned even if an ignore file or a default skip would drop it. */
  explicit: boolean;
}

export interface SkippedPath {
  absPath: string;
  isDir: boolean;
  reason: SkipReason;
  detail?: string;
}

export interface WalkOptions {
  /** Base for relative roots (default: process.cwd()). */
  cwd?: string;
  /** Files above this size are skipped (default 1024 KB). */
  maxFileSizeKb?: number;
  /** Extra gitignore-syntax patterns, relative to each root (`preflight.exclude`, `--exclude`; see `isExcluded`). */
  exclude?: readonly string[];
  /** Called for every path left out, with the reason (dropped folders are reported once, not per file). */
  onSkip?: (skip: SkippedPath) => void;
  /** Shared rule cache, when the caller walks several times. */
  ignoreCache?: IgnoreRuleCache;
  /** Also walk vendored third-party code and build output (skipped by default). */
  includeVendored?: boolean;
}

/** Skips the user can take back with `includeVendored` (`--include-vendored`, `preflight.includeVendored`). */
const OPT_IN_SKIPS: ReadonlySet<SkipReason> = new Set<SkipReason>(['vendored', 'build-output']);

/** A root that does not exist or cannot be read: the caller reports it (the CLI exits 2). */
export class WalkError extends Error {}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** `join(dir, name)` for a normalised absolute folder, without join's normalising pass (once per file walked). */
function childOf(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** `relative(root, abs)` with forward slashes, for a path the walk reached below `root`. */
function pathBelow(root: string, abs: string): string {
  return toPosix(abs.slice(root.endsWith(sep) ? root.length : root.length + 1));
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** Where ignore files start to apply for a root: its git repository, else the cwd when the root is inside it. */
function projectBase(absRoot: string, cwd: string): string {
  return findGitRoot(absRoot) ?? (isInside(absRoot, cwd) ? cwd : absRoot);
}

interface RootContext {
  root: string;
  realRoot: string;
  maxBytes: number;
  exclude: readonly string[];
  cache: IgnoreRuleCache;
  seen: Set<string>;
  skip: (skip: SkippedPath) => void;
  includeVendored: boolean;
  /** The git repository the root is in: its tracked files are walked even when a .gitignore lists them. */
  gitRoot?: string;
}

function defaultSkip(reason: SkipReason | undefined, ctx: RootContext): SkipReason | undefined {
  return reason && ctx.includeVendored && OPT_IN_SKIPS.has(reason) ? undefined : reason;
}

function readDir(dir: string, ctx: RootContext): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    ctx.skip({ absPath: dir, isDir: true, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code });
    return undefined;
  }
}

function ignoredReason(
  levels: readonly IgnoreLevel[],
  abs: string,
  isDir: boolean,
  ctx: RootContext,
): SkipReason | undefined {
  const verdict = decide(levels, abs, isDir, 'all');
  if (verdict.ignored && verdict.source === '.preflightignore') return 'preflightignored';
  // As in git, .gitignore does not apply to a tracked file (a committed `.env` listed too late).
  if (verdict.ignored && (isDir || !ctx.gitRoot || !isTracked(ctx.gitRoot, abs))) return 'gitignored';
  return ctx.exclude.length && isExcluded(ctx.exclude, toPosix(relative(ctx.realRoot, abs)), isDir)
    ? 'excluded'
    : undefined;
}

function symlinkReason(abs: string, ctx: RootContext): SkipReason {
  try {
    // Targets inside the root are reached at their real path; following links would scan them twice.
    return isInside(realpathSync(abs), ctx.realRoot) ? 'symlink-inside-root' : 'symlink-outside-root';
  } catch {
    return 'broken-symlink';
  }
}

function* walkDir(
  dir: string,
  parentLevels: readonly IgnoreLevel[],
  ctx: RootContext,
  isRoot: boolean,
): Generator<WalkedFile> {
  const entries = readDir(dir, ctx);
  if (!entries) return;
  if (!isRoot) {
    const reason = defaultSkip(
      skipDirReason(
        basename(dir),
        entries.map((e) => e.name),
        basename(dirname(dir)),
      ),
      ctx,
    );
    if (reason) {
      ctx.skip({ absPath: dir, isDir: true, reason });
      return;
    }
  }
  const levels = [...parentLevels, ctx.cache.level(dir, new Set(entries.map((e) => e.name)))];
  for (const entry of entries) {
    const abs = childOf(dir, entry.name);
    if (entry.isSymbolicLink()) {
      ctx.skip({ absPath: abs, isDir: false, reason: symlinkReason(abs, ctx) });
    } else if (entry.isDirectory()) {
      // Names are checked first (cheap and the clearer reason), then ignore files.
      if (entry.name === '.git') continue; // the repository itself: never content, not worth a skip line
      const byName = defaultSkip(skipDirReason(entry.name, undefined, basename(dir)), ctx);
      const reason = byName ?? ignoredReason(levels, abs, true, ctx);
      if (reason) ctx.skip({ absPath: abs, isDir: true, reason });
      else yield* walkDir(abs, levels, ctx, false);
    } else if (entry.isFile()) {
      const reason = defaultSkip(skipFileNameReason(entry.name, false), ctx) ?? ignoredReason(levels, abs, false, ctx);
      if (reason) {
        ctx.skip({ absPath: abs, isDir: false, reason });
        continue;
      }
      const file = fileAt(abs, pathBelow(ctx.realRoot, abs), ctx, false);
      if (file) yield file;
    } else {
      ctx.skip({ absPath: abs, isDir: false, reason: 'special-file' });
    }
  }
}

function fileAt(abs: string, relPath: string, ctx: RootContext, explicit: boolean): WalkedFile | undefined {
  if (ctx.seen.has(abs)) return undefined; // overlapping roots (`lint . src`) scan a file once
  let size: number;
  try {
    size = statSync(abs).size;
  } catch (error) {
    ctx.skip({ absPath: abs, isDir: false, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code });
    return undefined;
  }
  if (size > ctx.maxBytes) {
    ctx.skip({ absPath: abs, isDir: false, reason: 'too-large', detail: `${Math.ceil(size / 1024)} KB` });
    return undefined;
  }
  ctx.seen.add(abs);
  return { absPath: abs, relPath, root: ctx.root, size, explicit };
}

/**
 * Walks files and folders in a stable (sorted) order. A root named here is always scanned, even
 * when an ignore file above it excludes it (like `git add -f`); ignore files (those above the root
 * too) still prune what the walk finds below it. Symbolic links are never followed.
 * Throws WalkError for a root that does not exist.
 */
export function* walkFiles(roots: readonly string[], options: WalkOptions = {}): Generator<WalkedFile> {
  const cwd = options.cwd ?? process.cwd();
  const cache = options.ignoreCache ?? new IgnoreRuleCache();
  const seen = new Set<string>();
  const maxBytes = (options.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB) * 1024;
  const exclude = options.exclude ?? [];
  const skip = options.onSkip ?? (() => undefined);
  for (const given of roots) {
    const abs = resolve(cwd, given);
    let realRoot: string;
    let isDir: boolean;
    try {
      realRoot = realpathSync(abs);
      const stats = statSync(realRoot);
      isDir = stats.isDirectory();
      // A FIFO or device named on the command line would block or never end: refuse it up front.
      if (!isDir && !stats.isFile()) throw new WalkError(`not a regular file: ${given} (it is ${fileKind(stats)})`);
    } catch (error) {
      if (error instanceof WalkError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new WalkError(
        code === 'ENOENT' ? `no such file or directory: ${given}` : `cannot read ${given} (${code ?? 'error'})`,
      );
    }
    const includeVendored = options.includeVendored === true;
    const ctx: RootContext = { root: realRoot, realRoot, maxBytes, exclude, cache, seen, skip, includeVendored };
    if (!isDir) {
      const reason = skipFileNameReason(basename(realRoot), true);
      if (reason) {
        skip({ absPath: realRoot, isDir: false, reason });
        continue;
      }
      const file = fileAt(realRoot, basename(realRoot), ctx, true);
      if (file) yield file;
      continue;
    }
    const base = projectBase(realRoot, cwd);
    ctx.gitRoot = findGitRoot(realRoot);
    const above = realRoot === base ? [] : cache.chain(base, dirname(realRoot));
    yield* walkDir(realRoot, above, ctx, true);
  }
}

/**
 * Why a walk of `root` would leave out the path at `absPath` (a file or folder below it, which may no longer
 * exist), or undefined when the walk reads it: the same default skips, ignore files and exclude patterns as
 * `walkFiles`, checked from the root down. For file-watcher events: a change the walk would not read (in
 * node_modules, a virtual environment, build output, vendored or ignored code) needs no work at all.
 */
export function walkSkipReason(
  root: string,
  absPath: string,
  options: Pick<WalkOptions, 'exclude' | 'includeVendored' | 'ignoreCache'> = {},
): SkipReason | undefined {
  const rel = relative(root, absPath);
  if (!rel || rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  const ctx: RootContext = {
    root,
    realRoot: root,
    maxBytes: Infinity,
    exclude: options.exclude ?? [],
    cache: options.ignoreCache ?? new IgnoreRuleCache(),
    seen: new Set(),
    skip: () => undefined,
    includeVendored: options.includeVendored === true,
    gitRoot: findGitRoot(root),
  };
  // Names first (no file system access): most events under node_modules end here.
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] === '.git') return 'tool-dir';
    const byName = defaultSkip(skipDirReason(parts[i], undefined, i ? parts[i - 1] : basename(root)), ctx);
    if (byName) return byName;
  }
  const fileReason = defaultSkip(skipFileNameReason(parts[parts.length - 1], false), ctx);
  if (fileReason) return fileReason;
  const base = projectBase(root, root);
  let levels: readonly IgnoreLevel[] = root === base ? [] : ctx.cache.chain(base, dirname(root));
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const entries = readDir(dir, ctx)?.map((e) => e.name) ?? [];
    // A folder of copied third-party code is recognised by what it holds (checked as the walk does).
    if (i > 0) {
      const byContent = defaultSkip(skipDirReason(basename(dir), entries, basename(dirname(dir))), ctx);
      if (byContent) return byContent;
    }
    levels = [...levels, ctx.cache.level(dir, new Set(entries))];
    const next = join(dir, parts[i]);
    const isDir = i < parts.length - 1;
    const reason = ignoredReason(levels, next, isDir, ctx);
    if (reason) return reason;
    dir = next;
  }
  return undefined;
}
