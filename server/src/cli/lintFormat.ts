// Text and JSON renderings of `preflight lint` results (SARIF lives in sarif.ts).
import type { Severity } from '../core/types';
import type { LintFinding } from './lintBatch';

export interface LintSummary {
  filesChecked: number;
  filesSkipped: number;
  /** Skips were already listed on stderr. */
  verbose?: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function countsLine(findings: readonly LintFinding[], summary: LintSummary): string {
  const files = new Set(findings.map((f) => f.path)).size;
  const by = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const skipped = summary.filesSkipped
    ? `; ${summary.filesSkipped} skipped${summary.verbose ? '' : ', --verbose lists them'}`
    : '';
  const checked = `${plural(summary.filesChecked, 'file')} checked${skipped}`;
  if (!findings.length) return `No problems found (${checked}).`;
  return (
    `${plural(findings.length, 'problem')} (${plural(by('error'), 'error')}, ` +
    `${plural(by('warning'), 'warning')}, ${by('info')} info) in ${plural(files, 'file')} (${checked}).`
  );
}

/**
 * `path:line:col  severity  rule-id  message`, one block per file (so terminals and editors can
 * jump to each location), columns aligned within a block, then a summary line.
 */
export function formatText(findings: readonly LintFinding[], summary: LintSummary): string {
  const blocks: string[] = [];
  let i = 0;
  while (i < findings.length) {
    let j = i;
    while (j < findings.length && findings[j].path === findings[i].path) j++;
    const group = findings.slice(i, j);
    const locations = group.map((f) => `${oneLine(f.path)}:${f.line}:${f.column}`);
    const locWidth = Math.max(...locations.map((l) => l.length));
    const sevWidth = Math.max(...group.map((f) => f.severity.length));
    const ruleWidth = Math.max(...group.map((f) => f.ruleId.length));
    blocks.push(
      group
        .map(
          (f, k) =>
            `${locations[k].padEnd(locWidth)}  ${f.severity.padEnd(sevWidth)}  ${f.ruleId.padEnd(ruleWidth)}  ` +
            `${oneLine(f.message)}`,
        )
        .join('\n'),
    );
    i = j;
  }
  return [...blocks, countsLine(findings, summary)].join('\n\n') + '\n';
}

/**
 * Messages stay on one line so each finding is one line of output, and control characters
 * (which a hostile file name or quoted identifier could carry) never reach the terminal.
 */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** A JSON array of findings: {path, line, column, endLine, endColumn, ruleId, severity, message}. */
export function formatJson(findings: readonly LintFinding[]): string {
  const plain = findings.map(({ path, line, column, endLine, endColumn, ruleId, severity, message }) => ({
    path,
    line,
    column,
    endLine,
    endColumn,
    ruleId,
    severity,
    message,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}
