// What the checklist webview receives and sends: its own data types, so the browser page never imports server
// code. The client checks (`satisfies` in client/src/checklistView.ts) that the server's reports fit these shapes.

type ViewItemState = 'pass' | 'fail' | 'unknown' | 'manual' | 'not-applicable';
export type ViewItemStatus = ViewItemState | 'ticked' | 'waived';

export interface ViewEvidence {
  message: string;
  /** Workspace-relative path (forward slashes) to open. */
  path?: string;
  /** 1-based line. */
  line?: number;
  level?: 'problem' | 'info';
}

export interface ViewItem {
  id: string;
  phase: string;
  title: string;
  state: ViewItemState;
  status: ViewItemStatus;
  summary: string;
  /** Markdown, rendered with raw HTML disabled. */
  body: string;
  evidence: readonly ViewEvidence[];
  fixes: ReadonlyArray<{ id: string; title: string }>;
  decision?: { status: 'ticked' | 'waived'; by: string; at: string; reason?: string };
}

export interface ViewEndpoint {
  method: string;
  path: string;
  file: string;
  line: number;
  auth: 'yes' | 'public' | 'no' | 'unknown';
  authBy?: string;
  rateLimited: boolean;
  rateLimitBy?: string;
  errors: 'handled' | 'global' | 'framework' | 'none';
  errorsBy?: string;
}

/** The detected apps of a folder (server/src/model/stacks.ts). */
export interface ViewStacks {
  apps: ReadonlyArray<{
    dir: string;
    kind: string;
    description: string;
    languages: readonly string[];
    packageManagers: readonly string[];
    lockfiles: readonly string[];
    deploy: readonly string[];
  }>;
  /** Deploy files outside every app folder. */
  deploy: readonly string[];
  /** One line: "FastAPI backend in backend/, React front end in frontend/". */
  summary: string;
}

export interface ViewReport {
  items: readonly ViewItem[];
  stacks: ViewStacks;
  endpoints: readonly ViewEndpoint[];
  summary: { total: number; done: number; failed: number; notApplicable: number };
  problems: readonly string[];
}

export interface ViewFolder {
  folderUri: string;
  name: string;
  report?: ViewReport;
  busy: boolean;
  error?: string;
}

/** Extension -> webview. */
export type ToView =
  | { type: 'state'; folders: readonly ViewFolder[]; trusted: boolean }
  | { type: 'error'; message: string }
  | { type: 'busy'; folderUri: string };

/** Webview -> extension (the extension validates each message: the webview is a less trusted context). */
export type FromView =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'open'; folderUri: string; path: string; line?: number }
  | { type: 'link'; href: string }
  | { type: 'fix'; folderUri: string; fix: string }
  | { type: 'decide'; folderUri: string; id: string; action: 'tick' | 'untick' }
  | { type: 'waive'; folderUri: string; id: string };
