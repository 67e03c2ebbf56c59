// `preflight history`: secrets anywhere in git history, with the commit that added them and the fix.
import { realpathSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { resolve, relative, isAbsolute, dirname, basename, join, sep } from 'node:path';
import { scanHistory } from '../git/history';
import { recordHistoryScan } from '../git/records';
import { remediationText, replacementsText } from '../git/remediation';
import type { HistoryFinding } from '../git/types';
import { SEVERITY_RANK } from '../git/types';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';
import { rethrowAsCliError } from './scan';
import { oneLine } from './lintFormat';
import { publicHistoryFinding, secretsSarif } from './secretsFormat';

export async function runHistory(args: string[]): Promise<CommandResult> {
  const { positionals, options } = parseArgs(args, ['format', 'output', 'max-count', 'fail-on', 'replacements', 'cwd']);
  if (positionals.length) throw new CliError(`history takes no paths: ${positionals[0]}`);
  const format = oneOf(options.get('format'), ['text', 'json', 'sarif'] as const, 'format', 'text');
  const failOn = oneOf(options.get('fail-on'), ['error', 'warning', 'info'] as const, 'fail-on', 'warning');
  const rawMax = options.get('max-count');
  const maxCount = rawMax === undefined ? undefined : Number(rawMax);
  if (maxCount !== undefined && (!Number.isInteger(maxCount) || maxCount < 1))
    throw new CliError('--max-count must be a positive integer');
  const cwd = typeof options.get('cwd') === 'string' ? (options.get('cwd') as string) : process.cwd();
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const result = await scanHistory({ cwd, maxCount, signal: controller.signal })
    .catch(rethrowAsCliError)
    .finally(() => process.off('SIGINT', onSigint));
  if (maxCount === undefined) await recordHistoryScan(result.root, result.commitsScanned, result.findings);
  const replacements = options.get('replacements');
  if (typeof replacements === 'string') writeReplacements(result.root, replacements, result.findings);
  const blocking = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  let text: string;
  if (format === 'json') {
    text = JSON.stringify(
      {
        findings: result.findings.map(publicHistoryFinding),
        summary: { commitsScanned: result.commitsScanned, findings: result.findings.length },
        remediation: remediationText(result.findings, typeof replacements === 'string' ? replacements : undefined),
      },
      null,
      2,
    );
  } else if (format === 'sarif') {
    text = JSON.stringify(secretsSarif(result.root, result.findings), null, 2);
  } else {
    text = historyText(
      result.findings,
      result.commitsScanned,
      typeof replacements === 'string' ? replacements : undefined,
    );
  }
  emit(text, typeof output(options) === 'string' ? output(options) : undefined);
  return { exitCode: blocking.length ? 1 : 0 };
}

function output(options: Map<string, string | true>): string | undefined {
  const o = options.get('output');
  return typeof o === 'string' ? o : undefined;
}

function historyText(findings: readonly HistoryFinding[], commits: number, replacementsFile?: string): string {
  if (!findings.length)
    return `preflight: no secrets in history (${commits} commit${commits === 1 ? '' : 's'} scanned)`;
  const rows = findings.map((f) =>
    [
      `  ${oneLine(f.path)}:${f.line}  ${f.severity}  ${f.title}  ${f.masked}`,
      `    added in ${f.commit.slice(0, 12)} on ${f.date} by ${oneLine(f.author)}; ${
        f.stillInHead
          ? `STILL in HEAD (${f.headPaths.slice(0, 3).map(oneLine).join(', ')})`
          : 'no longer in HEAD, but still in history'
      }`,
    ].join('\n'),
  );
  return [
    `preflight: ${findings.length} secret${findings.length === 1 ? '' : 's'} in history (${commits} commits scanned)`,
    ...rows,
    '',
    remediationText(findings, replacementsFile),
  ].join('\n');
}

/** The filter-repo replacements hold raw values: written atomically, mode 600, and never inside the work tree. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function writeReplacements(root: string, file: string, findings: readonly HistoryFinding[]): void {
  // Compared as real paths and whole path segments: `..repl.txt` is inside the repository, and a
  // symlinked folder pointing into it is too.
  const target = resolve(file);
  const rel = relative(realOrSelf(root), join(realOrSelf(dirname(target)), basename(target)));
  if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
    throw new CliError(`--replacements must point outside the repository (it will hold the raw secrets): ${file}`);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, replacementsText(findings), { mode: 0o600 });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
  process.stderr.write(`preflight: wrote ${file} for git filter-repo --replace-text (delete it after the rewrite)\n`);
}
