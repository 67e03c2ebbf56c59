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
  Report,
  Rule,
  Severity,
  SourceFile,
  TextContext,
  Tree,
  TreeContext,
} from './types';
import { keywordScanner, type KeywordScanner } from './keywords';
import { parse, parseBudgetFor, ParseTimeout, parseTimeoutMessage } from '../parse/parser';

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

function addTime(times: Map<string, number>, key: string, since: number): void {
  times.set(key, (times.get(key) ?? 0) + performance.now() - since);
}

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
  let theTree: Tree | undefined;
  if (treeRules.length && tree === null)
    skipped = parseTimeoutMessage(parseBudgetFor(file.text)); // the caller's parse gave up
  else if (treeRules.length) {
    const parseStart = times ? performance.now() : 0;
    try {
      theTree = tree ?? (ownTree = parse(file.languageId, file.text));
      if (times && !tree) addTime(times, '(parse)', parseStart);
    } catch (error) {
      if (!(error instanceof ParseTimeout)) throw error;
      skipped = error.message;
    }
  }
  try {
    // ONE root object for every rule: `tree.rootNode` returns a fresh object on each access, and rule
    // helpers memoise per root (WeakMap), so a shared root is what lets them share work across rules.
    const root = theTree?.rootNode;
    for (const rule of active) {
      if (cancel.isCancelled) return { findings: [], ruleErrors, cancelled: true };
      const ruleStart = times ? performance.now() : 0;
      try {
        if (rule.text) {
          const ctx: TextContext = {
            file,
            text: file.text,
            report: reporter(rule),
            options: opts,
            treeSkipped: skipped !== undefined,
          };
          rule.text(ctx);
        }
        const hook = family ? rule[family] : undefined;
        if (hook && root && family) {
          const ctx: TreeContext = {
            file,
            family,
            text: file.text,
            root,
            report: reporter(rule),
            options: opts,
          };
          hook.call(rule, ctx);
        }
      } catch (error) {
        ruleErrors.push({ ruleId: rule.meta.id, error });
      }
      if (times) addTime(times, rule.meta.id, ruleStart);
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
