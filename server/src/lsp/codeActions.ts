// Code actions: each finding's fixes as quick fixes, "Ignore …" fixes, and source.fixAll.preflight.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ignoreFixes } from '../core/ignoreFixes';
import type { Finding, Fix } from '../core/types';
import { FIX_ALL_KIND } from '../protocol';
import type { Analysis } from './analysis';
import { rangesTouch, toRange } from './convert';
import { toDiagnostic } from './diagnostics';
import type { OpenDocument } from './documents';
import { EditPlan } from './editPlan';
import type { Feature, Services } from './services';

const FIX_ALL_TITLE = 'Fix all Preflight problems';

/** Whether a requested `only` filter admits a kind (kinds are hierarchical: `source` admits `source.fixAll.x`). */
function admits(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * What `codeAction/resolve` needs to build a deferred edit: the analysis it came from and which fix.
 * Only fixes confined to the document are deferred: such a fix always applies, so an action offered
 * unresolved never turns out empty. Fixes that touch other files are built at once, as before.
 */
interface Deferred {
  uri: string;
  resultId: string;
  /** Index of the finding in the analysis; -1 for fix-all. */
  finding: number;
  /** Index into the finding's fixes, or into its ignore fixes when `ignore`. */
  fix: number;
  ignore?: boolean;
  /** The finding and fix as offered, to find them again when workspace facts re-analysed the same text. */
  ruleId?: string;
  start?: number;
  end?: number;
  title?: string;
}

/** The client resolves an action's edit on demand and keeps `data`: fixes can wait until one is chosen. */
function canDefer(s: Services): boolean {
  const ca = s.client.textDocument?.codeAction;
  return !!ca?.dataSupport && !!ca.resolveSupport?.properties.includes('edit');
}

const inDocument = (fix: Fix): boolean => !fix.otherFiles?.length;

/** The fix as one workspace edit, or undefined when it cannot apply (e.g. the client cannot create a file). */
function editOf(s: Services, d: OpenDocument, a: Analysis, fix: Fix): WorkspaceEdit | undefined {
  const plan = new EditPlan(d, a.version, s.documents, s.paths, s.client);
  return plan.add(fix) ? plan.toWorkspaceEdit() : undefined;
}

function quickFix(
  s: Services,
  d: OpenDocument,
  a: Analysis,
  fix: Fix,
  diagnostic: Diagnostic,
  preferred: boolean,
  deferred?: Deferred,
): CodeAction | undefined {
  const lazy = deferred && inDocument(fix);
  const edit = lazy ? undefined : editOf(s, d, a, fix);
  if (!lazy && !edit) return undefined;
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred || undefined,
    ...(lazy ? { data: deferred } : { edit }),
  };
}

/** Fix-all can wait for resolve when every preferred fix stays in the document and one edits it. */
function fixAllIsSafeToDefer(a: Analysis): boolean {
  const preferred = a.findings.flatMap((f) => f.fixes?.find((x) => x.preferred) ?? []);
  return preferred.every(inDocument) && preferred.some((f) => f.edits.length > 0);
}

/** Every preferred fix that does not overlap one taken before it, in document order. */
function fixAllAction(s: Services, d: OpenDocument, a: Analysis): CodeAction | undefined {
  const plan = new EditPlan(d, a.version, s.documents, s.paths, s.client);
  for (const f of a.findings) {
    const fix = f.fixes?.find((x) => x.preferred);
    if (fix) plan.add(fix);
  }
  if (plan.isEmpty()) return undefined;
  const edit = plan.toWorkspaceEdit();
  return edit ? { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit } : undefined;
}

/** In a new analysis of the same text: the offered finding (rule and range) and its fix with the offered title. */
function sameFix(a: Analysis, data: Deferred): Fix | undefined {
  if (data.title === undefined) return undefined;
  const f = a.findings.find((x) => x.ruleId === data.ruleId && x.start === data.start && x.end === data.end);
  return f && (data.ignore ? ignoreFixes(a.file, f) : (f.fixes ?? [])).find((x) => x.title === data.title);
}

function matchingDiagnostic(context: readonly Diagnostic[], d: OpenDocument, f: Finding): Diagnostic {
  const own = toDiagnostic(d.doc, f);
  // Reuse the client's own object when it sent one, so the action is tied to what the user sees.
  return (
    context.find(
      (c) =>
        c.code === f.ruleId &&
        c.range.start.line === own.range.start.line &&
        c.range.start.character === own.range.start.character &&
        c.range.end.line === own.range.end.line &&
        c.range.end.character === own.range.end.character,
    ) ?? own
  );
}

export const codeActions: Feature = {
  name: 'codeActions',

  capabilities() {
    return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true } };
  },

  register(s: Services) {
    s.connection.onCodeAction((params, token) => s.scheduler.foreground(() => codeActionsFor(params, token)));

    async function codeActionsFor(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
      const d = s.documents.get(params.textDocument.uri);
      if (!d) return [];
      // Code actions always use the current text (even with run=onSave), so edits apply cleanly.
      const a = await s.analyzer.analyze(d, token);
      if (!a || a.skipped || token.isCancellationRequested) return [];
      const only = params.context.only;
      const actions: CodeAction[] = [];
      const lazy = canDefer(s);
      const later = (finding: number, fix: number, ignore?: boolean): Deferred | undefined => {
        if (!lazy) return undefined;
        const f = a.findings[finding];
        const title = f && (ignore ? ignoreFixes(a.file, f) : (f.fixes ?? []))[fix]?.title;
        const offered = f ? { ruleId: f.ruleId, start: f.start, end: f.end, title } : {};
        return { uri: d.uri, resultId: a.resultId, finding, fix, ...(ignore ? { ignore } : {}), ...offered };
      };
      if (admits(only, CodeActionKind.QuickFix)) {
        a.findings.forEach((f, i) => {
          if (!rangesTouch(toRange(d.doc, f.start, f.end), params.range)) return;
          const diagnostic = matchingDiagnostic(params.context.diagnostics, d, f);
          const fixes = f.fixes ?? [];
          const preferred = fixes.filter((x) => x.preferred).length === 1;
          fixes.forEach((fix, k) => {
            const action = quickFix(s, d, a, fix, diagnostic, preferred && !!fix.preferred, later(i, k));
            if (action) actions.push(action);
          });
          ignoreFixes(a.file, f).forEach((fix, k) => {
            const action = quickFix(s, d, a, fix, diagnostic, false, later(i, k, true));
            if (action) actions.push(action);
          });
        });
      }
      if (admits(only, FIX_ALL_KIND) && (only || actions.length)) {
        const deferred = later(-1, -1);
        if (deferred && fixAllIsSafeToDefer(a))
          actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: deferred });
        else {
          const all = fixAllAction(s, d, a);
          if (all) actions.push(all);
        }
      }
      return actions;
    }

    // The edit of an action offered without one: rebuilt from the same analysis, or left out when the
    // document changed since (the client then applies nothing, as with any stale action).
    s.connection.onCodeActionResolve((action, token) =>
      s.scheduler.foreground(async () => {
        const data = action.data as Deferred | undefined;
        const d = data ? s.documents.get(data.uri) : undefined;
        if (!data || !d) return action;
        const a = await s.analyzer.analyze(d, token);
        if (!a) return action;
        // Workspace facts arriving (the project model, a baseline) re-analyse the same text between the offer
        // and the choice: then the same finding's fix with the same title is the one chosen. A changed text is
        // stale, and the client applies nothing, as with any stale action.
        const same = a.resultId === data.resultId;
        if (!same && a.version !== Number(data.resultId.split('.')[0])) return action;
        if (data.finding === -1) return { ...action, edit: fixAllAction(s, d, a)?.edit };
        const f = a.findings[data.finding];
        const fix = same ? f && (data.ignore ? ignoreFixes(a.file, f) : (f.fixes ?? []))[data.fix] : sameFix(a, data);
        return fix ? { ...action, edit: editOf(s, d, a, fix) } : action;
      }),
    );
  },
};
