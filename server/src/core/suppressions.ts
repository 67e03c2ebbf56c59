// Inline allow-listing: `preflight-ignore[: rule, …] [-- reason]` on the line or the line above,
// and `preflight-ignore-file[: rule, …]` anywhere in the file, in any comment syntax.
import type { Finding } from './types';

// Comment openers: # // /* <!-- -- ; and reStructuredText's `..`; the `{/* */}` JSX form is covered by /*.
const DIRECTIVE =
  /(?:#|\/\/|\/\*|<!--|--|;|^\s*\.\.)\s*preflight-ignore(-file)?(?:\s*:\s*([\w\-, ]+?))?\s*(?:--\s*(.*?))?\s*(?:\*\/|-->|\}|$)/;

export interface Suppression {
  /** Zero-based line the comment is on. */
  line: number;
  /** Last zero-based line it covers (the statement, tag or `return (` + element below it). */
  through: number;
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
    result.push({
      line,
      through: coveredThrough(lines, line),
      wholeFile: m[1] === '-file',
      rules,
      reason: m[3]?.trim() || undefined,
    });
  });
  return result;
}

/** A line that opens something continued on the next line: `return (`, `=> (`, `cond &&`, `a ?`. */
const OPENS = /(\(|=>|&&|\|\||\?|:)\s*$/;

/** Whether a start tag (`<name ...`) opened on this line is still open at its end (quotes respected). */
function tagOpenAtEnd(lineText: string, wasOpen: boolean): boolean {
  let open = wasOpen;
  let quote = '';
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i];
    if (open) {
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') open = false;
    } else if (c === '<' && /[A-Za-z]/.test(lineText[i + 1] ?? '')) open = true;
  }
  return open;
}

/**
 * The last line a directive on `line` covers: the next code line (blank lines and other directives
 * between are skipped), continued while it opens something (`return (`) or a start tag spanning lines
 * (an element with one attribute per line). Comments placed above an element or a `return` rely on this.
 */
function coveredThrough(lines: readonly string[], line: number): number {
  let i = line + 1;
  while (i < lines.length && (!lines[i].trim() || lines[i].includes('preflight-ignore'))) i++;
  if (i >= lines.length) return line + 1;
  for (let hops = 0; hops < 3 && i + 1 < lines.length && OPENS.test(lines[i]); hops++) i++;
  let open = tagOpenAtEnd(lines[i], false);
  for (let n = 0; open && n < 50 && i + 1 < lines.length; n++) open = tagOpenAtEnd(lines[++i], true);
  return i;
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

/** Whether a directive's position covers a zero-based line (file-wide, its own line, the code below it). */
export function coversLine(s: Suppression, line: number): boolean {
  return s.wholeFile || (line >= s.line && line <= Math.max(s.through, s.line + 1));
}

function covers(s: Suppression, ruleId: string): boolean {
  return s.rules.length === 0 || s.rules.includes(ruleId);
}

/** Drops findings silenced by a directive on their first line, the line above, or file-wide. */
export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings; // nothing to suppress: the comments need not be read
  const suppressions = parseSuppressions(text);
  if (suppressions.length === 0) return findings;
  const starts = lineStarts(text);
  // Indexed by the lines each directive covers (a few lines each), so the cost is per finding, not
  // findings x directives: a generated file with thousands of both stays linear.
  const fileWide = suppressions.filter((s) => s.wholeFile);
  const byLine = new Map<number, Suppression[]>();
  for (const s of suppressions) {
    if (s.wholeFile) continue;
    for (let line = s.line; line <= Math.max(s.through, s.line + 1); line++) {
      const list = byLine.get(line);
      if (list) list.push(s);
      else byLine.set(line, [s]);
    }
  }
  return findings.filter((f) => {
    const line = lineOf(starts, f.start);
    return ![...fileWide, ...(byLine.get(line) ?? [])].some((s) => covers(s, f.ruleId) && coversLine(s, line));
  });
}
