// Runs the core on open documents: settings, exclusions, size/binary guards, caching per version.
import { dirname } from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { analyzeYielding } from '../core/analyze';
import { RULES } from '../rules';
import type { AnalyzeOptions, Finding, SourceFile } from '../core/types';
import type { PreflightSettings } from '../protocol';
import type { Documents, OpenDocument } from './documents';
import { describeError, type Logger } from './log';
import type { WorkspacePaths } from './paths';
import type { Settings } from './settings';
import { carryOver } from './provisional';
import { analysisOptions, isExcluded, type BaselineOf } from '../workspace/analysisOptions';
import { readGuardedText } from '../workspace/guardedRead';
import { createGitIgnoreChecker } from '../workspace/ignoreRules';
import { generatedOrVendored, SKIP_REASON_TEXT, type SkipReason } from '../workspace/skips';

export interface Analysis {
  readonly uri: string;
  readonly version: number;
  /** Changes whenever the findings may differ: document version or settings generation. */
  readonly resultId: string;
  readonly file: SourceFile;
  readonly findings: readonly Finding[];
  readonly settings: PreflightSettings;
  readonly skipped?: SkipReason;
}

const MAX_OTHER_FILE_BYTES = 2 * 1024 * 1024;
/** The re-parse a keystroke may take before the pull is answered with provisional findings (provisional.ts). */
const TYPING_PARSE_MS = Number(process.env.PREFLIGHT_TYPING_PARSE_MS ?? 20);
/** A document whose last full analysis took longer is answered provisionally first, without trying (provisional.ts). */
const TYPING_ANALYSIS_MS = Number(process.env.PREFLIGHT_TYPING_ANALYSIS_MS ?? 40);
/** Smaller files always analyse in full: their re-parse takes a few milliseconds even when broken. */
const PROVISIONAL_MIN_CHARS = 64 * 1024;
/**
 * The longest the parse or the rules run before the event loop turns: an edit that arrives meanwhile is read, and
 * the analysis of the text it replaced stops (the document's version is its cancel token).
 */
const RULE_SLICE_MS = 8;
/** An analysis above this (rules + parse, one document version) is reported with its slowest rules. */
const SLOW_ANALYSIS_MS = 150;

export class Analyzer {
  private readonly cache = new Map<string, Analysis>();
  /** How long the last full analysis of each document took (parse and rules, wall ms). */
  private readonly lastCost = new Map<string, number>();
  /** The secrets baseline of a repository root (the git feature keeps them, re-read when they change). */
  private baselineOf?: BaselineOf;
  private handlerFactsOf?: (d: OpenDocument) => AnalyzeOptions['handlerFacts'];
  private generation = 0;

  constructor(
    private readonly documents: Documents,
    private readonly settings: Settings,
    private readonly paths: WorkspacePaths,
    private readonly log: Logger,
  ) {
    documents.onDidClose((d) => {
      this.cache.delete(d.uri);
      this.lastCost.delete(d.uri);
    });
  }

  /** The project model hands over its per-handler facts here, so findings read other files as the CLI's do. */
  useHandlerFacts(factsOf: (d: OpenDocument) => AnalyzeOptions['handlerFacts']): void {
    this.handlerFactsOf = factsOf;
  }

  /** The git feature hands over its baselines here, so accepted secrets are quiet while typing too. */
  useBaselines(baselineOf: BaselineOf): void {
    this.baselineOf = baselineOf;
  }

  /** Forgets every result (settings or workspace facts changed). */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** The last analysis of the document's current version, if any. */
  cached(d: OpenDocument): Analysis | undefined {
    const hit = this.cache.get(d.uri);
    return hit && hit.version === d.doc.version && hit.resultId === this.resultIdOf(d) ? hit : undefined;
  }

  /** The last analysis of any version of the document (used by run=onSave between saves). */
  latest(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  resultIdOf(d: OpenDocument): string {
    return `${d.doc.version}.${this.generation}`;
  }

  /**
   * While typing in a big file: when the last full analysis took over TYPING_ANALYSIS_MS (a broken state
   * stays broken for a few keystrokes), or the current version's re-parse does not fit TYPING_PARSE_MS, the
   * last complete analysis carried over the edits since (provisional.ts), under a result id of its own;
   * undefined when the full analysis should run now (it is quick, the file is small, nothing to carry over).
   */
  provisional(d: OpenDocument): Analysis | undefined {
    const carried = this.carriedOver(d);
    if (!carried) return undefined;
    const slow = (this.lastCost.get(d.uri) ?? 0) > TYPING_ANALYSIS_MS;
    return slow || !d.parsed.parseWithin(TYPING_PARSE_MS) ? carried : undefined;
  }

  /**
   * The last complete analysis carried over the edits since (provisional.ts), under a result id of its own;
   * undefined when the file is small (its full analysis is quick) or there is nothing to carry over.
   */
  carriedOver(d: OpenDocument): Analysis | undefined {
    const last = this.cache.get(d.uri);
    const text = d.parsed.currentText;
    if (!last || last.skipped || last.resultId !== `${last.version}.${this.generation}`) return undefined;
    if (text.length < PROVISIONAL_MIN_CHARS || last.version === d.doc.version) return undefined;
    const edits = d.edits.since(last.version);
    if (!edits) return undefined;
    return {
      ...last,
      version: d.doc.version,
      resultId: `${this.resultIdOf(d)}.provisional`,
      file: { ...last.file, text },
      findings: carryOver(last.findings, edits, text),
    };
  }

  /** Analyses the document's current text; undefined when cancelled or superseded by an edit. */
  async analyze(d: OpenDocument, token?: CancellationToken): Promise<Analysis | undefined> {
    const settings = await this.settings.get(d.uri);
    if (token?.isCancellationRequested) return undefined;
    const hit = this.cached(d);
    if (hit) return hit;
    const version = d.doc.version;
    const started = performance.now();
    const text = d.parsed.currentText;
    const file: SourceFile = { path: d.location.path, languageId: d.languageId, text };
    const base = { uri: d.uri, version, resultId: this.resultIdOf(d), file, settings };
    const skipped = this.skipReason(d, settings, text);
    if (skipped) return this.remember({ ...base, findings: [], skipped });

    const cancel = {
      get isCancelled(): boolean {
        return !!token?.isCancellationRequested || d.doc.version !== version;
      },
    };
    const ruleTimes = new Map<string, number>();
    const extra = {
      readFile: (p: string) => this.readOther(d, p),
      ruleTimes,
      handlerFacts: this.handlerFactsOf?.(d),
      // Counted across edits with the document: a keystroke does not rescan the file for rule keywords.
      keywordsPresent: d.parsed.keywords && ((k: string) => d.parsed.keywords?.has(k) === true),
    };
    const { fsPath, root } = d.location;
    let result;
    // The rules read the tree across turns of the event loop: it must not be released under them.
    const letGo = d.parsed.hold();
    try {
      // Whether `.env` is git-ignored decides if secrets in it are fine: read fresh (the user may just have fixed it).
      const options: AnalyzeOptions = fsPath
        ? analysisOptions(
            { absPath: fsPath, base: root ?? dirname(fsPath) },
            settings,
            { isGitIgnored: (abs) => createGitIgnoreChecker()(abs), baselineOf: this.baselineOf },
            extra,
          )
        : { severities: { ...settings.rules }, ...extra };
      const tree = await d.parsed.getTreeSliced(RULE_SLICE_MS);
      if (tree === 'superseded' || cancel.isCancelled) return undefined;
      result = await analyzeYielding(RULES, file, options, cancel, tree, RULE_SLICE_MS);
    } catch (error) {
      // The core catches rule errors; anything else (parser trouble) must not take the server down.
      this.log.once(
        `analyze:${d.uri}:${version}`,
        'error',
        `Preflight could not analyse ${file.path}: ${describeError(error)}`,
      );
      return this.remember({ ...base, findings: [] });
    } finally {
      letGo();
      this.documents.trimIdleTrees();
    }
    for (const { ruleId, error } of result.ruleErrors) {
      this.log.once(
        `rule:${ruleId}`,
        'error',
        `Preflight rule "${ruleId}" failed on ${file.path} and was skipped (reported once): ${describeError(error)}`,
      );
    }
    if (result.skipped) this.log.once(`parse:${d.uri}`, 'info', `Preflight: ${file.path}: ${result.skipped}.`);
    else this.log.reset(`parse:${d.uri}`);
    if (result.cancelled) return undefined;
    this.reportSlow(d, file.path, ruleTimes);
    this.lastCost.set(d.uri, performance.now() - started);
    return this.remember({ ...base, findings: result.findings });
  }

  /** A slow analysis names its slowest rules in the output channel (once until it is fast again). */
  private reportSlow(d: OpenDocument, path: string, times: ReadonlyMap<string, number>): void {
    let total = 0;
    for (const ms of times.values()) total += ms;
    if (total < SLOW_ANALYSIS_MS) {
      this.log.reset(`slow:${d.uri}`);
      return;
    }
    const slowest = [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([id, ms]) => `${id} ${Math.round(ms)} ms`);
    this.log.once(
      `slow:${d.uri}`,
      'info',
      `Preflight: analysing ${path} took ${Math.round(total)} ms (budget ${SLOW_ANALYSIS_MS} ms); slowest: ` +
        `${slowest.join(', ')}.`,
    );
  }

  private remember(a: Analysis): Analysis {
    this.cache.set(a.uri, a);
    this.documents.get(a.uri)?.edits.analysed(a.version);
    return a;
  }

  private skipReason(d: OpenDocument, settings: PreflightSettings, text: string): SkipReason | undefined {
    if (!settings.enable) return 'disabled';
    if (isExcluded(settings.exclude, d.location.path)) return 'excluded';
    if (text.length > settings.maxFileSizeKb * 1024) {
      this.log.once(
        `size:${d.uri}`,
        'info',
        `Preflight skips ${d.location.path}: ${Math.round(text.length / 1024)} KB is above preflight.maxFileSizeKb (` +
          `${settings.maxFileSizeKb}).`,
      );
      return 'too-large';
    }
    this.log.reset(`size:${d.uri}`);
    if (text.includes('\u0000')) {
      this.log.once(`binary:${d.uri}`, 'info', `Preflight skips ${d.location.path}: it looks like a binary file.`);
      return 'binary';
    }
    if (!settings.includeVendored) {
      // Library copies and bundles are not the user's code: warnings there are noise they cannot act on.
      const generated = generatedOrVendored(d.location.path, text.slice(0, 4096));
      if (
        generated &&
        (generated.reason === 'vendored' || generated.reason === 'minified' || generated.reason === 'build-output')
      ) {
        const why = `${SKIP_REASON_TEXT[generated.reason]}${generated.detail ? ` (${generated.detail})` : ''}`;
        this.log.once(
          `generated:${d.uri}`,
          'info',
          `Preflight skips ${d.location.path}: ${why}. Set preflight.includeVendored to check it.`,
        );
        return generated.reason;
      }
    }
    return undefined;
  }

  /** Another file's text for fixes: the open editor's text when open, else the file on disk. */
  private readOther(d: OpenDocument, path: string): string | undefined {
    const abs = this.paths.resolve(d.location, path);
    if (!abs) return undefined;
    const open = this.documents.all().find((o) => o.location.fsPath === abs);
    if (open) return open.parsed.currentText;
    const read = readGuardedText(abs, { maxBytes: MAX_OTHER_FILE_BYTES, within: d.location.root ?? dirname(abs) });
    return read.ok ? read.text : undefined;
  }
}
