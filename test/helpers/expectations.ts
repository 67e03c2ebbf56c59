// What a rule's fixtures pin, written as text a reviewer can read: `expected.tsv` (every finding's line, column,
// message id and severity) and `fixes.txt` (the exact text every fix alternative produces, as line hunks).
// `npm run regenerate` regenerates both; the diff is then read like code.
import type { Finding, Fix } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/syntax/fixes';

/** 1-based line and UTF-16 column of an offset, as editors and the CLI show them. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

export const TSV_HEADER = 'file\tline\tcolumn\tmessageId\tseverity';

/** One row per finding, in document order: `file line column messageId severity`. */
export function findingRows(file: string, text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => {
    const { line, column } = position(text, f.start);
    return [file, line, column, f.messageId, f.severity].join('\t');
  });
}

/** Line hunks turning `before` into `after`: `@@ line N` then `-old` / `+new` lines (common lines omitted). */
function lineHunks(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence of lines; fixture files are small, so the quadratic table is fine.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let open = false;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      open = false;
      continue;
    }
    if (!open) out.push(`@@ line ${i + 1}`);
    open = true;
    // Removed lines first, then added ones, as a reader expects a replacement to look.
    if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}

/** The exact result of one fix: hunks in the file, then each other file it creates or edits. */
function describeFix(text: string, fix: Fix): string[] {
  const out = lineHunks(text, applyEdits(text, fix.edits));
  for (const other of fix.otherFiles ?? []) {
    out.push(`>>> ${other.path}`);
    if (other.createWith !== undefined) out.push(`  when missing, create ${JSON.stringify(other.createWith)}`);
    for (const e of other.edits) out.push(`  else replace ${e.start}-${e.end} with ${JSON.stringify(e.newText)}`);
  }
  return out;
}

/** Every fix alternative of every finding in one file, each with its exact effect. */
export function fixBlocks(file: string, text: string, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const { line, column } = position(text, f.start);
    for (const fix of f.fixes ?? []) {
      out.push(`=== ${file}:${line}:${column} ${f.messageId}${fix.preferred ? ' [preferred]' : ''} ${fix.title}`);
      out.push(...describeFix(text, fix));
    }
  }
  return out;
}
