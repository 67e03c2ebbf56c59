// The staged scan: secrets in exactly what the next commit adds (the index, not the working tree),
// streamed from `git diff --cached -U0`, with new-file line numbers, ignores, inline directives and baseline.
import { parseSuppressions } from '../core/suppressions';
import { loadBaseline, type Baseline } from '../secrets/baseline';
import { decodeText, isBinary } from '../workspace/readText';
import { DiffParser, type AddedBlock, type DiffFile } from './diff';
import { catFileBatch, EMPTY_TREE, gitBytes, hasHead, repoRoot, runGit, streamGit } from './exec';
import { pathFilter, defaultSkipReason } from './pathFilter';
import { isSuppressed, scanBlock, scanText, toFinding, type BlockHit } from './scanBlock';
import type { SecretFinding } from './types';

export interface StagedScanOptions {
  /** Any folder inside the work tree. */
  cwd: string;
  signal?: AbortSignal;
  /** Baseline to honour; loaded from the repository when omitted (a corrupt file throws BaselineError). */
  baseline?: Baseline | null;
  /** The commit replaces HEAD (`git commit --amend`): compare with HEAD's parent, so HEAD's own additions count. */
  amend?: boolean;
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
  /** What the index was compared with: `HEAD`, `HEAD^` (amend) or the empty tree. */
  base: string;
}

/** Arguments of the diff: rename detection so a pure rename adds nothing; textconv and external tools off. */
function stagedDiffArgs(base: string): string[] {
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
/** Largest staged file read back whole when the diff cannot show its text (binary to git, very long lines). */
const MAX_BLOB_FOR_RESCAN = 32 * 1024 * 1024;

/** What the diff said about one staged file, kept to decide whether its whole blob must be read. */
interface FileNote {
  path: string;
  oldPath?: string;
  /** git showed no text (binary by content or by .gitattributes `binary` / `-diff`). */
  binary: boolean;
  /** New-file line ranges of added lines, [first, last]. */
  ranges: [number, number][];
  /** Why the diff alone cannot be trusted for this file. */
  rescan?: 'binary' | 'long-line' | 'key-body';
}

/** A line that looks like part of a base64 key body (PEM lines are 64 wide, OpenSSH 70), maybe quoted. */
const KEY_BODY_LINE = /^[\s"'`]*[A-Za-z0-9+/]{40,}={0,2}(?:\\n)?[\s"'`,+]*$/;

function looksLikeKeyBody(block: AddedBlock): boolean {
  let n = 0;
  for (const line of block.lines) if (line.length <= 200 && KEY_BODY_LINE.test(line) && ++n >= 2) break;
  return n >= 2 && !block.lines.some((l) => l.includes('PRIVATE KEY'));
}

async function baseFor(root: string, amend: boolean | undefined): Promise<string> {
  if (!(await hasHead(root))) return EMPTY_TREE;
  if (!amend) return 'HEAD';
  try {
    await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}^'], { cwd: root });
    return 'HEAD^';
  } catch {
    return EMPTY_TREE; // amending the first commit: everything in it is new
  }
}

export async function scanStaged(options: StagedScanOptions): Promise<StagedScanResult> {
  const root = await repoRoot(options.cwd);
  const baseline = options.baseline === undefined ? loadBaseline(root) : options.baseline;
  const base = await baseFor(root, options.amend);
  const include = pathFilter(root);
  const hits: BlockHit[] = [];
  const skipped: StagedScanResult['skipped'] = [];
  const unmerged: string[] = [];
  const notes = new Map<string, FileNote>();
  let current: FileNote | undefined;
  let filesScanned = 0;
  const skipReason = (f: DiffFile): string | undefined => {
    const path = f.newPath ?? '';
    if (f.submodule) return 'submodule';
    return defaultSkipReason(path) ?? (include(path) ? undefined : '.preflightignore');
  };
  const parser = new DiffParser({
    onFile(f) {
      current = undefined;
      if (f.status === 'deleted' || !f.newPath) return false;
      const reason = skipReason(f);
      if (reason) {
        skipped.push({ path: f.newPath, reason });
        return false;
      }
      current = { path: f.newPath, oldPath: f.oldPath, binary: f.binary, ranges: [] };
      if (f.binary) current.rescan = 'binary';
      else filesScanned++;
      notes.set(f.newPath, current);
      return !f.binary;
    },
    onAdded(block) {
      const note = notes.get(block.file.newPath as string);
      if (note) {
        const last = block.firstLine + block.lines.length - 1;
        const prev = note.ranges.at(-1);
        if (prev && prev[1] + 1 >= block.firstLine) prev[1] = Math.max(prev[1], last);
        else note.ranges.push([block.firstLine, last]);
        if (!note.rescan && looksLikeKeyBody(block)) note.rescan = 'key-body';
      }
      hits.push(...scanBlock(block.file.newPath as string, block));
    },
    onOther(line) {
      if (line.startsWith('* Unmerged path ')) unmerged.push(line.slice(16));
    },
  });
  await streamGit(stagedDiffArgs(base), { cwd: root, signal: options.signal }, (line, truncated) => {
    // A line longer than the stream keeps whole: the file is read back from the index and scanned in windows.
    if (truncated && current && !current.rescan) current.rescan = 'long-line';
    parser.push(line);
  });
  parser.end();

  for (const note of notes.values()) {
    if (!note.rescan) continue;
    const outcome = await rescanBlob(root, base, note, options.signal);
    if ('skip' in outcome) skipped.push({ path: note.path, reason: outcome.skip });
    else {
      if (note.binary) filesScanned++;
      hits.push(...outcome.hits);
    }
  }

  const suppressedByFile = await directivesOfStagedFiles(root, hits, options.signal);
  let suppressed = 0;
  let baselined = 0;
  const findings: SecretFinding[] = [];
  const reported = new Set<string>();
  for (const hit of hits) {
    // Pieces of a long run overlap and read-back files are scanned twice: one finding per place.
    const key = `${hit.path}\0${hit.line}\0${hit.column}\0${hit.kind}`;
    if (reported.has(key)) continue;
    reported.add(key);
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
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return { root, findings, filesScanned, skipped, unmerged, suppressed, baselined, base };
}

/** A blob's text, or why it cannot be scanned as text. */
async function blobText(
  root: string,
  spec: string,
  signal?: AbortSignal,
): Promise<{ text: string } | { skip: string }> {
  const size = Number((await runGit(['cat-file', '-s', spec], { cwd: root, signal })).trim());
  if (!(size <= MAX_BLOB_FOR_RESCAN))
    return {
      skip:
        `not scanned: ${Math.ceil(size / (1024 * 1024))} MB is above the ${MAX_BLOB_FOR_RESCAN >> 20} MB ` +
        `read-back limit`,
    };
  const bytes = await gitBytes(['cat-file', 'blob', spec], { cwd: root, signal });
  if (isBinary(bytes)) return { skip: 'binary' };
  return { text: decodeText(bytes).text.replace(/\r\n/g, '\n') };
}

/**
 * Reads a staged file back from the index when the diff could not show all of it, and keeps the secrets
 * the commit adds: those touching an added line, or (when git showed no lines at all) those whose value
 * is not already in the base version of the file.
 */
async function rescanBlob(
  root: string,
  base: string,
  note: FileNote,
  signal?: AbortSignal,
): Promise<{ hits: BlockHit[] } | { skip: string }> {
  const staged = await blobText(root, `:${note.path}`, signal);
  if ('skip' in staged) return staged;
  const hits = scanText(note.path, staged.text, 1);
  if (!note.binary) {
    return {
      hits: hits.filter((h) => {
        const last = h.line + h.value.split('\n').length - 1;
        return note.ranges.some(([a, b]) => h.line <= b && last >= a);
      }),
    };
  }
  let before = new Set<string>();
  if (base !== EMPTY_TREE) {
    try {
      const old = await blobText(root, `${base}:${note.oldPath ?? note.path}`, signal);
      if ('text' in old) before = new Set(scanText(note.path, old.text, 1).map((h) => h.value));
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      // A new file: nothing was there before.
    }
  }
  return { hits: hits.filter((h) => !before.has(h.value)) };
}

/**
 * Directives in the staged version of each file that has hits, so a comment above an unchanged line still
 * counts. One `git cat-file --batch` reads them all (a blocked commit often has hits in several files).
 */
async function directivesOfStagedFiles(
  root: string,
  hits: readonly BlockHit[],
  signal?: AbortSignal,
): Promise<Map<string, ReturnType<typeof parseSuppressions>>> {
  const result = new Map<string, ReturnType<typeof parseSuppressions>>();
  const paths = [...new Set(hits.filter((h) => !h.suppressedInBlock).map((h) => h.path))];
  if (!paths.length) return result;
  let blobs = new Map<string, Buffer | undefined>();
  try {
    blobs = await catFileBatch(
      paths.map((p) => `:${p}`),
      { cwd: root, signal, maxBytes: MAX_BLOB_FOR_DIRECTIVES },
    );
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    // git could not answer at all: each file keeps the in-block check only.
  }
  for (const path of paths) {
    let blob = blobs.get(`:${path}`);
    if (blob === undefined && path.includes('\n')) {
      // A name with a newline cannot go through --batch's line protocol: read it on its own.
      try {
        const bytes = await gitBytes(['cat-file', 'blob', `:${path}`], { cwd: root, signal });
        if (bytes.length <= MAX_BLOB_FOR_DIRECTIVES) blob = bytes;
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err;
      }
    }
    // Unreadable (e.g. unmerged) or oversized entries keep the in-block check only.
    if (blob) result.set(path, parseSuppressions(blob.toString('utf8').replace(/\r\n/g, '\n')));
  }
  return result;
}
