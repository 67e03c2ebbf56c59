// Analyses a batch of files for `preflight lint` (on the main thread or in a worker): read, analyse, locate.
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { AnalyzeResult } from '../core/analyze';
import { languageIdForPath } from '../core/languages';
import type { AnalyzeOptions, Finding, Fix, Severity, SeveritySetting, SourceFile } from '../core/types';
import { analysisOptions } from '../workspace/analysisOptions';
import { createGitIgnoreChecker, createGitRootFinder } from '../workspace/ignoreRules';
import { createBaselineLookup } from '../secrets/baselineLookup';
import { readTextFile } from '../workspace/readText';
import { isMinifiable, vendoredBanner, type SkipReason } from '../workspace/skips';
import { hintKey, type HandlerHints } from '../model/hints';
import type { ModuleFacts } from '../model/types';

/**
 * How a batch analyses one file: every rule and the parsers (`lint.ts`) or the secret rule alone
 * (`secretsEngine.ts`). Passed in, so that `preflight scan`'s bundle never loads the rules or tree-sitter.
 */
export interface LintEngine {
  /** Loads what analysing files of these languages needs (the parsers of just those grammars). */
  ready(languageIds: readonly string[]): Promise<void>;
  analyze(file: SourceFile, options: AnalyzeOptions): AnalyzeResult;
  /**
   * The same analysis plus the file's project-model facts, from ONE parse (`BatchOptions.collectFacts`);
   * facts are undefined when the file is not code or fails to parse.
   */
  analyzeWithFacts?(
    file: SourceFile,
    options: AnalyzeOptions,
    onlyWithEndpoints: boolean,
  ): { result: AnalyzeResult; facts?: ModuleFacts; later?: boolean };
  /** The file's project-model facts alone, no rule (`BatchOptions.factsOnly`). */
  factsOf?(file: SourceFile): ModuleFacts | undefined;
  /** False only when the file's facts cannot hold an endpoint (read from the text, without a parse). */
  mayHaveEndpoints?(file: SourceFile): boolean;
  /** Whether these facts hold an endpoint. */
  hasEndpoints?(facts: ModuleFacts): boolean;
}

/** Picks the engine for a batch's options (`secretsOnly` or not); the same on every thread. */
export type EngineFor = (options: BatchOptions) => LintEngine;

/** One file to check; plain data so it can cross to a worker thread. */
export interface LintTask {
  absPath: string;
  /** Path the rules see (relative to the folder the user named; decides test files, settings modules...). */
  analysisPath: string;
  /** Folder that relative paths in rules (readFile, isGitIgnored) are resolved against. */
  analysisBase: string;
  /** Path shown to the user (relative to the cwd when inside it). */
  displayPath: string;
  size: number;
  explicit: boolean;
}

export interface LintFinding {
  path: string;
  /** 1-based; columns count UTF-16 code units; endColumn is exclusive (SARIF's convention). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: Severity;
  message: string;
  /** Stable across unrelated edits: rule + the finding's line text (whitespace-normalised) + occurrence. */
  fingerprint: string;
  offset: number;
  /** Only with `BatchOptions.withFixes` (the MCP server): the rule's fixes as line/column edits. */
  fixes?: LocatedFix[];
}

/** A core fix located for people and agents; `otherFiles` keep their own offsets. */
export interface LocatedFix {
  title: string;
  preferred: boolean;
  edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[];
  otherFiles?: Fix['otherFiles'];
}

export interface FileOutcome {
  task: LintTask;
  findings: LintFinding[];
  skipped?: { reason: SkipReason; detail?: string };
  ruleErrors: { ruleId: string; message: string }[];
  /** Milliseconds per rule id and `(parse)` for the whole batch (only with `timeRules`, on one outcome). */
  ruleTimes?: Record<string, number>;
  /** The file's project-model facts (only with `collectFacts`). */
  facts?: ModuleFacts;
  /** `collectFacts: 'endpoints'` left this file's facts out (it cannot define an endpoint). */
  factsLater?: boolean;
}

export interface BatchOptions {
  severities: Record<string, SeveritySetting>;
  maxBytes: number;
  /** Keep each finding's fixes (off for `preflight lint`, whose output has no fixes). */
  withFixes?: boolean;
  /** `preflight scan [paths]`: only the secret detector (the hardcoded-secret rule), never a parse. */
  secretsOnly?: boolean;
  /** `--verbose`: milliseconds per rule (and parse), summed over the batch, in the first outcome. */
  timeRules?: boolean;
  /** Check files that open with a third-party licence banner too (`--include-vendored`). */
  includeVendored?: boolean;
  /** The project model's facts per handler (`analysisPath:line`), so rules see across files. */
  handlerHints?: HandlerHints;
  /**
   * Also return code files' project-model facts (`FileOutcome.facts`), taken from the same parse: of every
   * code file (`all`), or only of those that may define endpoints until one of them does, then of every
   * code file (`endpoints`, see `withProjectHints`).
   */
  collectFacts?: 'all' | 'endpoints';
  /** Only the project-model facts of each code file, no rule (the facts `endpoints` left out, when needed). */
  factsOnly?: boolean;
  /** Run only these rules (the second pass, with the project model's hints, of the rules that read them). */
  onlyRules?: readonly string[];
}

/** Code files the project model reads (the CLI's model covers Python and JavaScript/TypeScript modules). */
const MODEL_FILE = /\.(py|[cm]?[jt]sx?)$/;

/**
 * Whether the project model takes this file's facts: code, and never vendored code (the model reads a file
 * as a walk does by default, even under `--include-vendored`, so the handler facts do not change with it).
 * `later`: it does, but `collectFacts: 'endpoints'` leaves them out for now (no endpoint found yet in this
 * batch, and this file cannot define one).
 */
function wantsFacts(
  task: LintTask,
  file: SourceFile,
  options: BatchOptions,
  engine: LintEngine,
  endpointSeen: boolean,
): 'now' | 'later' | false {
  if (!(options.collectFacts || options.factsOnly) || !MODEL_FILE.test(task.analysisPath)) return false;
  if (!task.explicit && options.includeVendored && isMinifiable(basename(task.absPath)) && vendoredBanner(file.text))
    return false;
  if (options.collectFacts === 'endpoints' && !endpointSeen && engine.mayHaveEndpoints?.(file) === false)
    return 'later';
  return 'now';
}

/** The read every batch makes of a task's file (the same skips), so a file is judged on the text its rules see. */
function readTask(task: LintTask, options: BatchOptions): ReturnType<typeof readTextFile> {
  return readTextFile(task.absPath, {
    maxBytes: options.maxBytes,
    skipMinified: !task.explicit,
    skipVendored: !task.explicit && !options.includeVendored,
  });
}

/**
 * With `collectFacts: 'endpoints'`, the tasks whose text may define an endpoint, to be checked first. Facts
 * are taken from a file's own parse only once its thread has met an endpoint; files checked before that are
 * parsed again for their facts when the project has one. Checking the likely ones first keeps that set
 * small: in a 1,400-file tree of real projects it had been half the bytes.
 */
export function likelyEndpoints(tasks: readonly LintTask[], options: BatchOptions, engine: LintEngine): Set<LintTask> {
  if (options.collectFacts !== 'endpoints' || !engine.mayHaveEndpoints) return new Set();
  return new Set(
    tasks.filter((task) => {
      if (!MODEL_FILE.test(task.analysisPath)) return false;
      const read = readTask(task, options);
      const languageId = languageIdForPath(task.analysisPath);
      return read.ok && engine.mayHaveEndpoints?.({ path: task.analysisPath, languageId, text: read.text });
    }),
  );
}

/** Offsets of every line start, for offset -> (line, column) by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

function locate(task: LintTask, text: string, findings: readonly Finding[], withFixes = false): LintFinding[] {
  if (!findings.length) return [];
  const starts = lineStarts(text);
  // Per line, once: its whitespace-normalised text digested. A one-line 1 MB file with thousands of
  // findings must not slice and hash the whole line again for each of them.
  const lineDigests = new Map<number, string>();
  const lineDigest = (line: number): string => {
    let d = lineDigests.get(line);
    if (d === undefined) {
      const lineEnd = text.indexOf('\n', starts[line - 1]);
      const lineText = text
        .slice(starts[line - 1], lineEnd === -1 ? undefined : lineEnd)
        .trim()
        .replace(/\s+/g, ' ');
      d = createHash('sha256').update(lineText).digest('hex');
      lineDigests.set(line, d);
    }
    return d;
  };
  const occurrences = new Map<string, number>();
  return findings.map((f) => {
    const start = position(starts, Math.max(0, Math.min(f.start, text.length)));
    const end = position(starts, Math.max(f.start, Math.min(f.end, text.length)));
    // The hash never reveals the line (which may hold a secret); the count separates identical lines.
    const key = `${f.ruleId}\0${lineDigest(start.line)}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    const fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
    return {
      path: task.displayPath,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      fingerprint,
      offset: f.start,
      ...(withFixes && f.fixes?.length ? { fixes: f.fixes.map((fix) => locateFix(starts, text, fix)) } : {}),
    };
  });
}

function locateFix(starts: readonly number[], text: string, fix: Fix): LocatedFix {
  const at = (offset: number) => position(starts, Math.max(0, Math.min(offset, text.length)));
  return {
    title: fix.title,
    preferred: fix.preferred === true,
    edits: fix.edits.map((e) => {
      const start = at(e.start);
      const end = at(e.end);
      return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, newText: e.newText };
    }),
    ...(fix.otherFiles?.length ? { otherFiles: fix.otherFiles } : {}),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads, analyses and locates each task's file. `betweenFiles` is awaited after each file: the pool's main
 * thread lets its event loop turn there, so a worker that finished its batch gets the next one at once
 * instead of idling until the main thread's own batch ends.
 */
export async function lintBatch(
  tasks: readonly LintTask[],
  options: BatchOptions,
  engineFor: EngineFor,
  betweenFiles?: () => Promise<void>,
): Promise<FileOutcome[]> {
  const engine = engineFor(options);
  await engine.ready([...new Set(tasks.map((t) => languageIdForPath(t.analysisPath)))]);
  const isGitIgnored = createGitIgnoreChecker();
  const gitRootOf = createGitRootFinder();
  // runLint checked every baseline is readable before the batch; a corrupt one here counts as none.
  const baselineOf = createBaselineLookup(() => undefined);
  const outcomes: FileOutcome[] = [];
  // Other files the rules read (the nearest package.json, settings modules), read once per batch: every
  // file of a package asks for the same ones.
  const otherFiles = new Map<string, string | undefined>();
  const ruleTimes = options.timeRules ? new Map<string, number>() : undefined;
  let endpointSeen = false;
  for (const task of tasks) {
    if (betweenFiles && outcomes.length) await betweenFiles();
    const read = readTask(task, options);
    if (!read.ok) {
      outcomes.push({ task, findings: [], skipped: { reason: read.reason, detail: read.detail }, ruleErrors: [] });
      continue;
    }
    const file = { path: task.analysisPath, languageId: languageIdForPath(task.analysisPath), text: read.text };
    if (options.factsOnly) {
      const facts = engine.factsOf && wantsFacts(task, file, options, engine, true) ? engine.factsOf(file) : undefined;
      outcomes.push({ task, findings: [], ruleErrors: [], ...(facts ? { facts } : {}) });
      continue;
    }
    const analyzeOptions = analysisOptions(
      { absPath: task.absPath, base: task.analysisBase },
      { rules: options.severities },
      { isGitIgnored, baselineOf, gitRootOf },
      {
        readFile: (p) => {
          const abs = resolve(task.analysisBase, p);
          const key = `${task.analysisBase}\0${abs}`;
          if (otherFiles.has(key)) return otherFiles.get(key);
          const other = readTextFile(abs, {
            maxBytes: options.maxBytes,
            skipMinified: false,
            within: task.analysisBase,
          });
          otherFiles.set(key, other.ok ? other.text : undefined);
          return other.ok ? other.text : undefined;
        },
        ruleTimes,
        handlerFacts: options.handlerHints
          ? (line) => options.handlerHints?.[hintKey(task.analysisPath, line)]
          : undefined,
      },
    );
    try {
      const facts = engine.analyzeWithFacts ? wantsFacts(task, file, options, engine, endpointSeen) : false;
      const onlyWithEndpoints = options.collectFacts === 'endpoints' && !endpointSeen;
      const {
        result,
        facts: found,
        later,
      } = facts === 'now' && engine.analyzeWithFacts
        ? engine.analyzeWithFacts(file, analyzeOptions, onlyWithEndpoints)
        : { result: engine.analyze(file, analyzeOptions), facts: undefined, later: facts === 'later' };
      if (found && engine.hasEndpoints?.(found)) endpointSeen = true;
      outcomes.push({
        task,
        ...(found ? { facts: found } : {}),
        ...(later ? { factsLater: true } : {}),
        findings: locate(task, read.text, result.findings, options.withFixes),
        ruleErrors: [
          ...result.ruleErrors.map((e) => ({ ruleId: e.ruleId, message: errorText(e.error) })),
          ...(result.skipped && !options.secretsOnly ? [{ ruleId: '(syntax rules)', message: result.skipped }] : []),
        ],
      });
    } catch (error) {
      // A parser failure on one file must not stop the scan of the others.
      outcomes.push({ task, findings: [], ruleErrors: [{ ruleId: '(parser)', message: errorText(error) }] });
    }
  }
  if (ruleTimes && outcomes.length) outcomes[0].ruleTimes = Object.fromEntries(ruleTimes);
  return outcomes;
}
