// The checklist of every workspace folder, held by the workspace worker: one evaluation per folder, kept up
// to date (debounced) on file changes, git index changes and settings changes. It reads the worker's project
// model of the folder (models.ts), never a model of its own; the server's thread forwards the sidebar's
// requests here (lsp/checklist.ts).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { runFix } from '../../checklist/actions';
import { buildContext, report, type EvaluateOptions } from '../../checklist/evaluate';
import { changeDecision } from '../../checklist/state';
import type { ChecklistReport } from '../../checklist/types';
import { WorkspaceIndex } from '../../checklist/workspaceIndex';
import { assertMayRun } from '../../git/exec';
import {
  ChecklistChangedNotification,
  type ChecklistChangedParams,
  type ChecklistFolderDto,
  type Outcome,
} from '../../protocol';
import { describeError } from '../log';
import { fsPathToUri, inFolder } from '../paths';
import { RESTRICTED_REASON } from '../trust';
import type { WorkerHost } from './host';
import type { FileChange, WorkerCalls } from './messages';
import type { ModelService } from './models';

const DEBOUNCE_MS = 400;
const INDEX_POLL_MS = 3000;
/** The bundle the worker runs (out/cli.js): the hook it installs calls it. */
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

export class ChecklistService {
  private readonly folders = new Map<string, Folder>();
  private firstRun = true;

  constructor(
    private readonly h: WorkerHost,
    private readonly models: ModelService,
  ) {
    const poll = setInterval(() => this.pollIndex(), INDEX_POLL_MS);
    poll.unref();
  }

  setFolders(roots: readonly string[]): void {
    const wanted = new Set(roots.map((r) => fsPathToUri(r)));
    for (const uri of [...this.folders.keys()])
      if (!wanted.has(uri)) {
        clearTimeout(this.folders.get(uri)?.timer);
        this.folders.delete(uri);
      }
    for (const root of roots) {
      const uri = fsPathToUri(root);
      if (this.folders.has(uri)) continue;
      const folder: Folder = {
        uri,
        name: basename(root),
        root,
        index: new WorkspaceIndex(root),
        again: false,
        reuseIndex: false,
        indexMtime: indexMtime(root),
      };
      this.folders.set(uri, folder);
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
    const settings = await this.h.settings(folder.uri);
    return {
      index: folder.index,
      model: await this.models.ready(folder.root),
      severities: settings.rules,
      exclude: settings.exclude,
      maxFileSizeKb: settings.maxFileSizeKb,
      includeVendored: settings.includeVendored,
      publicEndpoints: settings.publicEndpoints,
    };
  }

  private async evaluate(folder: Folder, cheap: boolean): Promise<void> {
    const progress =
      this.firstRun && !cheap && this.h.showsProgress
        ? this.h.progress('Preflight: checking the workspace', folder.name)
        : undefined;
    try {
      const options = await this.options(folder);
      const ev = await buildContext(folder.root, {
        ...options,
        reuseIndex: cheap,
        pause: () => this.h.scheduler.idle(),
        cancel: {
          get isCancelled() {
            return !!progress?.cancelled;
          },
        },
        onProgress: (done, total) =>
          progress?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`),
      });
      await this.h.scheduler.idle();
      folder.report = report(ev);
      if (!this.h.trusted) folder.report.problems.unshift(`Restricted Mode: ${RESTRICTED_REASON}.`);
      folder.error = undefined;
    } catch (error) {
      folder.error = describeError(error);
      this.h.once(
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
    this.h.post({ kind: 'notify', method: ChecklistChangedNotification.method, params });
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

  /** Files changed on disk: re-evaluate their folders (cheaply when only decisions or git state changed). */
  watched(changes: readonly FileChange[]): void {
    const touched = new Map<Folder, boolean>();
    for (const { fsPath } of changes) {
      const folder = this.folderOf(fsPath);
      if (!folder) continue;
      const rel = inFolder(folder.root, fsPath);
      // Decisions and git state need no re-analysis of source files.
      const cheap =
        rel === '.preflight/checklist.json' || rel.startsWith('.git/') || rel.startsWith('.preflight/local/');
      touched.set(folder, (touched.get(folder) ?? true) && cheap);
    }
    for (const [folder, cheap] of touched) this.schedule(folder, cheap);
  }

  /** Re-evaluates every folder (settings changed; trust granted: `cheap`, git state only). */
  scheduleAll(cheap: boolean): void {
    for (const f of this.all()) this.schedule(f, cheap);
  }

  /** The sidebar's request: a request before the first evaluation waits for it, so the sidebar opens with data. */
  async checklist({ folderUri }: WorkerCalls['checklist']): Promise<{ folders: ChecklistFolderDto[] }> {
    const folders = folderUri ? [this.byUri(folderUri)] : this.all();
    await Promise.all(folders.map((f) => (f.report ? Promise.resolve() : (f.running ?? this.runNow(f, false)))));
    return { folders: folders.map((f) => this.dto(f)) };
  }

  async decision({
    folderUri,
    id,
    action,
    reason,
  }: WorkerCalls['decision']): Promise<{ ok: boolean; message: string }> {
    const folder = this.byUri(folderUri);
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
    await this.runNow(folder, true);
    return {
      ok: true,
      message:
        action === 'untick'
          ? `Cleared ${id}.`
          : `${action === 'tick' ? 'Ticked' : 'Waived'} ${id}; saved in .preflight/checklist.json.`,
    };
  }

  async fix(
    { folderUri, fix, trusted }: WorkerCalls['fix'],
    signal: AbortSignal,
  ): Promise<Outcome & { changed: string[] }> {
    const folder = this.byUri(folderUri);
    try {
      const ev = await buildContext(folder.root, { ...(await this.options(folder)), reuseIndex: true });
      const result = await runFix(ev, fix, {
        hookCommand: { node: process.execPath, cli: CLI_PATH },
        // The client's word alone is not enough: the server's own trust state decides.
        trusted: trusted && this.h.trusted,
        signal,
      });
      await this.runNow(folder, false);
      return { ok: true, message: result.message, changed: result.changed };
    } catch (error) {
      return { ok: false, message: describeError(error), changed: [] };
    }
  }
}
