// Runs the secret detector over one run of added lines and maps each hit to its new-file line/column.
import { mask } from '../core/masking';
import { coversLine, lineOf, lineStarts, parseSuppressions, type Suppression } from '../core/suppressions';
import { detectSecrets } from '../secrets/detect';
import type { AddedBlock } from './diff';
import { SECRET_RULE_ID, type SecretFinding } from './types';

/** Whether a directive silences a secret finding on 0-based `line`. */
export function isSuppressed(suppressions: readonly Suppression[], line: number, kind: string): boolean {
  return suppressions.some(
    (s) => (s.rules.length === 0 || s.rules.includes(SECRET_RULE_ID) || s.rules.includes(kind)) && coversLine(s, line),
  );
}

export interface BlockHit extends SecretFinding {
  /** Silenced by a directive found inside the block itself. */
  suppressedInBlock: boolean;
}

export function scanBlock(path: string, block: AddedBlock): BlockHit[] {
  const text = block.lines.join('\n');
  const hits = detectSecrets(text, { path });
  if (!hits.length) return [];
  const starts = lineStarts(text);
  const suppressions = parseSuppressions(text).filter((s) => !s.wholeFile);
  return hits.map((h) => {
    const idx = lineOf(starts, h.start);
    return {
      ruleId: SECRET_RULE_ID,
      kind: h.kind,
      title: h.title,
      severity: h.severity,
      path,
      line: block.firstLine + idx,
      column: h.start - starts[idx] + 1,
      masked: mask(h.value),
      value: h.value,
      envName: h.envName,
      suppressedInBlock: isSuppressed(suppressions, idx, h.kind),
    };
  });
}

/** Drops the internal fields before a finding leaves the scan. */
export function toFinding(hit: BlockHit): SecretFinding {
  const { suppressedInBlock: _s, ...finding } = hit;
  return finding;
}
