// The messages between the language server's thread and its workspace worker (lsp/background/worker.ts).
// The server's thread owns the connection and the open documents; the worker owns the project model and the
// checklist of every folder and asks the server's thread for settings. Plain data only (structured clone).
import type { HandlerHints } from '../../model/hints';
import type { ChecklistFixId, PreflightSettings } from '../../protocol';

/** A file the editor reports: saved (the model only), or changed on disk (the model and the checklist). */
export interface FileChange {
  fsPath: string;
  deleted: boolean;
  /** The editor's text when the file is open there (it wins over the disk). */
  text?: string;
}

/** Requests the server's thread makes of the worker (answered with `result`). */
export interface WorkerCalls {
  endpoints: { folderUri?: string };
  checklist: { folderUri?: string };
  decision: { folderUri: string; id: string; action: 'tick' | 'waive' | 'untick'; reason?: string };
  fix: { folderUri: string; fix: ChecklistFixId; trusted: boolean };
  stats: Record<string, never>;
}

export type ToWorker =
  | { kind: 'folders'; roots: string[] }
  | { kind: 'saved'; changes: FileChange[] }
  | { kind: 'watched'; changes: FileChange[] }
  | { kind: 'settingsChanged' }
  | { kind: 'trust'; trusted: boolean }
  | { kind: 'settings'; id: number; settings: PreflightSettings }
  | { kind: 'call'; id: number; method: keyof WorkerCalls; params: WorkerCalls[keyof WorkerCalls] }
  /** The client cancelled a request or a progress the worker runs. */
  | { kind: 'cancel'; id: number };

export type FromWorker =
  | { kind: 'hints'; root: string; hints: HandlerHints | undefined }
  | { kind: 'notify'; method: string; params: unknown }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | {
      kind: 'progress';
      id: number;
      phase: 'begin' | 'report' | 'done';
      title?: string;
      message?: string;
      percentage?: number;
    }
  | { kind: 'getSettings'; id: number; uri: string }
  | { kind: 'result'; id: number; ok: boolean; value?: unknown; message?: string };

/** What the worker is started with. */
export interface WorkerInput {
  kind: 'preflight-workspace-worker';
  /** The foreground clock (lsp/scheduler.ts), shared with the server's thread. */
  clock: SharedArrayBuffer;
  trusted: boolean;
  /** Whether the client shows work-done progress (the first checklist run reports it). */
  progress: boolean;
}

export const WORKER_KIND = 'preflight-workspace-worker';
