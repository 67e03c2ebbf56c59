// Checking files on disk, shared by `preflight lint` (every rule) and `preflight scan [paths…]` (secrets):
// walk, baseline check, analyse on every core, report. It loads no rule itself: the caller passes the
// engine and the rules, so `scan`'s bundle stays small.
import { realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Rule, Severity, SeveritySetting } from '../core/types';
import { createGitRootFinder, findGitRoot } from '../workspace/ignoreRules';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../workspace/readText';
import type { HandlerHints } from '../model/hints';
import type { ModuleFacts } from '../model/types';
import { MAX_FINDINGS_PER_FILE } from '../core/findingsCap';
import { SKIP_REASON_TEXT, type SkipReason } from '../workspace/skips';
import { walkFiles, WalkError, type WalkedFile } from '../workspace/walk';
import { changedFiles, isChangedOrNew, type ChangedFiles } from '../git/changed';
import { GitError } from '../git/exec';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';
import { BaselineError } from '../secrets/baseline';
import { createBaselineLookup } from '../secrets/baselineLookup';
import { baselineRootOf } from '../workspace/analysisOptions';
import type { BatchOptions, EngineFor, FileOutcome, LintFinding, LintTask } from './lintBatch';
import { atOrAbove, formatJson, formatText, oneLine } from './lintFormat';
import { LintPool, threadCount } from './lintWorker';
import { buildSarif } from './sarif';

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
  return (
    `preflight: skipped ${oneLine(path)}${isDir ? '/' : ''} (` +
    `${SKIP_REASON_TEXT[reason]}${detail ? `, ${detail}` : ''})\n`
  );
}

/** The changed files, or exit 2 with git's reason (not a repository, git missing). */
async function changedOrExplain(cwd: string): Promise<ChangedFiles> {
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
  return (
    `preflight: time per rule (all threads): ` +
    `${sorted.map(([id, ms]) => `${id} ${Math.round(ms)} ms`).join(', ')}\n`
  );
}

/** What differs between `lint` and `scan`. */
export interface CheckMode {
  usage: string;
  /** The rules that may report (SARIF's rule list). */
  rules: readonly Rule[];
  engineFor: EngineFor;
  secretsOnly: boolean;
  /** `--rule` settings (lint only; already parsed and validated). */
  severities: Record<string, SeveritySetting>;
  /** `--exclude` patterns (lint only). */
  exclude?: string[];
  /**
   * The project model's per-handler facts over the files (lint only): wanted for these settings, and made
   * from every file's facts (in walk order).
   */
  hints?: {
    wanted: (severities: Record<string, SeveritySetting>) => boolean;
    of: (facts: readonly ModuleFacts[]) => HandlerHints | undefined;
    /** The rules that read the hints (`AnalyzeOptions.handlerFacts`). */
    rules: readonly string[];
    /** Whether any of these facts gives the model an endpoint (without one, no other file's facts matter). */
    anyEndpoint: (facts: Iterable<ModuleFacts>) => boolean;
  };
}

/**
 * The project model's hints need every file's facts before the rules that read them run. Rather than a
 * parse of every file for the facts and another for the rules, the first pass gathers the facts from
 * the rules' own parse, without hints, and only of files that may define an endpoint (`collectFacts:
 * 'endpoints'`): every hint belongs to an endpoint, so in a project without one (a library, scripts) the
 * other files' facts would never be read (once a thread meets an endpoint, the next batches take every
 * file's facts; see `LintPool.run`). When the first pass found an endpoint, the facts it left out are
 * gathered too (a parse for just the facts) before the model is built. A file's findings can change only
 * when a hint names one of its handlers (elsewhere `handlerFacts` answers undefined either way), and only
 * those of the rules that read hints: just those rules run again, on just those files. Their new findings
 * replace their old ones; a file near the findings cap (where the cap's cut depends on every rule's
 * findings) is analysed again in full.
 */
/** What the project model's passes re-did, for `--verbose`. */
interface ModelPassCounts {
  /** Files parsed again for their facts (checked before their thread met an endpoint). */
  factsAgain: number;
  /** Files whose hint-reading rules ran again with the hints. */
  hinted: number;
}

async function withProjectHints(
  tasks: readonly LintTask[],
  first: FileOutcome[],
  options: BatchOptions,
  hints: NonNullable<CheckMode['hints']>,
  pool: LintPool,
  counts: ModelPassCounts,
): Promise<FileOutcome[]> {
  const factsOf = new Map<string, ModuleFacts>();
  const later: LintTask[] = [];
  for (const o of first) {
    if (o.facts) factsOf.set(o.task.absPath, o.facts);
    if (o.factsLater) later.push(o.task);
    delete o.facts;
    delete o.factsLater;
  }
  if (later.length && hints.anyEndpoint(factsOf.values())) {
    counts.factsAgain = later.length;
    for (const o of await pool.run(later, { ...options, collectFacts: undefined, factsOnly: true }))
      if (o.facts) factsOf.set(o.task.absPath, o.facts);
  }
  const handlerHints = hints.of(tasks.flatMap((t) => factsOf.get(t.absPath) ?? []));
  if (!handlerHints) return first;
  const hinted = new Set(Object.keys(handlerHints).map((key) => key.slice(0, key.lastIndexOf(':'))));
  const again = tasks.filter((t) => hinted.has(t.analysisPath));
  if (!again.length) return first;
  counts.hinted = again.length;
  const hintOptions: BatchOptions = { ...options, handlerHints, collectFacts: undefined };
  const byPath = (outcomes: FileOutcome[]) => new Map(outcomes.map((o) => [o.task.absPath, o]));
  const redone = byPath(await pool.run(again, { ...hintOptions, onlyRules: hints.rules }));
  const readsHints = (ruleId: string) => hints.rules.includes(ruleId);
  const full: LintTask[] = [];
  let merged = first.map((o): FileOutcome => {
    const r = redone.get(o.task.absPath);
    if (!r || o.skipped) return o;
    if (r.skipped) return r;
    const findings = [...o.findings.filter((f) => !readsHints(f.ruleId)), ...r.findings];
    if (o.findings.length >= MAX_FINDINGS_PER_FILE || findings.length > MAX_FINDINGS_PER_FILE) full.push(o.task);
    const ruleErrors = [
      ...o.ruleErrors.filter((e) => !readsHints(e.ruleId)),
      ...r.ruleErrors.filter((e) => readsHints(e.ruleId)),
    ];
    return { ...o, findings, ruleErrors };
  });
  if (full.length) {
    const fresh = byPath(await pool.run(full, hintOptions));
    merged = merged.map((o) => fresh.get(o.task.absPath) ?? o);
  }
  // --verbose: the second pass's time per rule is counted too.
  const times = [...redone.values()].flatMap((o) => (o.ruleTimes ? [o.ruleTimes] : []));
  if (times.length && merged.length) {
    const into = (merged[0].ruleTimes = { ...merged[0].ruleTimes });
    for (const t of times) for (const [id, ms] of Object.entries(t)) into[id] = (into[id] ?? 0) + ms;
  }
  return merged;
}

function parseSize(value: string | true | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE_KB;
  if (value === true || !/^\d+$/.test(value) || Number(value) < 1)
    throw new CliError('--max-file-size must be a whole number of KB (at least 1)');
  return Number(value);
}

/** Walks the paths in `args`, checks every file with `mode`'s engine and prints the report. */
export async function checkFiles(args: string[], mode: CheckMode): Promise<CommandResult> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${mode.usage}\n`);
    return { exitCode: 0 };
  }
  const { positionals, options } = parseArgs(
    args,
    ['format', 'output', 'fail-on', 'max-file-size'],
    ['verbose', 'changed', 'include-vendored'],
  );
  const format = oneOf(options.get('format'), ['text', 'json', 'sarif'] as const, 'format', 'text');
  const failOn: Severity = oneOf(options.get('fail-on'), ['error', 'warning', 'info'] as const, 'fail-on', 'warning');
  const maxFileSizeKb = parseSize(options.get('max-file-size'));
  const severities = mode.severities;
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
      exclude: mode.exclude ?? [],
      onSkip: (s) => {
        skippedCount++;
        if (verbose) process.stderr.write(skipLine(displayPath(s.absPath, cwd), s.isDir, s.reason, s.detail));
      },
    }))
      if (!changed || isChangedOrNew(changed, file.absPath)) tasks.push(taskFor(file, cwd));
  } catch (error) {
    if (error instanceof WalkError) throw new CliError(error.message);
    throw error;
  }

  // A corrupt .preflight/baseline.json is a runtime error (exit 2), never silently ignored.
  const baselineOf = createBaselineLookup();
  const gitRootOf = createGitRootFinder();
  try {
    for (const t of tasks) baselineOf(baselineRootOf({ absPath: t.absPath, base: t.analysisBase }, gitRootOf));
  } catch (error) {
    if (error instanceof BaselineError) throw new CliError(error.message);
    throw error;
  }
  const threads = threadCount(tasks, mode.secretsOnly);
  const hints = mode.hints?.wanted(severities) ? mode.hints : undefined;
  const batchOptions: BatchOptions = {
    severities,
    maxBytes: maxFileSizeKb * 1024,
    secretsOnly: mode.secretsOnly,
    timeRules: verbose,
    includeVendored,
    collectFacts: hints ? 'endpoints' : undefined,
  };
  const pool = new LintPool(mode.engineFor, threads);
  const walked = Date.now();
  let outcomes: FileOutcome[];
  let firstPass = walked;
  const counts: ModelPassCounts = { factsAgain: 0, hinted: 0 };
  try {
    outcomes = await pool.run(tasks, batchOptions);
    firstPass = Date.now();
    if (hints) outcomes = await withProjectHints(tasks, outcomes, batchOptions, hints, pool, counts);
  } finally {
    pool.close();
  }
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
      rules: mode.rules,
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
      `preflight: checked ${checked} files in ${Date.now() - started} ms on ${threads} thread` +
        `${threads === 1 ? '' : 's'} (walk ${walked - started} ms, rules ${firstPass - walked} ms` +
        `${hints ? `, project model and its rules ${Date.now() - firstPass} ms` : ''})` +
        `${hints ? `; files parsed again for their facts ${counts.factsAgain}` : ''}` +
        `${hints ? `, hinted files checked again ${counts.hinted}` : ''}\n`,
    );
    process.stderr.write(ruleTimeLine(outcomes));
  }
  return { exitCode: findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0 };
}
