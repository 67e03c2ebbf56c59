// Whether this thread is the language server's workspace worker (cli.ts asks before running a command).
// Kept apart from worker.ts so the check loads nothing else.
import { isMainThread, workerData } from 'node:worker_threads';
import { WORKER_KIND } from './messages';

export function isWorkspaceWorker(): boolean {
  return !isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND;
}
