// Which files git tracks. An ignore rule never applies to a tracked file (git keeps committing its changes), so
// a `.env` committed before `.gitignore` listed it is still checked: the key is already in the repository.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { programRefusal } from './programs';

interface Listing {
  stamp: number;
  paths: Set<string>;
}

/** Per repository: the tracked paths and the index's modification time they were read at. */
const listings = new Map<string, Listing>();

/** The index file of a repository or a linked worktree (`.git` is then a file naming the git dir). */
function indexFile(gitRoot: string): string {
  const dotGit = join(gitRoot, '.git');
  try {
    if (statSync(dotGit).isFile()) {
      const dir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (dir) return join(isAbsolute(dir) ? dir : resolve(gitRoot, dir), 'index');
    }
  } catch {
    /* unreadable: the plain layout below */
  }
  return join(dotGit, 'index');
}

function stampOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1; // no index yet: nothing is tracked
  }
}

/**
 * `git ls-files` of the repository, re-read when the index changes. No fsmonitor: a repository's config could name a
 * program.
 */
function listing(gitRoot: string): Set<string> {
  const stamp = stampOf(indexFile(gitRoot));
  const known = listings.get(gitRoot);
  if (known && known.stamp === stamp) return known.paths;
  const paths = new Set<string>();
  // Restricted Mode: no git, so only the ignore files decide (not cached: trust may come later).
  if (programRefusal() !== undefined) return paths;
  if (stamp >= 0) {
    const r = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off', 'ls-files', '-z'], {
      cwd: gitRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 10_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    if (r.status === 0) for (const p of r.stdout.split('\0')) if (p) paths.add(p);
  }
  listings.set(gitRoot, { stamp, paths });
  return paths;
}

/** Whether git tracks the file at `absPath` in the repository at `gitRoot`. */
export function isTracked(gitRoot: string, absPath: string): boolean {
  const rel = relative(gitRoot, absPath);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return false;
  return listing(gitRoot).has(sep === '/' ? rel : rel.split(sep).join('/'));
}
