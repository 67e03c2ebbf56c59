// Result shapes of a checklist evaluation: shared by the LSP (sent to the sidebar), the CLI and tests.
import type { StackReport } from '../model/stacks';
import type { Endpoint } from '../workspace/endpointTypes';
import type { ItemSeverity, Phase, EvidenceKind } from './items';
import type { Decision } from './state';

/**
 * What the evidence says. `manual` = no automatic evidence exists for this item; `not-applicable` = the
 * item does not concern the stacks this workspace uses (the summary says why).
 */
export type ItemState = 'pass' | 'fail' | 'unknown' | 'manual' | 'not-applicable';

export interface EvidenceEntry {
  message: string;
  /** Workspace-relative path (forward slashes) to open. */
  path?: string;
  /** 1-based line. */
  line?: number;
  /** `problem` entries explain a failure; `info` entries are context (what was found). */
  level?: 'problem' | 'info';
}

/** One-click remedies the adapters know how to run. */
export type FixId = 'env-example-add' | 'gitignore-add' | 'hook-install' | 'staged-scan' | 'history-scan' | 'run-audit';

export interface FixAction {
  id: FixId;
  title: string;
}

export interface Verdict {
  state: ItemState;
  /** One line for the collapsed row. */
  summary: string;
  evidence: EvidenceEntry[];
  fixes?: FixAction[];
}

export interface ItemResult extends Verdict {
  id: string;
  phase: Phase;
  title: string;
  severity: ItemSeverity;
  kind: EvidenceKind;
  /** The markdown body, for the sidebar's expanded view. */
  body: string;
  decision?: Decision;
  /** The state after ticks and waivers: what the sidebar shows and the exit code uses. */
  status: ItemState | 'ticked' | 'waived';
  fixes: FixAction[];
}

export interface ChecklistSummary {
  total: number;
  /** Passed, ticked or waived. */
  done: number;
  failed: number;
  unknown: number;
  manual: number;
  notApplicable: number;
}

export interface ChecklistReport {
  root: string;
  generatedAt: string;
  items: ItemResult[];
  endpoints: Endpoint[];
  /** The apps found in the workspace and their stacks. */
  stacks: StackReport;
  summary: ChecklistSummary;
  /** Broken item files, a corrupt state file, scan problems: shown, never fatal. */
  problems: string[];
}
