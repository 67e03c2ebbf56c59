// What every LSP feature module receives: the connection and the shared document/settings/analysis services.
import type { ClientCapabilities, Connection, FileEvent, ServerCapabilities } from 'vscode-languageserver/node';
import type { Analyzer } from './analysis';
import type { Documents } from './documents';
import type { Logger } from './log';
import type { Scheduler } from './scheduler';
import type { WorkspacePaths } from './paths';
import type { Settings } from './settings';
import type { Trust } from './trust';
import type { WorkspaceWorker } from './workspaceWorker';

export interface Services {
  readonly connection: Connection;
  readonly documents: Documents;
  readonly settings: Settings;
  readonly paths: WorkspacePaths;
  readonly analyzer: Analyzer;
  readonly log: Logger;
  /** Foreground first: its clock is shared with the workspace worker, which pauses while the user types. */
  readonly scheduler: Scheduler;
  /** Workspace trust from the client: nothing is executed while untrusted. */
  readonly trust: Trust;
  /**
   * The workspace worker: the thread holding every folder's project model and checklist (the one model the
   * editor's findings, the endpoints view and the checklist all read), so workspace work never blocks typing.
   */
  readonly worker: WorkspaceWorker;
  /** Re-checks every open document (call after `analyzer.invalidate()` when workspace facts change). */
  refreshDiagnostics: () => void;
  /** Files created, changed or deleted on disk (the connection takes one handler; features share it here). */
  onWatchedFiles(listener: (changes: readonly FileEvent[]) => void): void;
  /** Filled in by `initialize` before any request or notification handler runs. */
  client: ClientCapabilities;
}

/**
 * One feature of the server (diagnostics, code actions, checklist, git, ...). `register` installs
 * handlers (called once, before `initialize`); `capabilities` adds to the initialize result.
 */
export interface Feature {
  readonly name: string;
  register(services: Services): void;
  capabilities?(client: ClientCapabilities): Partial<ServerCapabilities>;
  /** Runs after the client sent `initialized` (dynamic registrations, first workspace scans). */
  initialized?(services: Services): void | Promise<void>;
}
