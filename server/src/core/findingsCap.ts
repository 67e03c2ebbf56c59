// A cap on findings per file. A generated or hostile file can hold tens of thousands of hits; every
// adapter (editor, CLI, SARIF, agents) would then carry and render them all. The first findings in file
// order are kept, and one summary finding at the first dropped one says how many more there are, per rule,
// with the highest severity among them (so `--fail-on` and the Problems panel still see the worst).
import type { Finding, Severity } from './types';

export const MAX_FINDINGS_PER_FILE = 1000;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `findings` sorted by position; returns them unchanged when within the cap. */
export function capFindings(findings: Finding[], max = MAX_FINDINGS_PER_FILE): Finding[] {
  if (findings.length <= max) return findings;
  const kept = findings.slice(0, max);
  const dropped = findings.slice(max);
  const perRule = new Map<string, number>();
  let worst: Severity = 'info';
  for (const f of dropped) {
    perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  }
  const rules = [...perRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const first = dropped[0];
  kept.push({
    ruleId: rules[0][0],
    severity: worst,
    start: first.start,
    end: first.start,
    // Not one of the rule's own messages: the engine's summary of what the cap left out.
    messageId: 'findings-cap',
    message:
      `${dropped.length.toLocaleString('en-US')} more findings in this file are not listed (at most ` +
      `${max.toLocaleString('en-US')} per file): ` +
      `${rules.map(([id, n]) => `${id} ${n.toLocaleString('en-US')}`).join(', ')}. Fix the ones above, or exclude ` +
      `the file if it is generated.`,
  });
  return kept;
}
