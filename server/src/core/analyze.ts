// The engine: runs every enabled rule over one file and returns its findings, suppressions applied.
import { familyOf, isTestPath } from './languages';
import { formatMessage } from './messages';
import { applySuppressions } from './suppressions';
import { capFindings } from './findingsCap';
import { supersede } from './supersede';
import type {
  AnalyzeOptions,
  CancelToken,
  Finding,
  Node,
  Report,
  Rule,
  Severity,
  SourceFile,
  TextContext,
  Tree,
  TreeContext,
} from './types';
import { keywordScanner, type KeywordScanner } from './keywords';
import { parse, parseableText, parseBudgetFor, ParseTimeout, parseTimeoutMessage } from '../parse/parser';
import { lazyRoot } from './lazyRoot';

export interface AnalyzeResult {
  findings: Finding[];
  /** Rules that threw on this file: reported once by the adapter, never fatal. */
  ruleErrors: { ruleId: string; error: unknown }[];
  cancelled: boolean;
  /** Why syntax-based rules did not run (e.g. the parse exceeded its time budget); text rules still ran. */
  skipped?: string;
}

const NEVER_CANCELLED: CancelToken = { isCancelled: false };

function severityFor(rule: Rule, options: AnalyzeOptions, reported?: Severity): Severity | undefined {
  const setting = options.severities?.[rule.meta.id];
  if (setting === 'off') return undefined;
  return setting ?? reported ?? rule.meta.defaultSeverity;
}

const keywordScanners = new WeakMap<readonly Rule[], KeywordScanner>();

/** The keywords of `rules` that occur in `text`, found in one pass over the text (see keywords.ts). */
function presentKeywords(rules: readonly Rule[], text: string): (keyword: string) => boolean {
  let scanner = keywordScanners.get(rules);
  if (!scanner) {
    scanner = keywordScanner(rules.flatMap((r) => r.keywords ?? []));
    keywordScanners.set(rules, scanner);
  }
  const found = scanner(text);
  return (keyword) => found.has(keyword);
}

function addTime(times: Map<string, number>, key: string, since: number, less = 0): void {
  times.set(key, (times.get(key) ?? 0) + performance.now() - since - less);
}

/** The lazy root's language has no grammar loaded: as with an eager parse, the tree hooks do not run. */
class NoGrammar extends Error {}

/**
 * Runs `rules` (adapters pass the registry, `RULES` from rules/index.ts) over one file. Synchronous once
 * `initParsers()` has resolved. Pass `tree` when the caller
 * keeps an incrementally parsed tree for the text; otherwise the file is parsed here.
 */
export function analyze(
  rules: readonly Rule[],
  file: SourceFile,
  options: AnalyzeOptions = {},
  cancel: CancelToken = NEVER_CANCELLED,
  tree?: Tree | null,
): AnalyzeResult {
  const steps = analysisSteps(rules, file, options, cancel, tree);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * analyze() that lets the event loop turn between two rules once `sliceMs` passed since the last turn: the
 * language server then reads an edit that arrived meanwhile, and `cancel` (the document's version changed)
 * stops the analysis of the stale text at the next rule instead of making the new keystroke wait for it.
 */
export async function analyzeYielding(
  rules: readonly Rule[],
  file: SourceFile,
  options: AnalyzeOptions,
  cancel: CancelToken,
  tree: Tree | null | undefined,
  sliceMs: number,
): Promise<AnalyzeResult> {
  const steps = analysisSteps(rules, file, options, cancel, tree);
  let turned = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - turned < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    turned = performance.now();
  }
}

/** The analysis, one rule per step: the drivers above run it at once or turning the event loop between rules. */
function* analysisSteps(
  rules: readonly Rule[],
  file: SourceFile,
  options: AnalyzeOptions,
  cancel: CancelToken,
  tree: Tree | null | undefined,
): Generator<void, AnalyzeResult, void> {
  const findings: Finding[] = [];
  const ruleErrors: AnalyzeResult['ruleErrors'] = [];
  const opts: AnalyzeOptions = { isTestFile: isTestPath(file.path), ...options };
  const times = options.ruleTimes;
  const present = options.keywordsPresent ?? presentKeywords(rules, file.text);
  const active = rules.filter(
    (r) => options.severities?.[r.meta.id] !== 'off' && (!r.keywords || r.keywords.some(present)),
  );
  const family = familyOf(file.languageId);
  const reporter =
    (rule: Rule) =>
    ({ messageId, data, severity: reported, ...where }: Report) => {
      const message = formatMessage(rule.meta, messageId, data);
      const severity = severityFor(rule, opts, reported);
      if (severity) findings.push({ ...where, ruleId: rule.meta.id, severity, messageId, message });
    };

  const treeRules = family ? active.filter((r) => r[family]) : [];
  let ownTree: Tree | undefined;
  let skipped: string | undefined;
  let root: Node | undefined;
  /** Milliseconds spent parsing (a lazy root is parsed inside the rule that first reads it). */
  let parseMs = 0;
  /** A lazy root's parse gave up or found no grammar: what the tree hooks reported is dropped (see below). */
  let lazyFailed = false;
  if (treeRules.length && tree === null)
    skipped = parseTimeoutMessage(parseBudgetFor(file.text)); // the caller's parse gave up
  else if (treeRules.length && tree) root = tree.rootNode;
  else if (treeRules.length)
    // Parsed on first use: a file where no rule finds a candidate in the text is never parsed.
    root = lazyRoot(
      () => {
        const parseStart = performance.now();
        try {
          ownTree = parse(file.languageId, file.text);
        } catch (error) {
          if (error instanceof ParseTimeout) skipped = error.message;
          lazyFailed = true;
          throw error;
        } finally {
          parseMs += performance.now() - parseStart;
        }
        if (!ownTree) {
          lazyFailed = true;
          throw new NoGrammar();
        }
        return ownTree.rootNode;
      },
      parseableText(file.languageId, file.text),
    );
  const isLazy = root !== undefined && !tree;
  /** Findings of tree hooks, and text hooks that were told the tree is there, by index into `findings`. */
  const fromTree = new Set<number>();
  const toldTreeThere = new Map<Rule, number[]>();
  const runText = (rule: Rule): void => {
    const first = findings.length;
    let asked = false;
    const ctx: TextContext = {
      file,
      text: file.text,
      report: reporter(rule),
      options: opts,
      get treeSkipped() {
        asked = true;
        return skipped !== undefined;
      },
    };
    rule.text!(ctx);
    if (asked && skipped === undefined && isLazy)
      toldTreeThere.set(
        rule,
        Array.from({ length: findings.length - first }, (_, i) => first + i),
      );
  };
  try {
    // ONE root object for every rule: `tree.rootNode` returns a fresh object on each access, and rule
    // helpers memoise per root (WeakMap), so a shared root is what lets them share work across rules.
    for (const rule of active) {
      if (cancel.isCancelled) return { findings: [], ruleErrors, cancelled: true };
      const ruleStart = times ? performance.now() : 0;
      const parsedBefore = parseMs;
      try {
        if (rule.text) runText(rule);
        const hook = family ? rule[family] : undefined;
        if (hook && root && family && !lazyFailed) {
          const ctx: TreeContext = {
            file,
            family,
            text: file.text,
            root,
            report: reporter(rule),
            options: opts,
          };
          const first = findings.length;
          try {
            hook.call(rule, ctx);
          } finally {
            for (let i = first; i < findings.length; i++) fromTree.add(i);
          }
        }
      } catch (error) {
        // The lazy root's parse failing inside a rule is the file's outcome (below), not the rule's error.
        if (!(lazyFailed && (error instanceof ParseTimeout || error instanceof NoGrammar)))
          ruleErrors.push({ ruleId: rule.meta.id, error });
      }
      if (times) {
        addTime(times, rule.meta.id, ruleStart, parseMs - parsedBefore);
        if (parseMs > parsedBefore) times.set('(parse)', (times.get('(parse)') ?? 0) + parseMs - parsedBefore);
      }
      yield;
    }
    if (lazyFailed) {
      // As if the file had been parsed before the rules ran: no tree hook ran, and text hooks knew it.
      const rerun = skipped === undefined ? [] : [...toldTreeThere.keys()];
      const drop = new Set([...fromTree, ...rerun.flatMap((r) => toldTreeThere.get(r) ?? [])]);
      const kept = findings.filter((_, i) => !drop.has(i));
      findings.length = 0;
      findings.push(...kept);
      for (const rule of rerun)
        try {
          runText(rule);
        } catch (error) {
          ruleErrors.push({ ruleId: rule.meta.id, error });
        }
    }
  } finally {
    ownTree?.delete();
  }
  // Before suppressions: dismissing the one finding left for a problem dismisses the problem, not just its name.
  const kept = applySuppressions(file.text, supersede(findings, active)).sort(
    (a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId),
  );
  return { findings: capFindings(kept), ruleErrors, cancelled: false, ...(skipped ? { skipped } : {}) };
}
