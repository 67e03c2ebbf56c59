// Results of the last staged scan, history scan and dependency audit, kept per clone (inside the git
// directory, never committed) so the checklist can show them; outside git, in `.preflight/local/`.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_STATE_FILE_BYTES, readGuardedText } from './guardedRead';

export interface StagedScanRecord {
  at: string;
  findings: number;
  /** mtime of the index when the scan ran: a later change to the index makes the record stale. */
  indexMtimeMs: number;
}

export interface HistoryScanRecord {
  at: string;
  /** HEAD when the scan ran (commits after it are not covered). */
  head: string;
  commits: number;
  /** Masked summaries only: never a secret value. */
  findings: Array<{ commit: string; path: string; line: number; ruleId: string; inHead?: boolean }>;
}

export interface AuditRecord {
  at: string;
  tools: Array<{
    tool: string;
    dir: string;
    ok: boolean;
    critical: number;
    high: number;
    moderate: number;
    low: number;
    message: string;
    top: string[];
  }>;
}

export interface ScanRecords {
  /** Record files that were refused, one sentence each. */
  problems?: string[];
  staged?: StagedScanRecord;
  history?: HistoryScanRecord;
  audit?: AuditRecord;
}

const FILES = { staged: 'staged-scan.json', history: 'history-scan.json', audit: 'audit.json' } as const;

/** Folder for records: `<git dir>/preflight` when known, else `<root>/.preflight/local`. */
export function recordsDir(root: string, gitDir?: string): string {
  return gitDir ? join(gitDir, 'preflight') : join(root, '.preflight', 'local');
}

/** A record too large or not a regular file is refused with a reason (the next scan replaces it). */
function readJson(path: string, problems: string[]): unknown {
  try {
    const read = readGuardedText(path, { maxBytes: MAX_STATE_FILE_BYTES });
    if (!read.ok && read.reason !== 'missing')
      problems.push(`scan record ${path} ${read.detail}: ignored (the next scan replaces it)`);
    return read.ok ? JSON.parse(read.text) : undefined;
  } catch {
    return undefined; // a damaged record only means "no scan known"
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readRecords(dir: string): ScanRecords {
  const problems: string[] = [];
  const out: ScanRecords = {};
  const staged = readJson(join(dir, FILES.staged), problems);
  if (
    isObj(staged) &&
    typeof staged.at === 'string' &&
    typeof staged.findings === 'number' &&
    typeof staged.indexMtimeMs === 'number'
  )
    out.staged = staged as unknown as StagedScanRecord;
  const history = readJson(join(dir, FILES.history), problems);
  if (
    isObj(history) &&
    typeof history.at === 'string' &&
    typeof history.head === 'string' &&
    Array.isArray(history.findings)
  )
    out.history = history as unknown as HistoryScanRecord;
  const audit = readJson(join(dir, FILES.audit), problems);
  if (isObj(audit) && typeof audit.at === 'string' && Array.isArray(audit.tools))
    out.audit = audit as unknown as AuditRecord;
  if (problems.length) out.problems = problems;
  return out;
}

export function writeRecord<K extends keyof typeof FILES>(
  dir: string,
  kind: K,
  record: NonNullable<ScanRecords[K]>,
): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FILES[kind]);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
