// Code actions: each finding's fixes as quick fixes, "Ignore …" fixes, and source.fixAll.preflight.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
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

/** Whether a requested `only` filter admits a kind (kinds are hierarchical: `source` admits `source.fixAll.x`). */
function admits(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function quickFix(
  s: Services,
  d: OpenDocument,
  a: Analysis,
  fix: Fix,
  diagnostic: Diagnostic,
  preferred: boolean,
): CodeAction | undefined {
  const plan = new EditPlan(d, a.version, s.documents, s.paths, s.client);
  if (!plan.add(fix)) return undefined;
  const edit = plan.toWorkspaceEdit();
  if (!edit) return undefined; // e.g. the client cannot create the other file this fix needs
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred || undefined,
    edit,
  };
}

/** Every preferred fix that does not overlap one taken before it, in document order. */
export function fixAllAction(s: Services, d: OpenDocument, a: Analysis): CodeAction | undefined {
  const plan = new EditPlan(d, a.version, s.documents, s.paths, s.client);
  for (const f of a.findings) {
    const fix = f.fixes?.find((x) => x.preferred);
    if (fix) plan.add(fix);
  }
  if (plan.isEmpty()) return undefined;
  const edit = plan.toWorkspaceEdit();
  return edit ? { title: 'Fix all Preflight problems', kind: FIX_ALL_KIND, edit } : undefined;
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
    return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false } };
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
      if (admits(only, CodeActionKind.QuickFix)) {
        for (const f of a.findings) {
          if (!rangesTouch(toRange(d.doc, f.start, f.end), params.range)) continue;
          const diagnostic = matchingDiagnostic(params.context.diagnostics, d, f);
          const fixes = f.fixes ?? [];
          const preferred = fixes.filter((x) => x.preferred).length === 1;
          for (const fix of fixes) {
            const action = quickFix(s, d, a, fix, diagnostic, preferred && !!fix.preferred);
            if (action) actions.push(action);
          }
          for (const fix of ignoreFixes(a.file, f)) {
            const action = quickFix(s, d, a, fix, diagnostic, false);
            if (action) actions.push(action);
          }
        }
      }
      if (admits(only, FIX_ALL_KIND) && (only || actions.length)) {
        const all = fixAllAction(s, d, a);
        if (all) actions.push(all);
      }
      return actions;
    }
  },
};
