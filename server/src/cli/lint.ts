// `preflight lint`: walks the given paths, checks every file with the analysis core, prints text/JSON/SARIF.
import { realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Severity, SeveritySetting } from '../core/types';
import { RULES } from '../rules';
import { findGitRoot } from '../workspace/ignoreRules';
import { DEFAULT_MAX_FILE_SIZE_KB, readTextFile } from '../workspace/readText';
import { initParsers } from '../parse/parser';
import { factsOfText } from '../model/build';
import { handlerHints, type HandlerHints } from '../model/hints';
import { ProjectModel } from '../model/project';
import { SKIP_REASON_TEXT, type SkipReason } from '../workspace/skips';
import { walkFiles, WalkError, type WalkedFile } from '../workspace/walk';
import { changedFiles } from '../git/changed';
import { GitError } from '../git/exec';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';
import { BaselineError } from '../secrets/baseline';
import { createBaselineLookup } from '../secrets/baselineLookup';
import { baselineRootOf } from '../workspace/analysisOptions';
import type { FileOutcome, LintFinding, LintTask } from './lintBatch';
import { atOrAbove, formatJson, formatText, oneLine } from './lintFormat';
import { lintAll, threadCount } from './lintWorker';
import { buildSarif } from './sarif';

const LINT_USAGE = `usage: preflight lint [paths…] [options]

Checks files for risky patterns (default path: the current folder). Honours .gitignore and
.preflightignore; skips dependencies, virtualenvs, vendored code, lockfiles, minified, binary
and oversized files. A path named here is checked even if an ignore file excludes it.

options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE (atomically) instead of stdout
  --fail-on error|warning|info
                             exit 1 when a finding is at or above this severity (default: warning)
  --rule ID=off|error|warning|info
                             change one rule's severity or turn it off (repeatable)
  --exclude PATTERN          skip files matching a gitignore-style pattern relative to each folder named
                             (repeatable; the same syntax as the preflight.exclude setting: build/, *.gen.py)
  --max-file-size KB         skip files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_KB})
  --changed                  only files changed against HEAD (staged or not) and new files git does not
                             ignore; with paths, only the changed files below them (for post-edit hooks)
  --include-vendored         also check vendored libraries and build output (skipped by default:
                             lib folders under static/, licence-banner files, dist/, .next/, ...)
  --verbose                  list skipped files (with the reason) and timing on stderr

exit codes: 0 no findings at/above --fail-on, 1 findings at/above it, 2 usage or runtime error`;

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

const SEVERITY_SETTINGS = ['off', 'error', 'warning', 'info'] as const;

const REPEATABLE = { rule: 'ID=off|error|warning|info', exclude: 'a gitignore-style pattern' } as const;

/** `--rule` and `--exclude` may repeat, which parseArgs does not model: pull those out first. */
function extractRepeatable(args: readonly string[]): { rest: string[]; rules: string[]; exclude: string[] } {
  const rest: string[] = [];
  const found = { rule: [] as string[], exclude: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const name = (Object.keys(REPEATABLE) as Array<keyof typeof REPEATABLE>).find(
      (n) => arg === `--${n}` || arg.startsWith(`--${n}=`),
    );
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') throw new CliError(`--${name} needs a value (${REPEATABLE[name]})`);
    found[name].push(value);
  }
  return { rest, rules: found.rule, exclude: found.exclude };
}

function parseRuleSettings(values: readonly string[]): Record<string, SeveritySetting> {
  const severities: Record<string, SeveritySetting> = {};
  for (const value of values) {
    const [id, level, extra] = value.split('=');
    if (extra !== undefined || !id || !level)
      throw new CliError(`--rule expects ID=off|error|warning|info, got "${value}"`);
    if (!RULES.some((r) => r.meta.id === id)) throw new CliError(`--rule: unknown rule "${id}"`);
    if (!(SEVERITY_SETTINGS as readonly string[]).includes(level))
      throw new CliError(`--rule ${id}: level must be one of ${SEVERITY_SETTINGS.join(', ')}`);
    severities[id] = level as SeveritySetting;
  }
  return severities;
}

function parseSize(value: string | true | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE_KB;
  if (value === true || !/^\d+$/.test(value) || Number(value) < 1)
    throw new CliError('--max-file-size must be a whole number of KB (at least 1)');
  return Number(value);
}

/**
 * The project model over the files being linted (paths as the rules see them), reduced to per-handler facts:
 * AI calls reached through other modules, limits applied away from the handler, full paths. Skipped when the
 * rules that read them are off.
 */
async function projectHints(
  tasks: readonly LintTask[],
  severities: Record<string, SeveritySetting>,
  maxBytes: number,
): Promise<HandlerHints | undefined> {
  if (severities['rate-limit-missing'] === 'off' && severities['debug-endpoint'] === 'off') return undefined;
  await initParsers();
  const model = new ProjectModel();
  for (const t of tasks) {
    if (!/\.(py|[cm]?[jt]sx?)$/.test(t.analysisPath)) continue;
    const read = readTextFile(t.absPath, { maxBytes, skipMinified: !t.explicit });
    const facts = read.ok ? factsOfText(t.analysisPath, read.text) : undefined;
    if (facts) model.update(facts);
  }
  return model.size ? handlerHints(model) : undefined;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Shown paths: relative to the cwd when inside it (as typed), else absolute. */
function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel) ? toPosix(rel) : toPosix(abs);
}

export function taskFor(file: WalkedFile, cwd: string): LintTask {
  // Rules see paths relative to the folder the user named (like a workspace folder in the editor);
  // a file named directly is seen relative to the cwd, so `settings.py` context is kept.
  const analysisBase = file.explicit ? cwd : file.root;
  const fromCwd = relative(cwd, file.absPath);
  const insideCwd = fromCwd && !fromCwd.startsWith('..') && !fromCwd.startsWith(sep);
  const analysisPath = file.explicit ? (insideCwd ? toPosix(fromCwd) : file.relPath) : file.relPath;
  return {
    absPath: file.absPath,
    analysisPath,
    analysisBase: file.explicit && !insideCwd ? dirname(file.absPath) : analysisBase,
    displayPath: displayPath(file.absPath, cwd),
    size: file.size,
    explicit: file.explicit,
  };
}

function byPathThenOffset(a: LintFinding, b: LintFinding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.offset - b.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

function skipLine(path: string, isDir: boolean, reason: SkipReason, detail?: string): string {
  return `preflight: skipped ${oneLine(path)}${isDir ? '/' : ''} (${SKIP_REASON_TEXT[reason]}${detail ? `, ${detail}` : ''})\n`;
}

/** The changed files, or exit 2 with git's reason (not a repository, git missing). */
async function changedOrExplain(cwd: string): Promise<{ root: string; files: Set<string> }> {
  try {
    return await changedFiles(cwd);
  } catch (error) {
    if (error instanceof GitError) throw new CliError(`--changed: ${error.message}`);
    throw error;
  }
}

/** `--verbose`: where the analysis time went, summed over every thread, slowest first. */
function ruleTimeLine(outcomes: readonly FileOutcome[]): string {
  const total = new Map<string, number>();
  for (const o of outcomes)
    for (const [id, ms] of Object.entries(o.ruleTimes ?? {})) total.set(id, (total.get(id) ?? 0) + ms);
  if (!total.size) return '';
  const sorted = [...total].sort((a, b) => b[1] - a[1]);
  return `preflight: time per rule (all threads): ${sorted.map(([id, ms]) => `${id} ${Math.round(ms)} ms`).join(', ')}\n`;
}

/** `preflight lint` (every rule) or `preflight scan [paths]` (`secrets`: the secret detector only). */
export async function runLint(args: string[], mode: 'lint' | 'secrets' = 'lint'): Promise<CommandResult> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${mode === 'lint' ? LINT_USAGE : SCAN_USAGE}\n`);
    return { exitCode: 0 };
  }
  const { rest, rules, exclude } = mode === 'lint' ? extractRepeatable(args) : { rest: args, rules: [], exclude: [] };
  const { positionals, options } = parseArgs(
    rest,
    ['format', 'output', 'fail-on', 'max-file-size'],
    ['verbose', 'changed', 'include-vendored'],
  );
  const format = oneOf(options.get('format'), ['text', 'json', 'sarif'] as const, 'format', 'text');
  const failOn: Severity = oneOf(options.get('fail-on'), ['error', 'warning', 'info'] as const, 'fail-on', 'warning');
  const maxFileSizeKb = parseSize(options.get('max-file-size'));
  const severities = parseRuleSettings(rules);
  const output = options.get('output');
  const outputPath = typeof output === 'string' ? output : undefined;
  const verbose = options.get('verbose') === true;
  const includeVendored = options.get('include-vendored') === true;
  const cwd = realpathSync(process.cwd());
  const started = Date.now();

  let skippedCount = 0;
  const tasks: LintTask[] = [];
  const changed = options.get('changed') === true ? await changedOrExplain(cwd) : undefined;
  try {
    for (const file of walkFiles(positionals.length ? positionals : [changed ? changed.root : '.'], {
      cwd,
      maxFileSizeKb,
      includeVendored,
      exclude,
      onSkip: (s) => {
        skippedCount++;
        if (verbose) process.stderr.write(skipLine(displayPath(s.absPath, cwd), s.isDir, s.reason, s.detail));
      },
    }))
      if (!changed || changed.files.has(file.absPath)) tasks.push(taskFor(file, cwd));
  } catch (error) {
    if (error instanceof WalkError) throw new CliError(error.message);
    throw error;
  }

  // A corrupt .preflight/baseline.json is a runtime error (exit 2), never silently ignored.
  const baselineOf = createBaselineLookup();
  try {
    for (const t of tasks) baselineOf(baselineRootOf({ absPath: t.absPath, base: t.analysisBase }));
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(error.message);
    throw error;
  }
  const threads = threadCount(tasks.length);
  const handlerHints = mode === 'secrets' ? undefined : await projectHints(tasks, severities, maxFileSizeKb * 1024);
  const outcomes: FileOutcome[] = await lintAll(
    tasks,
    {
      severities,
      maxBytes: maxFileSizeKb * 1024,
      secretsOnly: mode === 'secrets',
      timeRules: verbose,
      includeVendored,
      handlerHints,
    },
    threads,
  );
  outcomes.sort((a, b) =>
    a.task.displayPath < b.task.displayPath ? -1 : a.task.displayPath > b.task.displayPath ? 1 : 0,
  );
  const notifications: string[] = [];
  // A file the user named that cannot be read is an error (exit 2), never a quiet "No problems found".
  const unreadable = outcomes.find(
    (o) => o.task.explicit && (o.skipped?.reason === 'unreadable' || o.skipped?.reason === 'special-file'),
  );
  if (unreadable)
    throw new CliError(`cannot read ${oneLine(unreadable.task.displayPath)}: ${unreadable.skipped?.detail ?? 'error'}`);
  for (const o of outcomes) {
    if (o.skipped) {
      skippedCount++;
      if (verbose) process.stderr.write(skipLine(o.task.displayPath, false, o.skipped.reason, o.skipped.detail));
    }
    for (const e of o.ruleErrors) notifications.push(`rule ${e.ruleId} failed on ${o.task.displayPath}: ${e.message}`);
  }
  // A crashing rule is a bug to report, not a reason to fail the scan: the other rules' findings stand.
  for (const n of notifications) process.stderr.write(`preflight: warning: ${n}\n`);

  const findings = outcomes.flatMap((o) => o.findings).sort(byPathThenOffset);
  const absByDisplay = new Map(outcomes.map((o) => [o.task.displayPath, o.task.absPath]));
  const checked = outcomes.filter((o) => !o.skipped).length;
  let text: string;
  if (format === 'json') text = formatJson(findings);
  else if (format === 'sarif') {
    const log = buildSarif({
      findings,
      rules: RULES,
      notifications,
      absPathOf: (f) => absByDisplay.get(f.path) ?? f.path,
      srcRoot: findGitRoot(cwd) ?? cwd,
      docsDir: join(__dirname, '..', 'docs', 'rules'),
    });
    text = `${JSON.stringify(log, null, 2)}\n`;
  } else text = formatText(findings, { filesChecked: checked, filesSkipped: skippedCount, verbose });

  try {
    emit(text, outputPath);
  } catch (error) {
    throw new CliError(
      `cannot write ${outputPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (verbose) {
    process.stderr.write(
      `preflight: checked ${checked} files in ${Date.now() - started} ms on ${threads} thread${threads === 1 ? '' : 's'}\n`,
    );
    process.stderr.write(ruleTimeLine(outcomes));
  }
  return { exitCode: findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0 };
}
