// Git-style ignore decisions over nested .gitignore and .preflightignore files (matching by `ignore`).
import ignore, { type Ignore, type TestResult } from 'ignore';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { MAX_IGNORE_FILE_BYTES, readGuardedText } from './guardedRead';
import { isTracked } from './tracked';

export type IgnoreSource = '.gitignore' | '.preflightignore';

/** The rules that live in one directory: its .gitignore (+ .git/info/exclude at a git root) and .preflightignore. */
export interface IgnoreLevel {
  dir: string;
  /** .gitignore rules only (what git itself ignores). */
  git?: Ignore;
  /** .gitignore then .preflightignore rules: a .preflightignore line wins over .gitignore in its folder. */
  all?: Ignore;
}

export interface IgnoreDecision {
  ignored: boolean;
  source?: IgnoreSource;
}

const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** A rule set with a path's parent folders re-included, by rule set and parent (built on demand). */
const withParentsKept = new WeakMap<Ignore, Map<string, Ignore>>();

/**
 * The verdict of one rule set on exactly this path, not inherited from its parent folders. Git decides
 * folder by folder as it walks, and every caller has settled the parent already (the walk prunes ignored
 * folders, the checker asks for the parent first): when the parent is not ignored overall although this
 * level's rules ignore it (a deeper ignore file re-included it, or it is a root named by the caller), the
 * inheritance of `Ignore.test()` would be wrong. Then the path is tested again with its parent folders
 * re-included (`!/a/`, `!/a/b/` appended, only rare levels pay that).
 */
function ownMatch(ig: Ignore, path: string): TestResult {
  const result = ig.test(path);
  const cut = path.replace(/\/$/, '').lastIndexOf('/');
  if (!result.ignored || cut < 0) return result;
  const parent = path.slice(0, cut);
  if (!ig.test(`${parent}/`).ignored) return result;
  let byParent = withParentsKept.get(ig);
  if (!byParent) withParentsKept.set(ig, (byParent = new Map<string, Ignore>()));
  let kept = byParent.get(parent);
  if (!kept) {
    const parts = parent.split('/').map((name) => name.replace(/[\\*?[\]]|\s$/g, '\\$&'));
    const parents = parts.map((_, i) => `!/${parts.slice(0, i + 1).join('/')}/`);
    kept = ignore({ ignorecase: IGNORE_CASE }).add(ig).add(parents);
    byParent.set(parent, kept);
  }
  return kept.test(path);
}

/**
 * An ignore file's lines. A symlinked, special, huge or unreadable one counts as empty (git itself
 * refuses a symlinked .gitignore inside the work tree), so it can neither hang nor stop a scan.
 */
function readIgnoreFile(path: string): string[] {
  const read = readGuardedText(path, { maxBytes: MAX_IGNORE_FILE_BYTES, within: dirname(path) });
  return read.ok ? read.text.split(/\r?\n/) : [];
}

function build(lines: readonly string[], mark: IgnoreSource, base?: Ignore): Ignore {
  const ig = ignore({ ignorecase: IGNORE_CASE });
  if (base) ig.add(base);
  return ig.add(lines.map((pattern) => ({ pattern, mark })));
}

/** Loads (and caches) the ignore rules of directories. */
export class IgnoreRuleCache {
  private readonly levels = new Map<string, IgnoreLevel>();

  /** `names`: the folder's entries when the caller has just listed it, so absent ignore files cost no lookup. */
  level(dir: string, names?: ReadonlySet<string>): IgnoreLevel {
    let level = this.levels.get(dir);
    if (!level) {
      // (Where names match case-insensitively, `.GITIGNORE` is read as git would: always look.)
      const has = (name: string) => !names || IGNORE_CASE || names.has(name);
      const gitLines = has('.gitignore') ? readIgnoreFile(join(dir, '.gitignore')) : [];
      const gitDir = join(dir, '.git');
      // .git/info/exclude has the lowest precedence in the repository's root folder.
      const excludeLines = has('.git') && existsSync(gitDir) ? readIgnoreFile(join(gitDir, 'info', 'exclude')) : [];
      const preflightLines = has('.preflightignore') ? readIgnoreFile(join(dir, '.preflightignore')) : [];
      const gitRules = [...excludeLines, ...gitLines];
      const git = gitRules.some((l) => l.trim() && !l.startsWith('#')) ? build(gitRules, '.gitignore') : undefined;
      const hasPreflight = preflightLines.some((l) => l.trim() && !l.startsWith('#'));
      const all = hasPreflight ? build(preflightLines, '.preflightignore', git) : git;
      level = { dir, git, all };
      this.levels.set(dir, level);
    }
    return level;
  }

  /** Levels from `top` down to `dir` inclusive (both absolute; `dir` inside `top`). */
  chain(top: string, dir: string): IgnoreLevel[] {
    const dirs: string[] = [];
    for (let d = dir; ; d = dirname(d)) {
      dirs.push(d);
      if (d === top || dirname(d) === d) break;
    }
    return dirs.reverse().map((d) => this.level(d));
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Decides one path with the levels that apply to it (outermost first). As in git, the deepest
 * ignore file with a matching line wins, and within a file the last matching line wins.
 */
export function decide(
  levels: readonly IgnoreLevel[],
  absPath: string,
  isDir: boolean,
  which: 'all' | 'git',
): IgnoreDecision {
  for (let i = levels.length - 1; i >= 0; i--) {
    const ig = levels[i][which];
    if (!ig) continue;
    const rel = toPosix(relative(levels[i].dir, absPath));
    if (!rel || rel.startsWith('..')) continue;
    const result = ownMatch(ig, isDir ? `${rel}/` : rel);
    if (result.ignored)
      return { ignored: true, source: (result.rule?.mark as IgnoreSource | undefined) ?? '.gitignore' };
    if (result.unignored) return { ignored: false };
  }
  return { ignored: false };
}

/** The folder holding `.git` at or above `start`, if any. */
export function findGitRoot(start: string): string | undefined {
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * `findGitRoot` remembered per folder, for one run over many files (the CLI's walk and batches): each
 * folder is asked once instead of every file asking every folder above it. A repository created during
 * the run is not seen, so long-lived callers (the language server) use `findGitRoot`.
 */
export function createGitRootFinder(): (start: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  const find = (dir: string): string | undefined => {
    if (known.has(dir)) return known.get(dir);
    const parent = dirname(dir);
    const root = existsSync(join(dir, '.git')) ? dir : parent === dir ? undefined : find(parent);
    known.set(dir, root);
    return root;
  };
  return find;
}

/**
 * A checker answering "does git ignore this file?" for absolute paths, with full git semantics
 * (a file inside an ignored folder is ignored; a tracked file is not ignored). Used for `AnalyzeOptions.isGitIgnored`
 * and evidence.
 */
export function createGitIgnoreChecker(cache = new IgnoreRuleCache()): (absPath: string) => boolean {
  const memo = new Map<string, boolean>();
  const check = (absPath: string, isDir: boolean, gitRoot: string): boolean => {
    const key = `${absPath}\0${isDir}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const parent = dirname(absPath);
    const ignored =
      (parent !== gitRoot && parent.startsWith(gitRoot) && check(parent, true, gitRoot)) ||
      decide(cache.chain(gitRoot, parent), absPath, isDir, 'git').ignored;
    memo.set(key, ignored);
    return ignored;
  };
  return (absPath) => {
    const gitRoot = findGitRoot(dirname(absPath));
    if (!gitRoot) return false;
    let isDir = false;
    try {
      isDir = statSync(absPath).isDirectory();
    } catch {
      /* a missing file is tested as a file */
    }
    // As in git, an ignore rule does not apply to a tracked file.
    return check(absPath, isDir, gitRoot) && (isDir || !isTracked(gitRoot, absPath));
  };
}
