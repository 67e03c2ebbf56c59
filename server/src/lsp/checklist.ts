// Language-server side of the checklist: one evaluation per workspace folder, kept up to date
// (debounced) on file changes, git index changes and settings changes; requests for the sidebar. It reads
// the server's project model of the folder (lsp/projectModel.ts), never a model of its own.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { DidChangeWatchedFilesNotification, type WorkspaceFolder } from 'vscode-languageserver/node';
import { runFix } from '../checklist/actions';
import { buildContext, report, type EvaluateOptions } from '../checklist/evaluate';
import { changeDecision } from '../checklist/state';
import type { ChecklistReport } from '../checklist/types';
import { WorkspaceIndex } from '../checklist/workspaceIndex';
import {
  ChecklistChangedNotification,
  ChecklistDecisionRequest,
  ChecklistFixRequest,
  ChecklistRequest,
  type ChecklistChangedParams,
  type ChecklistFolderDto,
} from '../protocol';
import { assertMayRun } from '../git/exec';
import { describeError } from './log';
import { RESTRICTED_REASON } from './trust';
import { fsPathToUri, uriToFsPath } from './paths';
import type { Feature, Services } from './services';

const DEBOUNCE_MS = 400;
const INDEX_POLL_MS = 3000;
const CLI_PATH = join(__dirname, 'cli.js');

interface Folder {
  uri: string;
  name: string;
  root: string;
  index: WorkspaceIndex;
  report?: ChecklistReport;
  error?: string;
  running?: Promise<void>;
  /** Another evaluation is needed after the running one (changes arrived meanwhile). */
  again: boolean;
  /** Only cheap facts changed (git index, checklist.json): re-use the analysed files. */
  reuseIndex: boolean;
  timer?: NodeJS.Timeout;
  indexMtime: number;
}

/** `git config user.name`, else the OS user: who ticked or waived an item. */
function whoAmI(root: string): string {
  try {
    assertMayRun('git config');
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 3000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (name) return name;
  } catch {
    /* not configured or no git */
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function indexMtime(root: string): number {
  try {
    return statSync(join(root, '.git', 'index')).mtimeMs;
  } catch {
    return 0;
  }
}

class ChecklistService {
  private readonly folders = new Map<string, Folder>();
  private firstRun = true;

  constructor(private readonly s: Services) {}

  setFolders(list: readonly WorkspaceFolder[]): void {
    const wanted = new Set(list.map((f) => f.uri));
    for (const uri of [...this.folders.keys()])
      if (!wanted.has(uri)) {
        clearTimeout(this.folders.get(uri)?.timer);
        this.folders.delete(uri);
      }
    for (const f of list) {
      const root = uriToFsPath(f.uri);
      if (!root || this.folders.has(f.uri)) continue;
      const folder: Folder = {
        uri: f.uri,
        name: f.name,
        root,
        index: new WorkspaceIndex(root),
        again: false,
        reuseIndex: false,
        indexMtime: indexMtime(root),
      };
      this.folders.set(f.uri, folder);
      this.schedule(folder, false, 0);
    }
  }

  all(): Folder[] {
    return [...this.folders.values()];
  }

  byUri(uri: string): Folder {
    const f = this.folders.get(uri);
    if (!f) throw new Error(`not a workspace folder: ${uri}`);
    return f;
  }

  /** The folder holding a file path (longest root wins for nested folders). */
  folderOf(fsPath: string): Folder | undefined {
    return this.all()
      .filter((f) => fsPath === f.root || fsPath.startsWith(`${f.root}/`) || fsPath.startsWith(`${f.root}\\`))
      .sort((a, b) => b.root.length - a.root.length)[0];
  }

  /** Debounced re-evaluation; `cheap` when no source file changed (git index, decisions). */
  schedule(folder: Folder, cheap: boolean, delay = DEBOUNCE_MS): void {
    folder.reuseIndex = folder.timer || folder.running ? folder.reuseIndex && cheap : cheap;
    clearTimeout(folder.timer);
    folder.timer = setTimeout(() => {
      folder.timer = undefined;
      void this.run(folder);
    }, delay);
  }

  /** Evaluates now (cancelling a pending debounce); resolves when an evaluation that started after this call ends. */
  runNow(folder: Folder, cheap: boolean): Promise<void> {
    clearTimeout(folder.timer);
    folder.timer = undefined;
    folder.reuseIndex = folder.running ? folder.reuseIndex && cheap : cheap;
    return this.run(folder);
  }

  async run(folder: Folder): Promise<void> {
    if (folder.running) {
      folder.again = true;
      // The follow-up run starts inside the current one's `finally`, before this continuation.
      return folder.running.then(() => folder.running);
    }
    const cheap = folder.reuseIndex && !!folder.report;
    folder.reuseIndex = false;
    this.notify(folder, true);
    folder.running = this.evaluate(folder, cheap).finally(() => {
      folder.running = undefined;
      this.notify(folder, false);
      if (folder.again) {
        folder.again = false;
        void this.run(folder);
      }
    });
    return folder.running;
  }

  async options(folder: Folder): Promise<EvaluateOptions> {
    const settings = await this.s.settings.get(folder.uri);
    return {
      index: folder.index,
      model: await this.s.projectModel(folder.root),
      severities: settings.rules,
      exclude: settings.exclude,
      maxFileSizeKb: settings.maxFileSizeKb,
      includeVendored: settings.includeVendored,
      publicEndpoints: settings.publicEndpoints,
    };
  }

  private async evaluate(folder: Folder, cheap: boolean): Promise<void> {
    const progress =
      this.firstRun && !cheap && this.s.client.window?.workDoneProgress
        ? await this.s.connection.window.createWorkDoneProgress().catch(() => undefined)
        : undefined;
    try {
      progress?.begin('Preflight: checking the workspace', 0, folder.name, true);
      const options = await this.options(folder);
      const ev = await buildContext(folder.root, {
        ...options,
        reuseIndex: cheap,
        pause: () => this.s.scheduler.idle(),
        cancel: {
          get isCancelled() {
            return !!progress?.token.isCancellationRequested;
          },
        },
        onProgress: (done, total) =>
          progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`),
      });
      folder.report = report(ev);
      if (!this.s.trust.trusted) folder.report.problems.unshift(`Restricted Mode: ${RESTRICTED_REASON}.`);
      folder.error = undefined;
    } catch (error) {
      folder.error = describeError(error);
      this.s.log.once(
        `checklist:${folder.uri}:${folder.error}`,
        'error',
        `Preflight: the checklist of ${folder.name} could not be evaluated: ${folder.error}`,
      );
    } finally {
      progress?.done();
      this.firstRun = false;
    }
  }

  notify(folder: Folder, busy: boolean): void {
    const summary = folder.report?.summary;
    const params: ChecklistChangedParams = {
      folderUri: folder.uri,
      done: summary?.done ?? 0,
      total: summary?.total ?? 0,
      failed: summary?.failed ?? 0,
      busy,
    };
    void this.s.connection.sendNotification(ChecklistChangedNotification, params);
  }

  dto(folder: Folder): ChecklistFolderDto {
    return {
      folderUri: folder.uri,
      name: folder.name,
      report: folder.report,
      busy: !!folder.running || !!folder.timer,
      error: folder.error,
    };
  }

  /** Polls `.git/index` (cheap stat): editors do not always report changes inside `.git`. */
  pollIndex(): void {
    for (const f of this.all()) {
      const m = indexMtime(f.root);
      if (m !== f.indexMtime) {
        f.indexMtime = m;
        this.schedule(f, true);
      }
    }
  }
}

/** The service created in `register` (one server, one service). */
let current: ChecklistService | undefined;

export const checklist: Feature = {
  name: 'checklist',
  register(s: Services) {
    const service = new ChecklistService(s);
    const { connection } = s;

    connection.onRequest(ChecklistRequest, async ({ folderUri }) => {
      const folders = folderUri ? [service.byUri(folderUri)] : service.all();
      // A request before the first evaluation waits for it, so the sidebar opens with data.
      await Promise.all(folders.map((f) => (f.report ? Promise.resolve() : (f.running ?? service.runNow(f, false)))));
      return { folders: folders.map((f) => service.dto(f)) };
    });

    connection.onRequest(ChecklistDecisionRequest, async ({ folderUri, id, action, reason }) => {
      const folder = service.byUri(folderUri);
      try {
        const change =
          action === 'waive'
            ? ({ action, reason: reason ?? '' } as const)
            : action === 'tick'
              ? ({ action, reason } as const)
              : ({ action } as const);
        changeDecision(folder.root, id, change, whoAmI(folder.root));
      } catch (error) {
        return { ok: false, message: describeError(error) };
      }
      await service.runNow(folder, true);
      return {
        ok: true,
        message:
          action === 'untick'
            ? `Cleared ${id}.`
            : `${action === 'tick' ? 'Ticked' : 'Waived'} ${id}; saved in .preflight/checklist.json.`,
      };
    });

    connection.onRequest(ChecklistFixRequest, async ({ folderUri, fix, trusted }, token) => {
      const folder = service.byUri(folderUri);
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        const ev = await buildContext(folder.root, { ...(await service.options(folder)), reuseIndex: true });
        const result = await runFix(ev, fix, {
          hookCommand: { node: process.execPath, cli: CLI_PATH },
          // The client's word alone is not enough: the server's own trust state decides.
          trusted: trusted && s.trust.trusted,
          signal: controller.signal,
        });
        await service.runNow(folder, false);
        return { ok: true, message: result.message, changed: result.changed };
      } catch (error) {
        return { ok: false, message: describeError(error), changed: [] };
      }
    });

    s.onWatchedFiles((changes) => {
      const touched = new Map<Folder, boolean>();
      for (const c of changes) {
        const path = uriToFsPath(c.uri);
        const folder = path ? service.folderOf(path) : undefined;
        if (!folder || !path) continue;
        const rel = path
          .slice(folder.root.length + 1)
          .split('\\')
          .join('/');
        // Decisions and git state need no re-analysis of source files.
        const cheap =
          rel === '.preflight/checklist.json' || rel.startsWith('.git/') || rel.startsWith('.preflight/local/');
        touched.set(folder, (touched.get(folder) ?? true) && cheap);
      }
      for (const [folder, cheap] of touched) service.schedule(folder, cheap);
    });

    s.settings.onDidChange(() => {
      for (const f of service.all()) service.schedule(f, false);
    });
    // Git state, the hook and scan records become visible once programs may run.
    s.trust.onGranted(() => {
      for (const f of service.all()) service.schedule(f, true);
    });

    current = service;
  },
  async initialized(s: Services) {
    const service = current;
    if (!service) return;
    // The folders server.ts keeps (from initialize and folder-change events), so every client works.
    const fromPaths = (): WorkspaceFolder[] =>
      s.paths.folderPaths().map((p) => ({ uri: fsPathToUri(p), name: basename(p) }));
    service.setFolders(fromPaths());
    if (s.client.workspace?.workspaceFolders) {
      s.connection.workspace.onDidChangeWorkspaceFolders(() => service.setFolders(fromPaths()));
    }
    if (s.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await s.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*' }, { globPattern: '**/.git/index' }],
      });
    }
    const poll = setInterval(() => service.pollIndex(), INDEX_POLL_MS);
    poll.unref();
  },
};
