// Workspace facts outside the code: git state (tracked files, hook, index), ignore rules, lockfiles, CI files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RestrictedError, runGit } from '../git/exec';
import { hookStatus, type HookStatus } from '../git/hook';
import { readGuardedText, specialFileAmong } from '../workspace/guardedRead';
import { decide, findGitRoot, IgnoreRuleCache } from '../workspace/ignoreRules';
import { readRecords, recordsDir, type ScanRecords } from '../workspace/scanRecords';

export interface GitFacts {
  /** Top of the work tree. */
  top: string;
  gitDir: string;
  /** Tracked paths relative to the workspace root (only those inside it). */
  tracked: string[];
  indexMtimeMs: number;
  head?: string;
  hook?: HookStatus;
  hookError?: string;
}

export interface RepoFacts {
  root: string;
  git?: GitFacts;
  /** Why git facts are missing (not a repository, git not installed...). */
  gitProblem?: string;
  /** An ignore file that is a FIFO or device: git was not asked (it would block); the built-in matcher answered. */
  ignoreFileProblem?: string;
  records: ScanRecords;
  /** Gitignore verdict for a workspace-relative path (a trailing `/` means a folder). */
  isIgnored(rel: string): boolean;
  /**
   * Asks git itself (`git check-ignore --no-index`) about these paths, so later `isIgnored` calls follow
   * every git rule: nested .gitignore files, .git/info/exclude and core.excludesFile. Without git, the
   * built-in matcher answers.
   */
  preloadIgnored(rels: readonly string[]): Promise<void>;
  /** Reads a small text file relative to the root; undefined when missing or unreadable. */
  read: (rel: string) => string | undefined;
  exists: (rel: string) => boolean;
  /** Names in a folder relative to the root ([] when missing). */
  list(rel: string): string[];
  mtimeMs(rel: string): number | undefined;
}

const MAX_READ = 2 * 1024 * 1024;

async function gitFacts(root: string): Promise<GitFacts> {
  const out = await runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-path', 'index'], {
    cwd: root,
  });
  const [top, gitDir, indexRel] = out.split('\n');
  const tracked = (await runGit(['ls-files', '--cached', '--full-name', '-z', '--', '.'], { cwd: root }))
    .split('\0')
    .filter(Boolean);
  // --full-name paths are relative to the top; keep the ones inside the workspace root, relative to it.
  const prefix =
    resolve(root) === resolve(top)
      ? ''
      : `${resolve(root)
          .slice(resolve(top).length + 1)
          .split('\\')
          .join('/')}/`;
  const inside = tracked.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  let indexMtimeMs = 0;
  try {
    indexMtimeMs = statSync(resolve(root, indexRel)).mtimeMs;
  } catch {
    /* no index yet: nothing staged */
  }
  let head: string | undefined;
  try {
    head = (await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root })).trim() || undefined;
  } catch {
    /* no commits */
  }
  const facts: GitFacts = { top, gitDir, tracked: inside, indexMtimeMs, head };
  try {
    facts.hook = await hookStatus(root);
  } catch (error) {
    facts.hookError = error instanceof Error ? error.message : String(error);
  }
  return facts;
}

/** Collects the facts once per evaluation; cheap (a few git calls, a handful of small files). */
export async function collectRepoFacts(root: string): Promise<RepoFacts> {
  let git: GitFacts | undefined;
  let gitProblem: string | undefined;
  if (!findGitRoot(root)) gitProblem = 'not a git repository';
  else {
    try {
      git = await gitFacts(root);
    } catch (error) {
      gitProblem =
        error instanceof RestrictedError
          ? error.message
          : `git failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const cache = new IgnoreRuleCache();
  // Ignore rules from the project root (or the git root above it) down to the probe's folder.
  const base = git?.top ?? findGitRoot(root) ?? root;
  const ignoredAbs = (abs: string, isDir: boolean): boolean => {
    const parent = dirname(abs);
    if (parent.length > base.length && parent.startsWith(base) && ignoredAbs(parent, true)) return true;
    return decide(cache.chain(base, parent), abs, isDir, 'git').ignored;
  };
  const abs = (rel: string): string => join(root, ...rel.split('/').filter(Boolean));
  const asked = new Map<string, boolean>();
  const facts: RepoFacts = {
    root,
    git,
    gitProblem,
    records: readRecords(recordsDir(root, git?.gitDir)),
    isIgnored: (rel) => asked.get(rel) ?? ignoredAbs(abs(rel), rel.endsWith('/')),
    preloadIgnored: async (rels) => {
      const fresh = [...new Set(rels)].filter((r) => r && !asked.has(r) && !/[\0\n]/.test(r));
      if (!git || !fresh.length) return;
      const blocker = specialFileAmong(ignoreFilesFor(git, root, fresh));
      if (blocker) {
        facts.ignoreFileProblem =
          `${blocker.startsWith(root) ? blocker.slice(root.length + 1) : blocker}: git ` +
          `cannot read it (git was not asked; it would wait on it)`;
        return;
      }
      try {
        const out = await runGit(['check-ignore', '--no-index', '--stdin', '-z'], {
          cwd: root,
          input: fresh.join('\0') + '\0',
          okCodes: [1],
          timeoutMs: 10_000,
        });
        const ignored = new Set(out.split('\0').filter(Boolean));
        for (const r of fresh) asked.set(r, ignored.has(r));
      } catch {
        // git refused (odd repository state): the built-in matcher answers instead
      }
    },
    read: (rel) => {
      const r = readGuardedText(abs(rel), { maxBytes: MAX_READ, within: root });
      return r.ok ? r.text : undefined;
    },
    exists: (rel) => existsSync(abs(rel)),
    list: (rel) => {
      try {
        return readdirSync(abs(rel));
      } catch {
        return [];
      }
    },
    mtimeMs: (rel) => {
      try {
        return statSync(abs(rel)).mtimeMs;
      } catch {
        return undefined;
      }
    },
  };
  return facts;
}

/**
 * The ignore files git reads to answer check-ignore for these paths: .git/info/exclude and each folder's .gitignore.
 */
function ignoreFilesFor(git: GitFacts, root: string, rels: readonly string[]): string[] {
  const top = resolve(git.top);
  const dirs = new Set<string>();
  for (const rel of rels) {
    for (let dir = dirname(resolve(root, rel)); dir.startsWith(top) && !dirs.has(dir); dir = dirname(dir)) {
      dirs.add(dir);
      if (dir === top) break;
    }
  }
  return [join(git.gitDir, 'info', 'exclude'), ...[...dirs].map((d) => join(d, '.gitignore'))];
}
