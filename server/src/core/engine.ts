// The engine: runs the given rules over one file and returns their findings, suppressions applied. It loads
// no rule and no grammar itself (`analyze.ts` adds the registry and the parser), so `preflight scan`'s small
// bundle can run the secret rule through it without loading every rule and tree-sitter.
import { familyOf, isTestPath } from './languages';
import { applySuppressions } from './suppressions';
import type {
  AnalyzeOptions,
  CancelToken,
  Family,
  Finding,
  Node,
  Rule,
  Severity,
  SourceFile,
  TextContext,
  Tree,
  TreeContext,
} from './types';
import { keywordScanner, type KeywordScanner } from './keywords';

export interface AnalyzeResult {
  findings: Finding[];
  /** Rules that threw on this file: reported once by the adapter, never fatal. */
  ruleErrors: { ruleId: string; error: unknown }[];
  cancelled: boolean;
  /** Why syntax-based rules did not run (e.g. the parse exceeded its time budget); text rules still ran. */
  skipped?: string;
}

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

/** Collects, in one native pass, every node type the active rules asked for. */
function nodeIndex(root: Node, rules: readonly Rule[], family: Family): (type: string) => readonly Node[] {
  let buckets: Map<string, Node[]> | undefined;
  return (type) => {
    if (!buckets) {
      const types = new Set<string>();
      for (const r of rules) for (const t of r.nodeTypes?.[family] ?? []) types.add(t);
      buckets = new Map([...types].map((t) => [t, [] as Node[]]));
      for (const n of root.descendantsOfType([...types])) if (n) buckets.get(n.type)?.push(n);
    }
    const hit = buckets.get(type);
    if (!hit) throw new Error(`node type "${type}" is not declared in the rule's nodeTypes.${family}`);
    return hit;
  };
}

/** How the engine gets a syntax tree when the caller has none (analyze.ts: tree-sitter with a time budget). */
export interface TreeSource {
  parse(languageId: string, text: string): Tree | undefined;
  /** Whether an error thrown by `parse` means "gave up" (syntax rules skipped), and why; others propagate. */
  gaveUp(error: unknown): string | undefined;
  /** The reason given when the caller's own parse gave up (`tree === null`). */
  gaveUpReason(text: string): string;
}

/**
 * Runs `rules` over one file. `tree`: the caller's (incrementally parsed) tree, `null` when the caller's
 * parse gave up or there is to be no parse (text hooks stand in), undefined to parse here with `trees`.
 */
export function runRules(
  file: SourceFile,
  options: AnalyzeOptions,
  cancel: CancelToken | undefined,
  tree: Tree | null | undefined,
  rules: readonly Rule[],
  trees?: TreeSource,
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
  const reporter = (rule: Rule) => (f: Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity }) => {
    const severity = severityFor(rule, opts, f.severity);
    if (severity) findings.push({ ...f, ruleId: rule.meta.id, severity });
  };

  const treeRules = family ? active.filter((r) => r[family]) : [];
  let ownTree: Tree | undefined;
  let skipped: string | undefined;
  let theTree: Tree | undefined;
  if (treeRules.length && (tree === null || (!tree && !trees)))
    skipped = trees?.gaveUpReason(file.text) ?? 'no syntax tree'; // the caller's parse gave up, or none wanted
  else if (treeRules.length) {
    const parseStart = times ? performance.now() : 0;
    try {
      theTree = tree ?? (ownTree = trees?.parse(file.languageId, file.text));
      if (times && !tree) addTime(times, '(parse)', parseStart);
    } catch (error) {
      skipped = trees?.gaveUp(error);
      if (skipped === undefined) throw error;
    }
  }
  try {
    // ONE root object for every rule: `tree.rootNode` returns a fresh object on each access, and rule
    // helpers memoise per root (WeakMap), so a shared root is what lets them share work across rules.
    const root = theTree?.rootNode;
    const nodes = root && family ? nodeIndex(root, treeRules, family) : undefined;
    for (const rule of active) {
      if (cancel?.isCancelled) return { findings: [], ruleErrors, cancelled: true };
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
        if (hook && root && nodes && family) {
          const ctx: TreeContext = {
            file,
            family,
            text: file.text,
            root,
            nodes,
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
  const kept = applySuppressions(file.text, findings).sort(
    (a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId),
  );
  return { findings: kept, ruleErrors, cancelled: false, ...(skipped ? { skipped } : {}) };
}
