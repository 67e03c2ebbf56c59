// The checklist engine: evaluates every item of a workspace folder from its evidence, then applies ticks
// and waivers. The one function both the language server and `preflight checklist` call.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CancelToken, SeveritySetting } from '../core/types';
import { isTestPath } from '../core/languages';
import { RULES } from '../rules';
import { handlerHints, type HandlerHints } from '../model/hints';
import { ProjectModel } from '../model/project';
import { appsOfKind, kindWords, notApplicable, type EvalContext, type Evaluator } from './context';
import { detectStacks, type AppKind } from '../model/stacks';
import { endpointsAuth, ruleFindings, securityHeaders } from './evidence/code';
import { envExampleComplete, gitignoreCovers, ignoreProbes, noTrackedSecretFiles } from './evidence/files';
import { dependencyAudit, historyScan, hookOrStagedScan } from './evidence/git';
import { loadItems, stringList, type ChecklistItem, type EvidenceKind } from './items';
import { collectRepoFacts } from './repoFacts';
import { loadState, type LoadedState } from './state';
import type { ChecklistReport, ItemResult, Verdict } from './types';
import { WorkspaceIndex } from './workspaceIndex';

const EVALUATORS: Record<EvidenceKind, Evaluator> = {
  'gitignore-covers': gitignoreCovers,
  'env-example-complete': envExampleComplete,
  'no-tracked-secret-files': noTrackedSecretFiles,
  'endpoints-auth': endpointsAuth,
  'rule-findings': ruleFindings,
  'hook-or-staged-scan': hookOrStagedScan,
  'dependency-audit': dependencyAudit,
  'history-scan': historyScan,
  'security-headers': securityHeaders,
  manual: () => ({ state: 'manual', summary: 'Check this by hand, then tick it.', evidence: [] }),
};

/** The shipped `checklist/` folder: next to the bundle's parent (out/..), or the repository when run from source. */
export function defaultChecklistDir(from = __dirname): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, 'checklist', 'gitignore-secrets.md'))) return join(d, 'checklist');
    if (dirname(d) === d) return join(from, '..', 'checklist');
  }
}

export interface EvaluateOptions {
  /** Folder of item files (default: the shipped checklist). */
  checklistDir?: string;
  severities?: Record<string, SeveritySetting>;
  /** `preflight.publicEndpoints`. */
  publicEndpoints?: readonly string[];
  exclude?: readonly string[];
  maxFileSizeKb?: number;
  includeVendored?: boolean;
  /** A long-lived index for incremental re-evaluation (the language server keeps one per folder). */
  index?: WorkspaceIndex;
  /** Skip re-walking: use the index as it is (e.g. only the git index or checklist.json changed). */
  reuseIndex?: boolean;
  /**
   * The project model the caller keeps up to date (the language server holds one per folder). Without it
   * one is built from the index's facts, and the files whose findings depend on it are analysed again.
   */
  model?: ProjectModel;
  cancel?: CancelToken;
  onProgress?: (done: number, total: number) => void;
  /** Awaited between files of the workspace index (see RefreshOptions.pause). */
  pause?: () => Promise<void>;
  now?: Date;
}

/**
 * `evidence.appliesTo`: the item concerns only these app kinds. It still applies when the endpoint
 * inventory found handlers of that kind, or when its rules report problems (evidence beats detection).
 */
function notApplicableWhy(item: ChecklistItem, ctx: EvalContext): string | undefined {
  const kinds = stringList(item, 'appliesTo') as AppKind[];
  if (!kinds.length || appsOfKind(ctx, kinds).length) return undefined;
  if (kinds.includes('web-server') && ctx.endpoints.some((e) => e.kind === 'http')) return undefined;
  if (kinds.includes('bot') && ctx.endpoints.some((e) => e.kind === 'bot')) return undefined;
  const rules = new Set(stringList(item, 'rules'));
  if (ctx.files.some((f) => f.findings.some((x) => rules.has(x.ruleId) && x.severity !== 'info'))) return undefined;
  return `no ${kindWords(kinds)} in this workspace${ctx.stacks.summary ? ` (${ctx.stacks.summary})` : ''}`;
}

/** Runs one evaluator; a throwing evaluator makes its item "unknown" with the reason, never a crash. */
function judge(item: ChecklistItem, ctx: EvalContext): Verdict {
  try {
    const why = notApplicableWhy(item, ctx);
    if (why) return notApplicable(why);
    return EVALUATORS[item.evidence.kind](item, ctx);
  } catch (error) {
    return {
      state: 'unknown',
      summary: 'The evidence could not be evaluated.',
      evidence: [{ message: error instanceof Error ? error.message : String(error), level: 'info' }],
    };
  }
}

/** Combines evidence and the stored decision into what is shown and counted. */
function resolveItem(item: ChecklistItem, verdict: Verdict, state: LoadedState['state']): ItemResult {
  const decision = state.items[item.id];
  let status: ItemResult['status'] = verdict.state;
  // A tick records a manual check; it means nothing on an item the evidence already passes or fails.
  if (decision?.status === 'waived' && verdict.state !== 'pass') status = 'waived';
  else if (decision?.status === 'ticked' && (verdict.state === 'manual' || verdict.state === 'unknown'))
    status = 'ticked';
  return {
    ...verdict,
    id: item.id,
    phase: item.phase,
    title: item.title,
    severity: item.severity,
    kind: item.evidence.kind,
    body: item.body,
    decision,
    status,
    fixes: verdict.fixes ?? [],
  };
}

export function summarise(items: readonly ItemResult[]): ChecklistReport['summary'] {
  const count = (pred: (i: ItemResult) => boolean): number => items.filter(pred).length;
  return {
    total: items.length,
    done: count((i) => i.status === 'pass' || i.status === 'ticked' || i.status === 'waived'),
    failed: count((i) => i.status === 'fail'),
    unknown: count((i) => i.status === 'unknown'),
    manual: count((i) => i.status === 'manual'),
    notApplicable: count((i) => i.status === 'not-applicable'),
  };
}

export interface Evaluation {
  ctx: EvalContext;
  items: ChecklistItem[];
  state: LoadedState;
  problems: string[];
}

/** Gathers every fact (walks and analyses the workspace through the index, asks git); no verdicts yet. */
export async function buildContext(root: string, options: EvaluateOptions = {}): Promise<Evaluation> {
  const problems: string[] = [];
  const loaded = loadItems(options.checklistDir ?? defaultChecklistDir());
  problems.push(...loaded.errors);
  const index = options.index ?? new WorkspaceIndex(root);
  const inventory = { publicEndpoints: options.publicEndpoints };
  let complete = true;
  const refresh = async (handlerHints: HandlerHints | undefined): Promise<void> => {
    const refreshed = await index.refresh({
      severities: options.severities,
      exclude: options.exclude,
      maxFileSizeKb: options.maxFileSizeKb,
      includeVendored: options.includeVendored,
      cancel: options.cancel,
      onProgress: options.onProgress,
      pause: options.pause,
      handlerHints,
      modelFacts: !options.model,
    });
    problems.push(...refreshed.problems);
    complete = !refreshed.cancelled;
  };
  // The project model resolves full paths, mount chains and cross-file guards from every file's facts; its
  // per-handler facts reach the rules, so the checklist counts what lint and the editor show.
  const walk = !options.reuseIndex || !index.size;
  let model = options.model;
  if (model) {
    if (walk) await refresh(handlerHints(model, inventory));
  } else {
    if (walk) await refresh(undefined);
    model = new ProjectModel();
    for (const f of index.facts()) if (f.model) model.update(f.model);
    // Only the files whose handlers the model knows more about are analysed again.
    if (walk && complete && model.size) await refresh(handlerHints(model, inventory));
  }
  const files = index.facts();
  // Streamlit pages are entry points in `preflight endpoints`, but the checklist's endpoint items are about routes.
  // nor are routes a test file registers
  const endpoints = model.endpoints(inventory).filter((e) => e.method !== 'PAGE' && !isTestPath(e.file));
  const repo = await collectRepoFacts(root);
  const state = loadState(root, options.now);
  if (state.problem) problems.push(state.problem.message);
  problems.push(...(repo.records.problems ?? []));
  const failing = [...new Set(files.flatMap((f) => f.ruleErrors))];
  if (failing.length) problems.push(`Some rules failed on some files and were skipped: ${failing.join(', ')}`);
  const stacks = detectStacks({ paths: files.map((f) => f.path), read: repo.read, exists: repo.exists });
  const ctx: EvalContext = {
    root,
    files,
    endpoints,
    repo,
    stacks,
    severities: options.severities ?? {},
    knownRules: new Set(RULES.map((r) => r.meta.id)),
    analysisComplete: complete,
  };
  // Ignore verdicts come from git itself where there is one (nested files, info/exclude, core.excludesFile).
  await repo.preloadIgnored(
    loaded.items.filter((i) => i.evidence.kind === 'gitignore-covers').flatMap((i) => ignoreProbes(i, ctx)),
  );
  return { ctx, items: loaded.items, state, problems };
}

export function report(evaluation: Evaluation, now = new Date()): ChecklistReport {
  const { ctx, items, state, problems } = evaluation;
  const results = items.map((item) => resolveItem(item, judge(item, ctx), state.state));
  return {
    root: ctx.root,
    generatedAt: now.toISOString(),
    items: results,
    endpoints: [...ctx.endpoints],
    stacks: ctx.stacks,
    summary: summarise(results),
    problems,
  };
}

export async function evaluateChecklist(root: string, options: EvaluateOptions = {}): Promise<ChecklistReport> {
  return report(await buildContext(root, options), options.now);
}

/** Exit status for CI: an automatic item that fails (and is not waived) fails the run. */
export function hasFailures(report: ChecklistReport): boolean {
  return report.items.some((i) => i.status === 'fail');
}
