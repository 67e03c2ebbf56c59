// The workspace worker: a thread of the language server that holds every folder's project model and checklist
// (models.ts, checklists.ts) and does all workspace work (walking, parsing, resolving endpoints, evaluating
// the checklist), so none of it ever blocks the thread that answers the editor. It pauses while the user
// types (the shared foreground clock) so it does not take the CPU from a keystroke either. It talks to the
// server's thread only through messages (messages.ts) and asks it for settings.
import { setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { IgnoreRuleCache } from '../../workspace/ignoreRules';
import { walkSkipReason } from '../../workspace/walk';
import { refusePrograms } from '../../workspace/programs';
import type { PreflightSettings } from '../../protocol';
import { describeError } from '../log';
import { WorkerScheduler } from '../heap';
import { RESTRICTED_REASON } from '../trust';
import { ChecklistService } from './checklists';
import type { WorkerHost } from './host';
import type { FromWorker, ToWorker, WorkerCalls, WorkerInput } from './messages';
import { ModelService } from './models';

/**
 * Background work yields the CPU to the thread that answers keystrokes (and to everything else the user runs):
 * on Linux the nice value belongs to a thread, so this lowers the worker's alone. Elsewhere it would lower the
 * whole server, so it is left as it is there.
 */
function lowerPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(19);
  } catch {
    /* not permitted: run at normal priority */
  }
}

export function runWorkspaceWorker(): void {
  const port = parentPort;
  if (!port) return;
  lowerPriority();
  const input = workerData as WorkerInput;
  const post = (message: FromWorker): void => port.postMessage(message);
  let trusted = input.trusted;
  refusePrograms(trusted ? undefined : RESTRICTED_REASON);
  let nextId = 0;
  const settingsAsked = new Map<number, (s: PreflightSettings) => void>();
  const progressCancelled = new Map<number, { cancelled: boolean }>();
  const aborts = new Map<number, AbortController>();
  const said = new Set<string>();
  const log = (level: 'info' | 'warn' | 'error', message: string): void => post({ kind: 'log', level, message });

  const host: WorkerHost = {
    settings: (uri) =>
      new Promise((resolve) => {
        const id = ++nextId;
        settingsAsked.set(id, resolve);
        post({ kind: 'getSettings', id, uri });
      }),
    scheduler: new WorkerScheduler(input.clock),
    log,
    once(key, level, message) {
      if (said.has(key)) return;
      said.add(key);
      log(level, message);
    },
    get trusted() {
      return trusted;
    },
    showsProgress: input.progress,
    post,
    progress(title, detail) {
      const id = ++nextId;
      const state = { cancelled: false };
      progressCancelled.set(id, state);
      post({ kind: 'progress', id, phase: 'begin', title, message: detail });
      return {
        report: (percentage, message) => post({ kind: 'progress', id, phase: 'report', percentage, message }),
        done: () => {
          progressCancelled.delete(id);
          post({ kind: 'progress', id, phase: 'done' });
        },
        get cancelled() {
          return state.cancelled;
        },
      };
    },
  };
  // How long the worker's loop was blocked at most: its longest unit of work (1 ms resolution).
  const blocked = monitorEventLoopDelay({ resolution: 1 });
  blocked.enable();
  const models = new ModelService(host);
  const checklists = new ChecklistService(host, models);

  const calls: { [K in keyof WorkerCalls]: (params: WorkerCalls[K], signal: AbortSignal) => Promise<unknown> } = {
    endpoints: async ({ folderUri }) => ({ folders: await models.endpoints(folderUri) }),
    checklist: (params) => checklists.checklist(params),
    decision: (params) => checklists.decision(params),
    fix: (params, signal) => checklists.fix(params, signal),
    stats: () => Promise.resolve({ longestMs: blocked.max / 1e6 }),
  };

  port.on('message', (m: ToWorker) => {
    try {
      receive(m);
    } catch (error) {
      log('error', `Preflight: the workspace worker could not handle "${m.kind}": ${describeError(error)}`);
    }
  });

  function receive(m: ToWorker): void {
    switch (m.kind) {
      case 'folders':
        models.setFolders(m.roots);
        checklists.setFolders(m.roots);
        break;
      case 'saved':
        models.changed(m.changes);
        break;
      case 'watched': {
        // What the walk leaves out (node_modules, virtual environments, build output, vendored or ignored code)
        // is never read and rebuilds nothing. Git state and decisions still reach the checklist, and so do
        // lockfiles (its dependency evidence), which the model does not read anyway.
        const cache = new IgnoreRuleCache();
        const changes = m.changes.filter((c) => {
          const at = models.walkOf(c.fsPath);
          if (!at || CHECKLIST_STATE.test(at.rel)) return true;
          const reason = walkSkipReason(at.root, c.fsPath, { ...at.walk, ignoreCache: cache });
          return !reason || reason === 'lockfile';
        });
        models.changed(changes);
        checklists.watched(changes);
        break;
      }
      case 'settingsChanged':
        models.settingsChanged();
        checklists.scheduleAll(false);
        break;
      case 'trust':
        if (m.trusted && !trusted) {
          trusted = true;
          refusePrograms(undefined);
          checklists.scheduleAll(true);
        }
        break;
      case 'settings':
        settingsAsked.get(m.id)?.(m.settings);
        settingsAsked.delete(m.id);
        break;
      case 'cancel': {
        const p = progressCancelled.get(m.id);
        if (p) p.cancelled = true;
        aborts.get(m.id)?.abort();
        break;
      }
      case 'call': {
        const controller = new AbortController();
        aborts.set(m.id, controller);
        const run = calls[m.method] as (params: unknown, signal: AbortSignal) => Promise<unknown>;
        run(m.params, controller.signal)
          .then(
            (value) => post({ kind: 'result', id: m.id, ok: true, value }),
            (error: unknown) => post({ kind: 'result', id: m.id, ok: false, message: describeError(error) }),
          )
          .finally(() => aborts.delete(m.id));
        break;
      }
    }
  }
}

/** Paths the checklist reads as state (git's index and refs, ticks and waivers), not as source. */
const CHECKLIST_STATE = /^(\.git|\.preflight)\//;
