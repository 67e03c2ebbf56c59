// `preflight scan --staged`: the secret scan of the index (what the next commit adds; used by the hook), and
// `preflight scan [paths…]`: files on disk, secrets only. Loaded by the small scan.js bundle too: no rule
// registry, no parser.
import { BaselineError } from '../secrets/baseline';
import { GitError } from '../git/exec';
import { runningUnderAmend } from '../git/amend';
import { scanStaged } from '../git/staged';
import { recordStagedScan } from '../git/records';
import { SEVERITY_RANK } from '../git/types';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../workspace/readText';
import { checkFiles } from './checkFiles';
import { hardcodedSecret } from '../rules/hardcoded-secret';
import { SECRETS_ENGINE } from './secretsEngine';
import { publicFinding, secretsSarif, stagedText } from './secretsFormat';

const SCAN_USAGE = `usage: preflight scan [paths…] [options]
       preflight scan --staged [options]

Scans files for secrets only (default path: the current folder) with the same detector as the
hardcoded-secret rule: provider tokens, private keys, passwords in URLs, secret-named literals.
Honours .gitignore, .preflightignore, preflight-ignore comments and .preflight/baseline.json; never
parses code, so it is fast on big trees. --staged scans what the next commit adds instead.

options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE (atomically) instead of stdout
  --fail-on error|warning|info
                             exit 1 when a finding is at or above this severity (default: warning)
  --max-file-size KB         skip files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_KB})
  --changed                  only files changed against HEAD (staged or not) and new files git does not ignore
  --verbose                  list skipped files and timing on stderr

exit codes: 0 no findings at/above --fail-on, 1 findings at/above it, 2 usage or runtime error`;

/** `preflight scan --staged` (the index) or `preflight scan [paths…]` (files on disk, secrets only). */
export async function runScan(args: string[]): Promise<CommandResult> {
  if (!args.includes('--staged'))
    return checkFiles(args, {
      usage: SCAN_USAGE,
      rules: [hardcodedSecret],
      engineFor: () => SECRETS_ENGINE,
      secretsOnly: true,
      severities: {},
    });
  const { positionals, options } = parseArgs(args, ['format', 'output', 'fail-on', 'cwd'], ['staged', 'amend']);
  if (positionals.length)
    throw new CliError(`scan --staged takes no paths (it scans the whole index): ${positionals[0]}`);
  const format = oneOf(options.get('format'), ['text', 'json', 'sarif'] as const, 'format', 'text');
  const failOn = oneOf(options.get('fail-on'), ['error', 'warning', 'info'] as const, 'fail-on', 'warning');
  const output = options.get('output');
  const cwd = typeof options.get('cwd') === 'string' ? (options.get('cwd') as string) : process.cwd();
  // Inside `git commit --amend` HEAD is being replaced: what it added is checked too.
  const amend = options.has('amend') || runningUnderAmend();
  if (amend === undefined && process.env.GIT_INDEX_FILE)
    process.stderr.write(
      'preflight: cannot tell whether this is `git commit --amend`; run `preflight scan --staged --amend` to check ' +
        'what HEAD added\n',
    );
  const result = await scanStaged({ cwd, amend: amend === true }).catch(rethrowAsCliError);
  await recordStagedScan(result.root, result.findings);
  const blocking = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  let text: string;
  if (format === 'json') {
    text = JSON.stringify(
      {
        findings: result.findings.map(publicFinding),
        summary: {
          filesScanned: result.filesScanned,
          findings: result.findings.length,
          blocking: blocking.length,
          suppressed: result.suppressed,
          baselined: result.baselined,
          skipped: result.skipped,
          unmerged: result.unmerged,
          base: result.base,
        },
      },
      null,
      2,
    );
  } else if (format === 'sarif') {
    text = JSON.stringify(secretsSarif(result.root, result.findings), null, 2);
  } else {
    text = stagedText(result.findings, result.filesScanned, result.skipped, result.base);
  }
  emit(text, typeof output === 'string' ? output : undefined);
  return { exitCode: blocking.length ? 1 : 0 };
}

/** Git and baseline problems are runtime errors: one line on stderr, exit 2. */
export function rethrowAsCliError(err: unknown): never {
  if (err instanceof BaselineError || err instanceof GitError) throw new CliError(err.message);
  if (err instanceof Error && err.name === 'AbortError') throw new CliError('cancelled');
  throw err;
}
