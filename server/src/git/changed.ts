// The files an edit touched since the last commit: changed in the index or the work tree against HEAD, plus
// new files git does not ignore. `preflight lint --changed` checks only these (an agent's post-edit hook).
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_TREE, gitBytes, hasHead, repoRoot } from './exec';

function nulList(bytes: Buffer): string[] {
  return bytes.toString('utf8').split('\0').filter(Boolean);
}

/** Real absolute paths of changed files that still exist (deleted files have nothing to check). */
export async function changedFiles(cwd: string): Promise<{ root: string; files: Set<string> }> {
  const root = realpathSync(await repoRoot(cwd));
  const base = (await hasHead(root)) ? 'HEAD' : EMPTY_TREE;
  // --no-ext-diff/--no-textconv: no configured program runs; names only, so content is never read here.
  const [tracked, untracked] = await Promise.all([
    gitBytes(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--no-renames', base, '--'], {
      cwd: root,
    }),
    // Reads ignore files: bounded, since git waits forever on a FIFO named .gitignore.
    gitBytes(['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, timeoutMs: 30_000 }),
  ]);
  const files = new Set<string>();
  for (const rel of [...nulList(tracked), ...nulList(untracked)]) {
    try {
      files.add(realpathSync(join(root, rel)));
    } catch {
      // deleted in the work tree: nothing left to check
    }
  }
  return { root, files };
}
