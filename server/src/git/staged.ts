// The staged scan: secrets in exactly what the next commit adds (the index, not the working tree),
// streamed from `git diff --cached -U0`, with new-file line numbers, ignores, inline directives and baseline.
import { parseSuppressions } from '../core/suppressions';
import { loadBaseline, type Baseline } from '../secrets/baseline';
import { DiffParser, type DiffFile } from './diff';
import { EMPTY_TREE, gitBytes, hasHead, repoRoot, streamGit } from './exec';
import { pathFilter, defaultSkipReason } from './pathFilter';
import { isSuppressed, scanBlock, toFinding, type BlockHit } from './scanBlock';
import type { SecretFinding } from './types';

export interface StagedScanOptions {
  /** Any folder inside the work tree. */
  cwd: string;
  signal?: AbortSignal;
  /** Baseline to honour; loaded from the repository when omitted (a corrupt file throws BaselineError). */
  baseline?: Baseline | null;
}

export interface StagedScanResult {
  root: string;
  findings: SecretFinding[];
  /** Files with added lines that were scanned. */
  filesScanned: number;
  /** Files skipped: binary, lockfile, minified, vendored, submodule, .preflightignore. */
  skipped: { path: string; reason: string }[];
  /** Unmerged paths during a conflicted merge (their content is not committable yet). */
  unmerged: string[];
  suppressed: number;
  baselined: number;
}

/** Arguments of the diff: rename detection so a pure rename adds nothing; textconv and external tools off. */
export function stagedDiffArgs(base: string): string[] {
  return [
    'diff',
    '--cached',
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '-M',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    base,
    '--',
  ];
}

/** Largest staged file read back to check directives above a hit (line above, file-wide). */
const MAX_BLOB_FOR_DIRECTIVES = 8 * 1024 * 1024;

export async function scanStaged(options: StagedScanOptions): Promise<StagedScanResult> {
  const root = await repoRoot(options.cwd);
  const baseline = options.baseline === undefined ? loadBaseline(root) : options.baseline;
  const base = (await hasHead(root)) ? 'HEAD' : EMPTY_TREE;
  const include = pathFilter(root);
  const hits: BlockHit[] = [];
  const skipped: StagedScanResult['skipped'] = [];
  const unmerged: string[] = [];
  let filesScanned = 0;
  const skipReason = (f: DiffFile): string | undefined => {
    const path = f.newPath ?? '';
    if (f.submodule) return 'submodule';
    if (f.binary) return 'binary';
    return defaultSkipReason(path) ?? (include(path) ? undefined : '.preflightignore');
  };
  const parser = new DiffParser({
    onFile(f) {
      if (f.status === 'deleted' || !f.newPath) return false;
      const reason = skipReason(f);
      if (reason) {
        skipped.push({ path: f.newPath, reason });
        return false;
      }
      filesScanned++;
      return true;
    },
    onAdded(block) {
      hits.push(...scanBlock(block.file.newPath as string, block));
    },
    onOther(line) {
      if (line.startsWith('* Unmerged path ')) unmerged.push(line.slice(16));
    },
  });
  await streamGit(stagedDiffArgs(base), { cwd: root, signal: options.signal }, (line) => parser.push(line));
  parser.end();

  const suppressedByFile = await directivesOfStagedFiles(root, hits, options.signal);
  let suppressed = 0;
  let baselined = 0;
  const findings: SecretFinding[] = [];
  for (const hit of hits) {
    const fileDirectives = suppressedByFile.get(hit.path);
    if (hit.suppressedInBlock || (fileDirectives && isSuppressed(fileDirectives, hit.line - 1, hit.kind))) {
      suppressed++;
      continue;
    }
    if (baseline?.isBaselined(hit.ruleId, hit.path, hit.value)) {
      baselined++;
      continue;
    }
    findings.push(toFinding(hit));
  }
  return { root, findings, filesScanned, skipped, unmerged, suppressed, baselined };
}

/** Directives in the staged version of each file that has hits, so a comment above an unchanged line still counts. */
async function directivesOfStagedFiles(
  root: string,
  hits: readonly BlockHit[],
  signal?: AbortSignal,
): Promise<Map<string, ReturnType<typeof parseSuppressions>>> {
  const result = new Map<string, ReturnType<typeof parseSuppressions>>();
  for (const path of new Set(hits.filter((h) => !h.suppressedInBlock).map((h) => h.path))) {
    try {
      const blob = await gitBytes(['cat-file', 'blob', `:${path}`], { cwd: root, signal });
      if (blob.length <= MAX_BLOB_FOR_DIRECTIVES)
        result.set(path, parseSuppressions(blob.toString('utf8').replace(/\r\n/g, '\n')));
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      // Unreadable (e.g. unmerged) entries keep the in-block check only.
    }
  }
  return result;
}
