// The contract between the VS Code client and the language server: settings shape and custom messages.
// Imported by both sides, so it must stay free of `vscode` imports (type-only core imports are fine).
import type { SeveritySetting } from './core/types';

/** The `preflight.*` settings, per resource (workspace folder or file). */
export interface PreflightSettings {
  /** Whether Preflight analyses files in this resource at all. */
  enable: boolean;
  /** Analyse while typing, or only when the file is saved. */
  run: 'onType' | 'onSave';
  /** Per-rule severity override, or 'off'. */
  rules: Record<string, SeveritySetting>;
  /** Globs (relative to the workspace folder) of files never analysed in the editor. */
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

// Custom requests and notifications: declare them here so the client and server share one name and
// one parameter type, e.g.
//   export const ChecklistRequest = new RequestType<ChecklistParams, ChecklistResult, void>('preflight/checklist');
// (import RequestType / NotificationType from 'vscode-languageserver-protocol'; both sides bundle it).

// --- Git secret scans (server/src/lsp/gitScan.ts; client/src/stagedScan.ts, hook.ts, historyScan.ts) ---
// Values never cross the wire: findings carry masked previews only; baseline/unstage requests name a place.
// Plain method names + a type map (not RequestType objects): vscode-languageserver bundles its own copy of
// the protocol package, so a RequestType built from the top-level copy does not type-check on the server.

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

/** Request name -> [params, result]. */
export interface GitRequests {
  'preflight/stagedScan': [GitFoldersParams, { repos: StagedScanRepo[] }];
  /** Reports $/progress on `workDoneToken`; cancellable. */
  'preflight/historyScan': [
    GitFoldersParams & { workDoneToken?: string | number },
    { repos: HistoryScanRepo[]; cancelled: boolean },
  ];
  'preflight/hook': [GitFoldersParams & { action: 'status' | 'install' | 'uninstall' }, { repos: HookStatusDto[] }];
  /** Unstages one path (`git reset HEAD --`, or `git rm --cached` before the first commit). */
  'preflight/unstage': [{ root: string; path: string }, { ok: boolean; message: string }];
  /** Adds the staged secrets of `path` (only the one on `line` when given) to the baseline; the server re-reads them. */
  'preflight/baselineAdd': [
    { root: string; path: string; line?: number; reason: string },
    { added: number; message: string },
  ];
}

// --- Checklist (server/src/lsp/checklist.ts; client/src/checklistView.ts) ---
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

export interface ChecklistRequests {
  /** Every folder's checklist (or one folder's, by URI). */
  'preflight/checklist': [{ folderUri?: string }, { folders: ChecklistFolderDto[] }];
  /** Tick, waive (reason required) or clear a decision; written to `.preflight/checklist.json`. */
  'preflight/checklistDecision': [
    { folderUri: string; id: string; action: 'tick' | 'waive' | 'untick'; reason?: string },
    { ok: boolean; message: string },
  ];
  /** Runs a Fix button; `trusted` is the client's workspace trust (the audit needs it). */
  'preflight/checklistFix': [
    { folderUri: string; fix: ChecklistFixId; trusted: boolean },
    { ok: boolean; message: string; changed: string[] },
  ];
}

/** Server -> client: a folder's checklist changed (the summary is enough for the status bar). */
export const CHECKLIST_CHANGED = 'preflight/checklistChanged';
export interface ChecklistChangedParams {
  folderUri: string;
  done: number;
  total: number;
  failed: number;
  busy: boolean;
}

/** Client → server notification: the user trusted the workspace (sent once; programs may run from then on). */
export const TRUST_GRANTED = 'preflight/workspaceTrusted';
