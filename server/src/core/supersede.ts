// One problem, one finding: a specific rule (weak-signing-key) and a general one (hardcoded-secret) can both
// see the same literal. Where a rule's finding overlaps a finding of a rule it `supersedes`, the general finding
// goes; its fixes stay available as alternatives on the kept finding, which records that it stands for both
// (the checklist counts it for each rule's item). Runs before suppressions, so ignoring the kept finding
// dismisses the problem instead of bringing it back under the general rule's name.
import type { Finding, Fix, Rule } from './types';

const overlaps = (a: Finding, b: Finding) => a.start < b.end && b.start < a.end;

/** Index of the first finding in `sorted` (by start) whose start is at least `offset`. */
function firstFrom(sorted: readonly Finding[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `findings` without those another rule's overlapping finding supersedes; linear-logarithmic in the findings. */
export function supersede(findings: Finding[], rules: readonly Rule[]): Finding[] {
  const pairs = rules.flatMap((r) => (r.meta.supersedes ?? []).map((general) => [r.meta.id, general] as const));
  if (!pairs.length) return findings;
  const dropped = new Set<Finding>();
  const replaced = new Map<Finding, Finding>();
  for (const [specific, general] of pairs) {
    const keep = findings.filter((f) => f.ruleId === specific).sort((a, b) => a.start - b.start);
    if (!keep.length) continue;
    // For the kept findings that start before a point: the one reaching furthest (prefix maximum of `end`).
    const furthest: Finding[] = [];
    for (const [i, f] of keep.entries()) furthest.push(i && furthest[i - 1].end >= f.end ? furthest[i - 1] : f);
    for (const g of findings) {
      if (g.ruleId !== general || dropped.has(g)) continue;
      const i = firstFrom(keep, g.start);
      const before = i > 0 ? furthest[i - 1] : undefined;
      const match = before && overlaps(before, g) ? before : keep[i] && overlaps(keep[i], g) ? keep[i] : undefined;
      if (!match) continue;
      dropped.add(g);
      const base = replaced.get(match) ?? match;
      replaced.set(match, merge(base, g));
    }
  }
  if (!dropped.size) return findings;
  return findings.filter((f) => !dropped.has(f)).map((f) => replaced.get(f) ?? f);
}

function merge(kept: Finding, general: Finding): Finding {
  const titles = new Set((kept.fixes ?? []).map((f) => f.title));
  const extra: Fix[] = (general.fixes ?? [])
    .filter((f) => !titles.has(f.title))
    .map((f) => ({ ...f, preferred: false }));
  const fixes = [...(kept.fixes ?? []), ...extra];
  return {
    ...kept,
    ...(fixes.length ? { fixes } : {}),
    alsoFor: [...new Set([...(kept.alsoFor ?? []), general.ruleId])],
  };
}
