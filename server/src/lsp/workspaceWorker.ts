// The server's side of the workspace worker (lsp/background/worker.ts): starts the thread, forwards what it
// needs (workspace folders, files saved or changed on disk with the editor's text of open ones, settings
// changes, trust) and answers its questions (settings); relays what it says (notifications, log lines,
// progress) to the client. Every background message is handled in a short, timed step: the longest one is
// reported by `preflight/backgroundStats`. A worker that dies is started again (a few times) with the same state.
import { Worker } from 'node:worker_threads';
import {
  FileChangeType,
  type CancellationToken,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import type { HandlerHints } from '../model/hints';
import { BackgroundStatsRequest } from '../protocol';
import { describeError } from './log';
import { uriToFsPath } from './paths';
import type { FileChange, FromWorker, ToWorker, WorkerCalls, WorkerInput } from './background/messages';
import { WORKER_KIND } from './background/messages';
import type { Services } from './services';

const MAX_RESTARTS = 3;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkspaceWorker {
  private worker?: Worker;
  private nextId = 0;
  private restarts = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly progress = new Map<number, Promise<WorkDoneProgressServerReporter | undefined>>();
  private readonly hintListeners: Array<(root: string, hints: HandlerHints | undefined) => void> = [];
  private folders: string[] = [];
  private longestMs = 0;
  private messages = 0;

  constructor(private readonly s: Services) {}

  /** Starts the thread (after `initialize`: trust and client capabilities are known). */
  start(): void {
    const input: WorkerInput = {
      kind: WORKER_KIND,
      clock: this.s.scheduler.shared,
      trusted: this.s.trust.trusted,
      progress: !!this.s.client.window?.workDoneProgress,
    };
    // The worker runs this same bundle (out/cli.js), which starts the worker's body when it sees its kind.
    const worker = new Worker(__filename, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker = worker;
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (error) => this.s.log.error(`Preflight: the workspace worker failed: ${describeError(error)}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`the workspace worker stopped (exit code ${code})`));
      this.pending.clear();
      for (const id of [...this.progress.keys()]) this.endProgress(id);
      if (this.restarts++ < MAX_RESTARTS) {
        this.s.log.error(`Preflight: the workspace worker stopped (exit code ${code}); starting it again.`);
        this.start();
        this.post({ kind: 'folders', roots: this.folders });
      }
    });
    worker.unref();
  }

  post(message: ToWorker): void {
    if (message.kind === 'folders') this.folders = message.roots;
    this.worker?.postMessage(message);
  }

  /** Asks the worker; the client's cancellation is passed on. */
  call<K extends keyof WorkerCalls>(method: K, params: WorkerCalls[K], token?: CancellationToken): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      if (!this.worker) {
        reject(new Error('the workspace worker is not running'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      token?.onCancellationRequested(() => this.post({ kind: 'cancel', id }));
      this.post({ kind: 'call', id, method, params });
    });
  }

  onHints(listener: (root: string, hints: HandlerHints | undefined) => void): void {
    this.hintListeners.push(listener);
  }

  /** Files saved in the editor (the model re-reads them) or changed on disk (the model and the checklist). */
  files(kind: 'saved' | 'watched', changes: FileChange[]): void {
    if (changes.length) this.post({ kind, changes });
  }

  /** Watched-file events as changes, with the editor's text of the files open there. */
  changesOf(events: ReadonlyArray<{ uri: string; deleted: boolean }>): FileChange[] {
    const open = new Map(this.s.documents.all().map((d) => [d.location.fsPath, d]));
    const out: FileChange[] = [];
    for (const e of events) {
      const fsPath = uriToFsPath(e.uri);
      if (!fsPath) continue;
      const text = e.deleted ? undefined : open.get(fsPath)?.parsed.currentText;
      out.push({ fsPath, deleted: e.deleted, ...(text === undefined ? {} : { text }) });
    }
    return out;
  }

  private receive(m: FromWorker): void {
    const started = performance.now();
    try {
      this.handle(m);
    } catch (error) {
      this.s.log.error(`Preflight: a message of the workspace worker failed: ${describeError(error)}`);
    }
    this.messages++;
    this.longestMs = Math.max(this.longestMs, performance.now() - started);
  }

  private handle(m: FromWorker): void {
    switch (m.kind) {
      case 'hints':
        for (const l of this.hintListeners) l(m.root, m.hints);
        break;
      case 'notify':
        void this.s.connection.sendNotification(m.method, m.params);
        break;
      case 'log':
        this.s.log[m.level](m.message);
        break;
      case 'getSettings':
        void this.s.settings.get(m.uri).then((settings) => this.post({ kind: 'settings', id: m.id, settings }));
        break;
      case 'result': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(m.message));
        break;
      }
      case 'progress':
        this.onProgress(m);
        break;
    }
  }

  private onProgress(m: Extract<FromWorker, { kind: 'progress' }>): void {
    if (m.phase === 'begin') {
      const created = this.s.connection.window.createWorkDoneProgress().then(
        (p) => {
          p.begin(m.title ?? 'Preflight', 0, m.message, true);
          p.token.onCancellationRequested(() => this.post({ kind: 'cancel', id: m.id }));
          return p;
        },
        () => undefined,
      );
      this.progress.set(m.id, created);
    } else if (m.phase === 'report') {
      void this.progress.get(m.id)?.then((p) => p?.report(m.percentage ?? 0, m.message ?? ''));
    } else this.endProgress(m.id);
  }

  private endProgress(id: number): void {
    void this.progress.get(id)?.then((p) => p?.done());
    this.progress.delete(id);
  }

  /** The `preflight/backgroundStats` answer. */
  async stats(): Promise<{ serverThreadLongestMs: number; serverThreadMessages: number; workerLongestMs?: number }> {
    const worker = (await this.call('stats', {}).catch(() => undefined)) as { longestMs: number } | undefined;
    return {
      serverThreadLongestMs: this.longestMs,
      serverThreadMessages: this.messages,
      workerLongestMs: worker?.longestMs,
    };
  }
}

/** Wires the worker to the server: folders, settings, trust, files, and the stats request. */
export function startWorkspaceWorker(s: Services, worker: WorkspaceWorker): void {
  worker.start();
  const folders = (): void => worker.post({ kind: 'folders', roots: [...s.paths.folderPaths()] });
  folders();
  if (s.client.workspace?.workspaceFolders) s.connection.workspace.onDidChangeWorkspaceFolders(folders);
  s.settings.onDidChange(() => worker.post({ kind: 'settingsChanged' }));
  s.trust.onGranted(() => worker.post({ kind: 'trust', trusted: true }));
  s.onWatchedFiles((changes) =>
    worker.files(
      'watched',
      worker.changesOf(changes.map((c) => ({ uri: c.uri, deleted: c.type === FileChangeType.Deleted }))),
    ),
  );
  s.documents.onDidSave((d) => {
    const fsPath = d.location.fsPath;
    if (fsPath) worker.files('saved', [{ fsPath, deleted: false, text: d.parsed.currentText }]);
  });
  s.connection.onRequest(BackgroundStatsRequest, () => worker.stats());
}
