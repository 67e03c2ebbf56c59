// Output of the git secret scans (staged, history) as text, JSON or SARIF 2.1.0. Only masked values
// ever reach these formats: the builders copy named fields and never the raw `value`.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Log } from 'sarif';
import type { HistoryFinding, SecretFinding } from '../git/types';
import type { LintFinding } from './lintBatch';
import { oneLine } from './lintFormat';
import { buildSarif } from './sarif';
import { hardcodedSecret } from '../rules/hardcoded-secret';

/** The fields of a finding that may be printed. */
export function publicFinding(f: SecretFinding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    kind: f.kind,
    title: f.title,
    severity: f.severity,
    path: f.path,
    line: f.line,
    column: f.column,
    masked: f.masked,
    envName: f.envName,
  };
}

export function publicHistoryFinding(f: HistoryFinding): Record<string, unknown> {
  return {
    ...publicFinding(f),
    commit: f.commit,
    date: f.date,
    author: f.author,
    stillInHead: f.stillInHead,
    headPaths: f.headPaths,
  };
}

/**
 * SARIF through the lint command's writer (same driver, rule descriptors and docs links). The fingerprint
 * is built from masked data only, so it cannot leak the value.
 */
export function secretsSarif(root: string, findings: readonly (SecretFinding | HistoryFinding)[]): Log {
  const rows: LintFinding[] = findings.map((f) => {
    const commit =
      'commit' in f
        ? ` (added in ${f.commit.slice(0, 12)} on ` +
          `${f.date.slice(0, 10)}${f.stillInHead ? ', still in HEAD' : ', removed from HEAD but still in history'})`
        : '';
    const parts = f.value.split('\n');
    return {
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.line + parts.length - 1,
      endColumn: parts.length > 1 ? (parts.at(-1) as string).length + 1 : f.column + f.value.length,
      ruleId: f.ruleId,
      severity: f.severity,
      offset: 0,
      message: `${f.title} ${f.masked}${commit}`,
      fingerprint: createHash('sha256')
        .update(`${f.ruleId}\0${f.kind}\0${f.path}\0${f.masked}\0${'commit' in f ? f.commit : ''}`)
        .digest('hex')
        .slice(0, 32),
    };
  });
  return buildSarif({
    findings: rows,
    absPathOf: (f) => join(root, ...f.path.split('/')),
    rules: [hardcodedSecret],
    srcRoot: root,
    docsDir: join(__dirname, '..', 'docs', 'rules'),
  });
}

/** How to proceed when the staged scan blocks a commit. */
const STAGED_ADVICE = [
  'How to proceed:',
  '  - remove the value from the file, then `git add` it again (and rotate the key if it was ever pushed or shared)',
  '  - move it to .env (git-ignored) and read it from the environment; list the name in .env.example',
  '  - a false positive or an accepted test value: preflight baseline add <path> --staged --reason "why"',
  '    or put `preflight-ignore: hardcoded-secret -- why` in a comment on that line or the line above',
  '  - last resort: git commit --no-verify (skips every pre-commit hook)',
].join('\n');

/** Skip reasons chosen by the user or obviously harmless (not worth a line in the hook's output). */
const QUIET_SKIPS = new Set([
  '.preflightignore',
  'submodule',
  'lockfile',
  'source-map',
  'minified',
  'vendored',
  'dependency-dir',
  'virtualenv',
]);
const MAX_NOT_SCANNED_LINES = 20;

/** Staged files that could not be scanned and why: the text output never hides them. */
function notScannedLines(skipped: readonly { path: string; reason: string }[]): string[] {
  const shown = skipped.filter((s) => !QUIET_SKIPS.has(s.reason));
  if (!shown.length) return [];
  const lines = shown.slice(0, MAX_NOT_SCANNED_LINES).map((s) => `  ${oneLine(s.path)}  (${s.reason})`);
  if (shown.length > MAX_NOT_SCANNED_LINES) lines.push(`  … and ${shown.length - MAX_NOT_SCANNED_LINES} more`);
  return [`preflight: ${shown.length} staged file${shown.length === 1 ? '' : 's'} not scanned:`, ...lines];
}

export function stagedText(
  findings: readonly SecretFinding[],
  filesScanned: number,
  skipped: readonly { path: string; reason: string }[] = [],
  base = 'HEAD',
): string {
  const against = base === 'HEAD^' ? ', compared with HEAD^ because this commit amends HEAD' : '';
  if (!findings.length)
    return [
      `preflight: no secrets in staged changes (${filesScanned} file${filesScanned === 1 ? '' : 's'} scanned` +
        `${against})`,
      ...notScannedLines(skipped),
    ].join('\n');
  const lines = findings.map(
    (f) => `  ${oneLine(f.path)}:${f.line}:${f.column}  ${f.severity}  ${f.title}  ${f.masked}`,
  );
  return [
    `preflight: ${findings.length} secret${findings.length === 1 ? '' : 's'} in staged changes${against}`,
    ...lines,
    ...notScannedLines(skipped),
    '',
    STAGED_ADVICE,
  ].join('\n');
}
