// Inline allow-listing: `preflight-ignore[: rule, …] [-- reason]` on the line or the line above,
// and `preflight-ignore-file[: rule, …]` anywhere in the file, in any comment syntax.
import type { Finding } from './types';

// Comment openers: # // /* <!-- -- ; and the `{/* */}` JSX form is covered by /*.
const DIRECTIVE =
  /(?:#|\/\/|\/\*|<!--|--|;)\s*preflight-ignore(-file)?(?:\s*:\s*([\w\-, ]+?))?\s*(?:--\s*(.*?))?\s*(?:\*\/|-->|\}|$)/;

export interface Suppression {
  /** Zero-based line the comment is on. */
  line: number;
  wholeFile: boolean;
  /** Empty means every rule. */
  rules: string[];
  reason?: string;
}

export function parseSuppressions(text: string): Suppression[] {
  if (!text.includes('preflight-ignore')) return [];
  const result: Suppression[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, line) => {
    if (!lineText.includes('preflight-ignore')) return;
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const rules = (m[2] ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    result.push({ line, wholeFile: m[1] === '-file', rules, reason: m[3]?.trim() || undefined });
  });
  return result;
}

/** Zero-based line number of each offset, by binary search over line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function covers(s: Suppression, ruleId: string): boolean {
  return s.rules.length === 0 || s.rules.includes(ruleId);
}

/** Drops findings silenced by a directive on their first line, the line above, or file-wide. */
export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  const suppressions = parseSuppressions(text);
  if (suppressions.length === 0) return findings;
  const starts = lineStarts(text);
  return findings.filter((f) => {
    const line = lineOf(starts, f.start);
    return !suppressions.some((s) => covers(s, f.ruleId) && (s.wholeFile || s.line === line || s.line === line - 1));
  });
}
