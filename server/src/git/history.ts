// The history scan: secrets added in any commit of any ref, streamed from `git log -p -U0 --all`,
// de-duplicated per (secret, path) keeping the first introduction, with whether HEAD still holds it.
import { loadBaseline, type Baseline } from '../secrets/baseline';
import { DiffParser } from './diff';
import { gitBytes, hasHead, repoRoot, runGit, streamGit } from './exec';
import { pathFilter } from './pathFilter';
import { scanBlock, toFinding } from './scanBlock';
import type { CommitInfo, HistoryFinding, SecretFinding } from './types';

export interface HistoryScanOptions {
  cwd: string;
  /** Aborting kills git and rejects with an AbortError. */
  signal?: AbortSignal;
  /** Only the newest N commits (git log --max-count). */
  maxCount?: number;
  baseline?: Baseline | null;
  /** Called as commits stream by (`total` is known up front from `git rev-list --count`). */
  onProgress?(done: number, total: number): void;
}

export interface HistoryScanResult {
  root: string;
  findings: HistoryFinding[];
  commitsScanned: number;
}

const HEADER = '\x01';

function historyArgs(maxCount?: number): string[] {
  const args = [
    'log',
    '-p',
    '-U0',
    '--all',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '-M',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `--format=${'%x01'}%H%x01%aI%x01%an`,
  ];
  if (maxCount !== undefined) args.push(`--max-count=${maxCount}`);
  return args;
}

export async function scanHistory(options: HistoryScanOptions): Promise<HistoryScanResult> {
  const root = await repoRoot(options.cwd);
  const baseline = options.baseline === undefined ? loadBaseline(root) : options.baseline;
  const include = pathFilter(root);
  const head = await hasHead(root);
  const total = await countCommits(root, options);
  // Newest first: a later sighting of the same (secret, path) is an older commit and replaces the earlier one.
  const firstSeen = new Map<string, SecretFinding & CommitInfo>();
  let commit: CommitInfo | undefined;
  let commits = 0;
  const parser = new DiffParser({
    onFile: (f) => f.newPath !== undefined && include(f.newPath),
    onAdded(block) {
      if (!commit) return;
      for (const hit of scanBlock(block.file.newPath as string, block)) {
        if (hit.suppressedInBlock || baseline?.isBaselined(hit.ruleId, hit.path, hit.value)) continue;
        firstSeen.set(`${hit.path}\0${hit.value}`, { ...toFinding(hit), ...commit });
      }
    },
    onOther(line) {
      if (!line.startsWith(HEADER)) return;
      const [, hash, date, author] = line.split(HEADER);
      commit = { commit: hash, date, author: author ?? '' };
      commits++;
      if (commits % 10 === 0) options.onProgress?.(commits, total);
    },
  });
  if (head || total > 0) {
    await streamGit(historyArgs(options.maxCount), { cwd: root, signal: options.signal }, (line) => parser.push(line));
    parser.end();
  }
  options.onProgress?.(commits, total);
  const findings: HistoryFinding[] = [];
  const headPathsOf = new Map<string, string[]>();
  for (const f of firstSeen.values()) {
    if (!headPathsOf.has(f.value))
      headPathsOf.set(f.value, head ? await headPathsHolding(root, f.value, options.signal) : []);
    const headPaths = headPathsOf.get(f.value) as string[];
    findings.push({ ...f, stillInHead: headPaths.length > 0, headPaths });
  }
  findings.sort((a, b) => a.date.localeCompare(b.date) || a.path.localeCompare(b.path) || a.line - b.line);
  return { root, findings, commitsScanned: commits };
}

async function countCommits(root: string, options: HistoryScanOptions): Promise<number> {
  try {
    const n = Number((await runGit(['rev-list', '--all', '--count'], { cwd: root, signal: options.signal })).trim());
    return options.maxCount !== undefined ? Math.min(n, options.maxCount) : n;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return 0;
  }
}

/**
 * Paths in HEAD whose content still contains `value`. The pattern goes to `git grep` on stdin (never on
 * a command line, where other local users could read it); candidates are confirmed on the blob itself.
 */
async function headPathsHolding(root: string, value: string, signal?: AbortSignal): Promise<string[]> {
  const probe = value.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
  if (!probe) return [];
  const candidates: string[] = [];
  await streamGit(
    ['grep', '-F', '-l', '-z', '-I', '-f', '-', 'HEAD', '--'],
    { cwd: root, signal, input: `${probe}\n`, okCodes: [1] },
    (line) => {
      // -z: names end with NUL, so names holding quotes or newlines arrive verbatim.
      for (const name of line.split('\0'))
        if (name.startsWith('HEAD:') && candidates.length < 50) candidates.push(name.slice(5));
    },
  );
  const confirmed: string[] = [];
  for (const path of candidates) {
    try {
      const text = (await gitBytes(['cat-file', 'blob', `HEAD:${path}`], { cwd: root, signal }))
        .toString('utf8')
        .replace(/\r\n/g, '\n');
      if (text.includes(value)) confirmed.push(path);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
    }
  }
  return confirmed;
}
