// What the git scans (staged and history) report: one secret at one place, with its raw value kept
// only in memory for the baseline and HEAD checks. Output code prints `masked`, never `value`.
import type { Severity } from '../core/types';

/** Every secret finding is reported under the typing rule's id, so one baseline entry covers all places. */
export const SECRET_RULE_ID = 'hardcoded-secret';

export interface SecretFinding {
  ruleId: typeof SECRET_RULE_ID;
  /** Detector id, e.g. `github-token`. */
  kind: string;
  title: string;
  severity: Severity;
  /** Repository-relative path with forward slashes. */
  path: string;
  /** 1-based line in the new file (staged: the index version; history: the commit's version). */
  line: number;
  /** 1-based UTF-16 column. */
  column: number;
  masked: string;
  /** The raw value. Never print it. */
  value: string;
  envName?: string;
}

export interface CommitInfo {
  commit: string;
  /** ISO 8601 author date. */
  date: string;
  author: string;
}

export interface HistoryFinding extends SecretFinding, CommitInfo {
  /** True when the value is still somewhere in HEAD's tree. */
  stillInHead: boolean;
  /** Paths in HEAD that still hold the value (repository-relative). */
  headPaths: string[];
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
