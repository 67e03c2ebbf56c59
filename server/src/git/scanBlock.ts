// Runs the secret detector over one run of added lines and maps each hit to its new-file line/column.
import { mask } from '../core/masking';
import { coversLine, lineOf, lineStarts, parseSuppressions, type Suppression } from '../core/suppressions';
import { detectSecrets } from '../secrets/detect';
import type { SecretHit } from '../secrets/types';
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

/** Texts longer than this are scanned in overlapping windows: no window is huge and nothing is dropped. */
const WINDOW_CHARS = 256 * 1024;
/** Overlap of consecutive windows: longer than any token and than a PEM key's header and body start. */
const WINDOW_OVERLAP = 16 * 1024;

/** The detector over text of any length (a minified bundle or a 5 MB single line included). */
function detectInWindows(text: string, path: string): SecretHit[] {
  if (text.length <= WINDOW_CHARS) return detectSecrets(text, { path });
  // Keyed by start and kind; a later window sees a token cut by the previous window's end whole.
  const byStart = new Map<string, SecretHit>();
  for (let from = 0; from < text.length; from += WINDOW_CHARS) {
    const sliceStart = Math.max(0, from - WINDOW_OVERLAP);
    for (const h of detectSecrets(text.slice(sliceStart, from + WINDOW_CHARS), { path })) {
      const hit = { ...h, start: h.start + sliceStart, end: h.end + sliceStart };
      const key = `${hit.start}\0${hit.kind}`;
      const seen = byStart.get(key);
      if (!seen || seen.value.length < hit.value.length) byStart.set(key, hit);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Secrets in `text` whose first line is new-file line `firstLine`. Hits lying wholly in the first
 * `contextChars` characters (context already scanned elsewhere) are dropped.
 */
export function scanText(path: string, text: string, firstLine: number, contextChars = 0): BlockHit[] {
  const hits = detectInWindows(text, path).filter((h) => h.start + h.value.length > contextChars);
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
      line: firstLine + idx,
      column: h.start - starts[idx] + 1,
      masked: mask(h.value),
      value: h.value,
      envName: h.envName,
      suppressedInBlock: isSuppressed(suppressions, idx, h.kind),
    };
  });
}

/** One run of added lines, with the context lines the diff parser carried over from the previous piece. */
export function scanBlock(path: string, block: AddedBlock): BlockHit[] {
  const before = block.before ?? [];
  const context = before.length ? before.join('\n') + '\n' : '';
  return scanText(path, context + block.lines.join('\n'), block.firstLine - before.length, context.length);
}

/** Drops the internal fields before a finding leaves the scan. */
export function toFinding(hit: BlockHit): SecretFinding {
  const { suppressedInBlock: _s, ...finding } = hit;
  return finding;
}
