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
}

export const SETTINGS_SECTION = 'preflight';

export const DEFAULT_SETTINGS: Readonly<PreflightSettings> = Object.freeze({
  enable: true,
  run: 'onType',
  rules: {},
  exclude: [],
  maxFileSizeKb: 1024,
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
