// Provisional diagnostics while typing in a big file: when the keystroke's re-parse does not fit a short
// budget (tree-sitter's error recovery on a broken intermediate state, an unclosed `(` or a half-typed `def`,
// can take 50-110 ms on 5,000 lines), the pull is answered at once with the last complete analysis's findings
// carried over the edits since: findings before an edit keep their offsets, findings after it move by its
// length, findings on any edited line are left out (the new text of those lines is not analysed yet). The full
// analysis of the same version follows right after and the client is asked to pull again (diagnostics
// refresh), so the last diagnostics of every version are always those of a full analysis of its text.
import type { Finding } from '../core/types';

/** One change of the document: `[start, end)` of the text before it was replaced by `length` characters. */
export interface Edit {
  version: number;
  start: number;
  end: number;
  length: number;
}

/** Edits beyond this many since the last analysis are not kept (the next pull analyses in full). */
const MAX_EDITS = 200;

/** The document's edits since its last complete analysis, in order. */
export class EditLog {
  private edits: Edit[] = [];
  /** Every edit of a version above this one is in `edits`. */
  private completeAfter: number;

  constructor(version: number) {
    this.completeAfter = version;
  }

  add(edit: Edit): void {
    this.edits.push(edit);
    if (this.edits.length > MAX_EDITS) this.reset(edit.version);
  }

  /** A change without a range (the whole text replaced): nothing carries over it. */
  reset(version: number): void {
    this.edits = [];
    this.completeAfter = version;
  }

  /** Forgets the edits up to `version` (analysed in full). */
  analysed(version: number): void {
    this.edits = this.edits.filter((e) => e.version > version);
    this.completeAfter = Math.max(this.completeAfter, version);
  }

  /** The edits made after `version`, or undefined when they are not all known. */
  since(version: number): Edit[] | undefined {
    return version >= this.completeAfter ? this.edits.filter((e) => e.version > version) : undefined;
  }
}

/** `pos` of the text before `e` in the text after it; a position inside the replaced span goes to `inside`. */
function moved(pos: number, e: Edit, inside: number): number {
  if (pos <= e.start) return pos;
  if (pos >= e.end) return pos + e.length - (e.end - e.start);
  return inside;
}

/**
 * `findings` of an older text carried over `edits` to `text` (the text after them): moved with the edits,
 * without every finding that overlaps an edited span or shares a line with one.
 */
export function carryOver(findings: readonly Finding[], edits: readonly Edit[], text: string): Finding[] {
  let kept = findings.map((f) => ({ ...f, fixes: undefined }));
  let edited: { start: number; end: number }[] = [];
  for (const e of edits) {
    kept = kept
      .filter((f) => f.end < e.start || f.start > e.end)
      .map((f) => (f.start > e.end ? { ...f, start: moved(f.start, e, 0), end: moved(f.end, e, 0) } : f));
    edited = edited.map((r) => ({ start: moved(r.start, e, e.start), end: moved(r.end, e, e.start + e.length) }));
    edited.push({ start: e.start, end: e.start + e.length });
  }
  const lines = edited.map((r) => {
    const end = text.indexOf('\n', r.end);
    return { start: text.lastIndexOf('\n', r.start - 1) + 1, end: end === -1 ? text.length : end };
  });
  return kept.filter((f) => !lines.some((l) => f.start <= l.end && f.end >= l.start));
}
