// Language-server side of the git secret features: staged scan, history scan (progress, cancel), hook,
// unstage, baseline add; and the baseline fed to typing diagnostics through AnalyzeOptions.isBaselined.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { GitError, hasHead, repoRoot, runGit } from '../git/exec';
import { scanHistory } from '../git/history';
import { installHook, refreshHookRecord, uninstallHook, type HookStatus } from '../git/hook';
import { recordHistoryScan, recordStagedScan } from '../git/records';
import { remediationText } from '../git/remediation';
import { scanStaged } from '../git/staged';
import type { HistoryFinding, SecretFinding } from '../git/types';
import { addToBaseline, BaselineError, loadBaseline, updateBaseline, type Baseline } from '../secrets/baseline';
import {
  BaselineAddRequest,
  HistoryScanRequest,
  HookRequest,
  StagedScanRequest,
  UnstageRequest,
  type GitScanFinding,
  type HookStatusDto,
} from '../protocol';
import { describeError, type Logger } from './log';
import { uriToFsPath } from './paths';
import type { Feature, Services } from './services';

function dto(root: string, f: SecretFinding): GitScanFinding {
  return {
    root,
    path: f.path,
    line: f.line,
    column: f.column,
    length: f.value.split('\n')[0].length,
    kind: f.kind,
    title: f.title,
    severity: f.severity,
    masked: f.masked,
    envName: f.envName,
  };
}

function historyDto(
  root: string,
  f: HistoryFinding,
): ReturnType<typeof dto> & {
  commit: string;
  date: string;
  author: string;
  stillInHead: boolean;
  headPaths: string[];
} {
  return {
    ...dto(root, f),
    commit: f.commit,
    date: f.date,
    author: f.author,
    stillInHead: f.stillInHead,
    headPaths: f.headPaths,
  };
}

/** Repository roots of the given folders, de-duplicated; folders outside git are reported as errors. */
async function reposOf(
  folderUris: readonly string[],
): Promise<{ roots: string[]; errors: { root: string; error: string }[] }> {
  const roots = new Set<string>();
  const errors: { root: string; error: string }[] = [];
  for (const uri of folderUris) {
    const folder = uriToFsPath(uri);
    if (!folder) continue;
    try {
      roots.add(await repoRoot(folder));
    } catch (err) {
      errors.push({ root: folder, error: err instanceof GitError ? err.message : describeError(err) });
    }
  }
  return { roots: [...roots], errors };
}

function abortOn(token: CancellationToken): AbortController {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

function errorText(err: unknown): string {
  return err instanceof BaselineError || err instanceof GitError ? err.message : describeError(err);
}

function hookDto(s: HookStatus): HookStatusDto {
  return {
    root: s.root,
    installed: s.installed,
    mode: s.mode,
    hookFile: s.hookFile,
    chained: s.chained,
    stale: s.stale,
    message: s.message,
  };
}

/** The CLI next to the bundled server (out/cli.js); the hook runs it with the editor's own runtime. */
const CLI_PATH = join(__dirname, 'cli.js');

/** Baselines per repository root, re-read when the file's mtime changes; a corrupt file is logged once. */
class BaselineCache {
  private readonly byRoot = new Map<string, { mtimeMs: number; baseline: Baseline | null }>();
  constructor(private readonly log: Logger) {}

  get(root: string): Baseline | null {
    const file = join(root, '.preflight', 'baseline.json');
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      /* none */
    }
    const hit = this.byRoot.get(root);
    if (hit && hit.mtimeMs === mtimeMs) return hit.baseline;
    let baseline: Baseline | null = null;
    if (mtimeMs >= 0) {
      try {
        baseline = loadBaseline(root);
        this.log.reset(`baseline:${root}`);
      } catch (err) {
        this.log.once(`baseline:${root}`, 'error', `Preflight: ${errorText(err)}; continuing without a baseline.`);
      }
    }
    this.byRoot.set(root, { mtimeMs, baseline });
    return baseline;
  }
}

export const gitScan: Feature = {
  name: 'git secret scans',
  register(s: Services) {
    const { connection } = s;
    const baselines = new BaselineCache(s.log);
    const refresh = (): void => {
      s.analyzer.invalidate();
      s.refreshDiagnostics();
    };

    s.analyzer.useBaselines((root) => baselines.get(root) ?? undefined);

    connection.onRequest(StagedScanRequest, async ({ folderUris }, token) => {
      const { roots, errors } = await reposOf(folderUris);
      const controller = abortOn(token);
      const repos = await Promise.all(
        roots.map(async (root) => {
          try {
            const r = await scanStaged({ cwd: root, signal: controller.signal, baseline: baselines.get(root) });
            await recordStagedScan(root, r.findings);
            return { root, findings: r.findings.map((f) => dto(root, f)), filesScanned: r.filesScanned };
          } catch (err) {
            return { root, findings: [], filesScanned: 0, error: errorText(err) };
          }
        }),
      );
      return { repos: [...repos, ...errors.map((e) => ({ ...e, findings: [], filesScanned: 0 }))] };
    });

    connection.onRequest(HistoryScanRequest, async (params, token) => {
      const { roots, errors } = await reposOf(params.folderUris);
      const controller = abortOn(token);
      // The client's token when it passed one (its own notification with a Cancel button), else a server-created one.
      const reporter =
        params.workDoneToken !== undefined
          ? connection.window.attachWorkDoneProgress(params.workDoneToken)
          : await connection.window.createWorkDoneProgress().catch(() => undefined);
      reporter?.begin('Scanning git history for secrets', 0, undefined, true);
      const repos = [];
      try {
        for (const root of roots) {
          try {
            const r = await scanHistory({
              cwd: root,
              signal: controller.signal,
              baseline: baselines.get(root),
              onProgress: (done, total) =>
                reporter?.report(total ? Math.round((done / total) * 100) : 0, `${done} of ${total} commits`),
            });
            await recordHistoryScan(root, r.commitsScanned, r.findings);
            repos.push({
              root,
              findings: r.findings.map((f) => historyDto(root, f)),
              commitsScanned: r.commitsScanned,
              remediation: remediationText(r.findings),
            });
          } catch (err) {
            if ((err as Error).name === 'AbortError') return { repos, cancelled: true };
            repos.push({ root, findings: [], commitsScanned: 0, remediation: '', error: errorText(err) });
          }
        }
      } finally {
        reporter?.done();
      }
      return {
        repos: [...repos, ...errors.map((e) => ({ ...e, findings: [], commitsScanned: 0, remediation: '' }))],
        cancelled: false,
      };
    });

    connection.onRequest(HookRequest, async ({ folderUris, action }) => {
      const { roots, errors } = await reposOf(folderUris);
      const repos: HookStatusDto[] = [];
      for (const root of roots) {
        try {
          const st =
            action === 'install'
              ? await installHook(root, { node: process.execPath, cli: CLI_PATH })
              : action === 'uninstall'
                ? await uninstallHook(root)
                : // A teammate's clone with a committed Preflight hook: record how the hook runs Preflight here.
                  await refreshHookRecord(root, { node: process.execPath, cli: CLI_PATH });
          repos.push(hookDto(st));
        } catch (err) {
          repos.push({
            root,
            installed: false,
            mode: 'hooks-dir',
            hookFile: '',
            chained: false,
            stale: false,
            message: errorText(err),
            error: errorText(err),
          });
        }
      }
      return {
        repos: [
          ...repos,
          ...errors.map((e) => ({
            ...e,
            installed: false,
            mode: 'none',
            hookFile: '',
            chained: false,
            stale: false,
            message: e.error,
          })),
        ],
      };
    });

    connection.onRequest(UnstageRequest, async ({ root, path }) => {
      try {
        // --literal-pathspecs: a name holding * or : is a name, not a pattern.
        if (await hasHead(root))
          await runGit(['--literal-pathspecs', 'reset', '-q', 'HEAD', '--', path], { cwd: root });
        else await runGit(['--literal-pathspecs', 'rm', '-q', '--cached', '--', path], { cwd: root });
        return { ok: true, message: `Unstaged ${path} (your changes are still in the working tree).` };
      } catch (err) {
        return { ok: false, message: `Could not unstage ${path}: ${errorText(err)}` };
      }
    });

    connection.onRequest(BaselineAddRequest, async ({ root, path, line, reason }) => {
      try {
        const r = await scanStaged({ cwd: root, baseline: null });
        const picked = r.findings.filter((f) => f.path === path && (line === undefined || f.line === line));
        const added = updateBaseline(root, (baseline) => {
          const n = addToBaseline(
            root,
            baseline,
            picked.map((f) => ({ rule: f.ruleId, path: f.path, value: f.value, kind: f.kind })),
            reason,
          );
          return { changed: n > 0, result: n };
        });
        refresh();
        return {
          added,
          message: added
            ? `Added ${added} secret${added === 1 ? '' : 's'} of ${path} to .preflight/baseline.json.`
            : `Nothing new to add for ${path}.`,
        };
      } catch (err) {
        return { added: 0, message: errorText(err) };
      }
    });
  },
};
