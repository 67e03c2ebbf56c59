// The contract between the VS Code client and the language server: settings shape and custom messages.
// Imported by both sides (and the tests), so it must stay free of `vscode` and `vscode-languageserver` imports;
// type-only core imports are fine. The webview has its own data types (media/src/types.ts).
import { NotificationType, NotificationType0, RequestType, type ProgressToken } from 'vscode-languageserver-protocol';
import type { SeveritySetting } from './core/types';

/** The `preflight.*` settings, per resource (workspace folder or file). */
export interface PreflightSettings {
  /** Whether Preflight analyses files in this resource at all. */
  enable: boolean;
  /** Analyse while typing, or only when the file is saved. */
  run: 'onType' | 'onSave';
  /** Per-rule severity override, or 'off'. */
  rules: Record<string, SeveritySetting>;
  /** Gitignore-style patterns (relative to the workspace folder) of files never analysed (editor and checklist). */
  exclude: string[];
  /** Files larger than this are not analysed (one info line in the output instead). */
  maxFileSizeKb: number;
  /** Endpoints exempt from the checklist's authentication requirement: `"GET /health"`, `"/auth/**"`. */
  publicEndpoints: string[];
  /** Also check vendored libraries, bundles and build output (skipped by default). */
  includeVendored: boolean;
}

export const SETTINGS_SECTION = 'preflight';

export const DEFAULT_SETTINGS: Readonly<PreflightSettings> = Object.freeze({
  enable: true,
  run: 'onType',
  rules: {},
  exclude: [],
  maxFileSizeKb: 1024,
  publicEndpoints: [],
  includeVendored: false,
});

/**
 * Every key under `preflight.` that the code reads. The consistency test compares this list with
 * package.json `contributes.configuration` in both directions; add a key here when you add a setting.
 */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as ReadonlyArray<keyof PreflightSettings>;

/** Code action kind of "fix all Preflight problems" (also usable in `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.preflight';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'preflight';

// Custom requests and notifications, declared once as typed message objects: the server registers
// `connection.onRequest(StagedScanRequest, handler)`, the client and tests call
// `client.sendRequest(StagedScanRequest, params)`; the method name and both types come from here. Client and
// server use the same `vscode-languageserver-protocol` (one copy in node_modules), so one object serves both.

// --- Git secret scans (server/src/lsp/gitScan.ts; client/src/stagedScan.ts, hook.ts, historyScan.ts) ---
// Values never cross the wire: findings carry masked previews only; baseline/unstage requests name a place.

export interface GitScanFinding {
  /** Absolute repository root (git top level). */
  root: string;
  /** Repository-relative path, forward slashes. */
  path: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** UTF-16 length of the value on its line (for the diagnostic range; the mask shows it too). */
  length: number;
  kind: string;
  title: string;
  severity: 'error' | 'warning' | 'info';
  masked: string;
  envName?: string;
}

export interface GitFoldersParams {
  /** Workspace folder URIs to scan; each is mapped to its repository (duplicates merged). */
  folderUris: string[];
}

export interface StagedScanRepo {
  root: string;
  findings: GitScanFinding[];
  filesScanned: number;
  error?: string;
}
export interface HistoryFindingDto extends GitScanFinding {
  commit: string;
  date: string;
  author: string;
  stillInHead: boolean;
  headPaths: string[];
}
export interface HistoryScanRepo {
  root: string;
  findings: HistoryFindingDto[];
  commitsScanned: number;
  remediation: string;
  error?: string;
}
export interface HookStatusDto {
  root: string;
  installed: boolean;
  mode: string;
  hookFile: string;
  chained: boolean;
  stale: boolean;
  message: string;
  error?: string;
}

/** What a request that changes something answers: whether it worked, and a line for the user. */
export interface Outcome {
  ok: boolean;
  message: string;
}

export const StagedScanRequest = new RequestType<GitFoldersParams, { repos: StagedScanRepo[] }, void>(
  'preflight/stagedScan',
);

/** Reports $/progress on `workDoneToken`; cancellable. */
export const HistoryScanRequest = new RequestType<
  GitFoldersParams & { workDoneToken?: ProgressToken },
  { repos: HistoryScanRepo[]; cancelled: boolean },
  void
>('preflight/historyScan');

export const HookRequest = new RequestType<
  GitFoldersParams & { action: 'status' | 'install' | 'uninstall' },
  { repos: HookStatusDto[] },
  void
>('preflight/hook');

/** Unstages one path (`git reset HEAD --`, or `git rm --cached` before the first commit). */
export const UnstageRequest = new RequestType<{ root: string; path: string }, Outcome, void>('preflight/unstage');

/** Adds the staged secrets of `path` (only the one on `line` when given) to the baseline; the server re-reads them. */
export const BaselineAddRequest = new RequestType<
  { root: string; path: string; line?: number; reason: string },
  { added: number; message: string },
  void
>('preflight/baselineAdd');

// --- Checklist (server/src/lsp/background/checklists.ts via lsp/checklist.ts; client/src/checklistView.ts) ---
// Reports are evaluated per workspace folder; the sidebar asks for all of them and is told when they change.

export type ChecklistReportDto = import('./checklist/types').ChecklistReport;
export type ChecklistFixId = import('./checklist/types').FixId;

export interface ChecklistFolderDto {
  folderUri: string;
  name: string;
  /** Undefined until the first evaluation of the folder finished. */
  report?: ChecklistReportDto;
  /** True while the folder is being (re-)evaluated. */
  busy: boolean;
  /** Why the folder could not be evaluated at all. */
  error?: string;
}

/** Every folder's checklist (or one folder's, by URI). */
export const ChecklistRequest = new RequestType<{ folderUri?: string }, { folders: ChecklistFolderDto[] }, void>(
  'preflight/checklist',
);

/** Tick, waive (reason required) or clear a decision; written to `.preflight/checklist.json`. */
export const ChecklistDecisionRequest = new RequestType<
  { folderUri: string; id: string; action: 'tick' | 'waive' | 'untick'; reason?: string },
  Outcome,
  void
>('preflight/checklistDecision');

/** Runs a Fix button; `trusted` is the client's workspace trust (the audit needs it). */
export const ChecklistFixRequest = new RequestType<
  { folderUri: string; fix: ChecklistFixId; trusted: boolean },
  Outcome & { changed: string[] },
  void
>('preflight/checklistFix');

export interface ChecklistChangedParams {
  folderUri: string;
  done: number;
  total: number;
  failed: number;
  busy: boolean;
}

/** Server -> client: a folder's checklist changed (the summary is enough for the status bar). */
export const ChecklistChangedNotification = new NotificationType<ChecklistChangedParams>('preflight/checklistChanged');

// --- Endpoint inventory (server/src/lsp/background/models.ts via lsp/projectModel.ts; client/src/endpointsView.ts) ---
// The project model's endpoints per workspace folder, as `preflight endpoints` lists them.

export interface EndpointDto {
  framework: string;
  kind: 'http' | 'bot';
  method: string;
  /** Full path (router prefixes and mounts applied) or bot command. */
  path: string;
  /** The handler's file as a URI, its workspace-relative path and 1-based line. */
  uri: string;
  file: string;
  line: number;
  auth: 'yes' | 'public' | 'no' | 'unknown';
  authBy?: string;
  rateLimited: boolean;
  rateLimitBy?: string;
  /**
   * The paid AI call it can reach, as a chain of calls (`ask → ChatGPT.send (bot/ai.py) → chat.completions.create`).
   */
  ai?: string;
  /** Why the full path or the auth is not known (dynamic prefix, missing module). */
  unknown?: string;
}

export interface EndpointsFolderDto {
  folderUri: string;
  name: string;
  endpoints: EndpointDto[];
  /** Why the folder's model could not be built. */
  error?: string;
}

/** Every folder's endpoints (or one folder's, by URI); waits for the first background build. */
export const EndpointsRequest = new RequestType<{ folderUri?: string }, { folders: EndpointsFolderDto[] }, void>(
  'preflight/endpoints',
);

/** Server -> client: a folder's endpoints may have changed (a file was saved, created or deleted). */
export const EndpointsChangedNotification = new NotificationType<{ folderUri: string }>('preflight/endpointsChanged');

// --- Workspace trust (server/src/lsp/trust.ts; client/src/extension.ts) ---

/** Client -> server: the user trusted the workspace (sent once; programs may run from then on). */
export const WorkspaceTrustedNotification = new NotificationType0('preflight/workspaceTrusted');

// --- Background work (server/src/lsp/workspaceWorker.ts; npm run bench typing) ---

/** How much background workspace work blocked each thread of the server, for benchmarks and diagnosis. */
export interface BackgroundStatsDto {
  /** The longest time the server's own thread (the one answering the editor) spent on one background message. */
  serverThreadLongestMs: number;
  /** Background messages the server's thread handled. */
  serverThreadMessages: number;
  /** The workspace worker's longest event-loop block (its longest unit of work; it blocks no keystroke). */
  workerLongestMs?: number;
}

export const BackgroundStatsRequest = new RequestType<void, BackgroundStatsDto, void>('preflight/backgroundStats');
