// The files an edit touched since the last commit: changed in the index or the work tree against HEAD, plus
// new files git does not ignore. `preflight lint --changed` checks only these (an agent's post-edit hook).
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_TREE, gitBytes, hasHead, repoRoot } from './exec';

function nulList(bytes: Buffer): string[] {
  return bytes.toString('utf8').split('\0').filter(Boolean);
}

function realPaths(root: string, rels: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const rel of rels) {
    try {
      paths.add(realpathSync(join(root, rel)));
    } catch {
      // deleted in the work tree: nothing left to check
    }
  }
  return paths;
}

export interface ChangedFiles {
  root: string;
  /** Real absolute paths of files changed against HEAD (index or work tree) that still exist. */
  changed: Set<string>;
  /** Real absolute paths of every file in the index. */
  tracked: Set<string>;
}

/**
 * What changed since HEAD, and what git tracks. New files are the caller's walk (which honours ignore files)
 * minus `tracked`: `git ls-files --others --exclude-standard` would read every .gitignore itself, and git waits
 * forever on one that is a FIFO, while the walk checks a file's kind before it reads it.
 */
export async function changedFiles(cwd: string): Promise<ChangedFiles> {
  const root = realpathSync(await repoRoot(cwd));
  const base = (await hasHead(root)) ? 'HEAD' : EMPTY_TREE;
  // --no-ext-diff/--no-textconv: no configured program runs; names only, so content is never read here.
  const [changed, tracked] = await Promise.all([
    gitBytes(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--no-renames', base, '--'], {
      cwd: root,
    }),
    gitBytes(['ls-files', '-z', '--cached'], { cwd: root }),
  ]);
  return { root, changed: realPaths(root, nulList(changed)), tracked: realPaths(root, nulList(tracked)) };
}

/** Whether a walked (so not ignored) file is one `--changed` checks: changed since HEAD, or new to git. */
export function isChangedOrNew(files: ChangedFiles, absPath: string): boolean {
  return files.changed.has(absPath) || !files.tracked.has(absPath);
}
