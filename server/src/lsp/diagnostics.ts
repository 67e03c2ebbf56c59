// Diagnostics: pull (textDocument/diagnostic, cached per version) or push for clients without pull.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { Analysis } from './analysis';
import { toRange, type OffsetMap } from './convert';
import type { OpenDocument } from './documents';
import type { Feature, Services } from './services';

/** How long after a provisional answer its full analysis starts: time for the answer to be written out. */
const ANSWER_SENT_MS = 5;
/**
 * How long a keystroke's full analysis in a big file may run before the pull is answered provisionally
 * anyway (the analysis goes on, then refreshes): the up-front guess (a slow re-parse, a slow last
 * analysis) misses a broken state whose rules are slow after a quick one.
 */
const TYPING_ANSWER_MS = Number(process.env.PREFLIGHT_TYPING_ANSWER_MS ?? 30);
/** Push mode waits this long after the last keystroke before analysing (pull mode: the client paces). */
const PUSH_DEBOUNCE_MS = 200;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

// The rule docs ship in the extension next to the bundle: out/cli.js -> ../docs/rules/<id>.md.
const docsDir = join(__dirname, '..', 'docs', 'rules');
const docLinks = new Map<string, string | undefined>();

export function docLink(ruleId: string): string | undefined {
  if (!docLinks.has(ruleId)) {
    const file = join(docsDir, `${ruleId}.md`);
    docLinks.set(ruleId, existsSync(file) ? pathToFileURL(file).href : undefined);
  }
  return docLinks.get(ruleId);
}

export function toDiagnostic(map: OffsetMap, f: Finding): Diagnostic {
  const href = docLink(f.ruleId);
  return {
    range: toRange(map, f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
}

/** Lets queued messages (newer edits, cancellations) arrive before deciding whether to analyse. */
const yieldToMessages = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const diagnostics: Feature = {
  name: 'diagnostics',

  capabilities(client) {
    return client.textDocument?.diagnostic
      ? {
          diagnosticProvider: {
            identifier: DIAGNOSTIC_SOURCE,
            // Findings read the project model: a change in one file can change another's.
            interFileDependencies: true,
            workspaceDiagnostics: false,
          },
        }
      : {};
  },

  register(s: Services) {
    const { connection, documents, analyzer } = s;
    const pull = (): boolean => !!s.client.textDocument?.diagnostic;
    // Diagnostics shown while run=onSave: the analysis of the last opened/saved text.
    const saved = new Map<string, { analysis: Analysis; items: Diagnostic[] }>();

    const itemsOf = (d: OpenDocument, a: Analysis): Diagnostic[] => a.findings.map((f) => toDiagnostic(d.doc, f));

    async function snapshot(d: OpenDocument): Promise<void> {
      const a = await analyzer.analyze(d);
      if (a) saved.set(d.uri, { analysis: a, items: itemsOf(d, a) });
    }

    connection.languages.diagnostics.on((params, token) =>
      s.scheduler.foreground(() => pullDiagnostics(params, token)),
    );

    async function pullDiagnostics(
      params: DocumentDiagnosticParams,
      token: CancellationToken,
    ): Promise<DocumentDiagnosticReport> {
      const d = documents.get(params.textDocument.uri);
      if (!d) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const cancelled = (): ResponseError<{ retriggerRequest: boolean }> =>
        new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed', { retriggerRequest: true });
      await yieldToMessages();
      if (token.isCancellationRequested) throw cancelled();
      const settings = await s.settings.get(d.uri);
      if (settings.run === 'onSave') {
        if (!saved.has(d.uri)) await snapshot(d);
        const snap = saved.get(d.uri);
        const resultId = `saved.${snap?.analysis.resultId ?? 'none'}`;
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: snap?.items ?? [] };
      }
      const cached = analyzer.cached(d);
      if (cached && params.previousResultId === cached.resultId)
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: cached.resultId };
      // A keystroke whose re-parse is slow (a broken state in a big file): provisional findings now, the full
      // analysis right after, then a refresh so the client pulls it. Only a client that pulls on refresh gets it.
      const early = !cached && s.client.workspace?.diagnostics?.refreshSupport ? analyzer.provisional(d) : undefined;
      if (early) {
        finishLater(d);
        return { kind: DocumentDiagnosticReportKind.Full, resultId: early.resultId, items: itemsOf(d, early) };
      }
      const a = cached ?? (await analyzeWithin(d, token));
      if (!a) throw cancelled();
      return { kind: DocumentDiagnosticReportKind.Full, resultId: a.resultId, items: itemsOf(d, a) };
    }

    /**
     * The full analysis, or, in a big file whose last analysis can be carried over the edits, a provisional
     * answer once the analysis has taken TYPING_ANSWER_MS: the analysis runs on and then refreshes.
     */
    async function analyzeWithin(d: OpenDocument, token: CancellationToken): Promise<Analysis | undefined> {
      const version = d.doc.version;
      const running = analyzer.analyze(d, token);
      if (!s.client.workspace?.diagnostics?.refreshSupport) return running;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), TYPING_ANSWER_MS)));
      const first = await Promise.race([running, late]);
      clearTimeout(timer);
      if (first !== 'late') return first;
      // An edit meanwhile: this pull's version is gone, and its analysis ends as cancelled.
      const carried = d.doc.version === version ? analyzer.carriedOver(d) : undefined;
      if (!carried) return running;
      void s.scheduler
        .foreground(() => running)
        .then((a) => {
          if (a && documents.get(d.uri) === d && d.doc.version === version) refresh();
        })
        .catch((e: unknown) => s.log.error(`Preflight: analysing after a provisional answer failed: ${String(e)}`));
      return carried;
    }

    /** The full analysis of the version a provisional answer was given for, then a refresh (unless typing went on). */
    const finishing = new Set<string>();
    function finishLater(d: OpenDocument): void {
      const key = `${d.uri}#${d.doc.version}`;
      if (finishing.has(key)) return;
      finishing.add(key);
      const version = d.doc.version;
      const current = (): boolean => documents.get(d.uri) === d && d.doc.version === version;
      // A timer, not setImmediate: the connection writes the provisional answer in a setImmediate of its own,
      // queued after this call; the analysis must not run (synchronously) before that answer has gone out.
      setTimeout(() => {
        if (!current()) {
          finishing.delete(key);
          return;
        }
        void s.scheduler
          .foreground(() => analyzer.analyze(d))
          .then((a) => {
            if (a && current()) refresh();
          })
          .catch((e: unknown) => s.log.error(`Preflight: analysing after a provisional answer failed: ${String(e)}`))
          .finally(() => finishing.delete(key));
      }, ANSWER_SENT_MS);
    }

    // Push mode (e.g. Neovim 0.7): analyse on open/save at once, debounced while typing.
    const timers = new Map<string, NodeJS.Timeout>();
    async function publish(d: OpenDocument): Promise<void> {
      timers.delete(d.uri);
      if (documents.get(d.uri) !== d) return;
      const a = await s.scheduler.foreground(() => analyzer.analyze(d));
      if (a && documents.get(d.uri) === d && a.version === d.doc.version) {
        await connection.sendDiagnostics({ uri: d.uri, version: a.version, diagnostics: itemsOf(d, a) });
      }
    }
    function schedule(d: OpenDocument, delay: number): void {
      clearTimeout(timers.get(d.uri));
      timers.set(
        d.uri,
        setTimeout(
          () =>
            void publish(d).catch((e: unknown) =>
              s.log.error(`Preflight: publishing diagnostics failed: ${String(e)}`),
            ),
          delay,
        ),
      );
    }

    documents.onDidOpen((d) => {
      if (pull()) void snapshotIfOnSave(d);
      else schedule(d, 0);
    });
    documents.onDidChange((d) => {
      if (pull()) return; // the client pulls after each change
      void s.settings.get(d.uri).then((st) => {
        if (st.run === 'onType') schedule(d, PUSH_DEBOUNCE_MS);
      });
    });
    documents.onDidSave((d) => {
      if (!pull()) {
        schedule(d, 0);
        return;
      }
      void s.settings.get(d.uri).then(async (st) => {
        if (st.run !== 'onSave') return;
        await snapshot(d);
        refresh();
      });
    });
    documents.onDidClose((d) => {
      clearTimeout(timers.get(d.uri));
      timers.delete(d.uri);
      saved.delete(d.uri);
      if (!pull()) void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
    });

    async function snapshotIfOnSave(d: OpenDocument): Promise<void> {
      const st = await s.settings.get(d.uri);
      if (st.run === 'onSave') await snapshot(d);
    }

    /** Asks the client to pull again (pull) or re-publishes every open document (push). */
    function refresh(): void {
      if (!pull()) {
        for (const d of documents.all()) schedule(d, 0);
      } else if (s.client.workspace?.diagnostics?.refreshSupport) {
        void connection.languages.diagnostics.refresh();
      }
    }

    s.settings.onDidChange(() => {
      analyzer.invalidate();
      saved.clear(); // re-taken on the next pull
      refresh();
    });
    s.refreshDiagnostics = refresh;
  },
};
