// Records the last staged and history scan for the checklist (inside the git directory, never committed).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { recordsDir, writeRecord } from '../workspace/scanRecords';
import { runGit } from './exec';
import type { HistoryFinding, SecretFinding } from './types';

async function gitDirOf(root: string): Promise<string> {
  return (await runGit(['rev-parse', '--absolute-git-dir'], { cwd: root })).trim();
}

/** Best effort: a record that cannot be written never fails the scan itself. */
export async function recordStagedScan(root: string, findings: readonly SecretFinding[]): Promise<void> {
  try {
    const gitDir = await gitDirOf(root);
    const indexFile = process.env.GIT_INDEX_FILE ? resolve(root, process.env.GIT_INDEX_FILE) : resolve(gitDir, 'index');
    let indexMtimeMs = 0;
    try {
      indexMtimeMs = statSync(indexFile).mtimeMs;
    } catch {
      /* no index yet */
    }
    writeRecord(recordsDir(root, gitDir), 'staged', {
      at: new Date().toISOString(),
      findings: findings.length,
      indexMtimeMs,
    });
  } catch {
    /* ignore */
  }
}

export async function recordHistoryScan(
  root: string,
  commits: number,
  findings: readonly HistoryFinding[],
): Promise<void> {
  try {
    const gitDir = await gitDirOf(root);
    const head = (await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, okCodes: [1] })).trim();
    writeRecord(recordsDir(root, gitDir), 'history', {
      at: new Date().toISOString(),
      head,
      commits,
      findings: findings.map((f) => ({
        commit: f.commit,
        path: f.path,
        line: f.line,
        ruleId: f.ruleId,
        inHead: f.stillInHead,
      })),
    });
  } catch {
    /* ignore */
  }
}
