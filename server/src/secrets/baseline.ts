// The secrets baseline, `.preflight/baseline.json`: accepted secrets keyed by rule + path + a salted
// hash of the value (never the value, never a line number, so unrelated edits keep entries valid).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { withFileLock } from '../workspace/fileLock';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';

export const BASELINE_FILE = '.preflight/baseline.json';

export interface BaselineEntry {
  rule: string;
  /** Repository-relative path, forward slashes. */
  path: string;
  /** sha256(salt + value), hex. */
  hash: string;
  /** Detector id (informative only: matching is by rule + path + hash). */
  kind?: string;
  reason: string;
  /** ISO date the entry was added. */
  date: string;
}

export interface BaselineData {
  version: 1;
  /** Random per-repository salt (hex), generated once, so hashes cannot be looked up across projects. */
  salt: string;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export interface Baseline {
  /** Absolute path of the baseline file. */
  file: string;
  /** False when the file does not exist yet. */
  exists: boolean;
  data: BaselineData;
  hashOf: (value: string) => string;
  isBaselined(ruleId: string, path: string, value: string): boolean;
}

function baselineFile(root: string): string {
  return join(root, ...BASELINE_FILE.split('/'));
}

function fail(file: string, why: string): never {
  throw new BaselineError(`corrupt baseline ${file}: ${why} (fix or delete the file; it was left untouched)`, file);
}

/** Validates parsed JSON as a baseline; throws BaselineError naming the file. */
function validate(file: string, json: unknown): BaselineData {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(file, 'not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.version !== 1) fail(file, `unsupported version ${JSON.stringify(o.version)}`);
  if (typeof o.salt !== 'string' || !/^[0-9a-f]{16,}$/.test(o.salt)) fail(file, 'missing or invalid "salt"');
  if (!Array.isArray(o.entries)) fail(file, '"entries" is not an array');
  o.entries.forEach((e: unknown, i: number) => {
    const r = e as Record<string, unknown> | null;
    const ok =
      r &&
      typeof r === 'object' &&
      typeof r.rule === 'string' &&
      typeof r.path === 'string' &&
      typeof r.hash === 'string' &&
      /^[0-9a-f]{64}$/.test(r.hash) &&
      typeof r.reason === 'string' &&
      typeof r.date === 'string' &&
      (r.kind === undefined || typeof r.kind === 'string');
    if (!ok) fail(file, `entry ${i} is malformed`);
  });
  return o as unknown as BaselineData;
}

/** Turns an absolute or relative path into the repository-relative, forward-slash form entries use. */
export function normalizePath(root: string, path: string): string {
  const rel = isAbsolute(path) ? relative(root, path) : path;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

function build(root: string, file: string, exists: boolean, data: BaselineData): Baseline {
  const hashOf = (value: string): string => createHash('sha256').update(data.salt).update(value).digest('hex');
  const keys = new Set(data.entries.map((e) => `${e.rule}\0${e.path}\0${e.hash}`));
  return {
    file,
    exists,
    data,
    hashOf,
    isBaselined: (ruleId, path, value) =>
      keys.size > 0 && keys.has(`${ruleId}\0${normalizePath(root, path)}\0${hashOf(value)}`),
  };
}

/**
 * Loads the baseline of a repository root. A missing file is an empty baseline (with a fresh salt that
 * is only written when an entry is added). A corrupt file throws BaselineError and is never overwritten.
 */
export function loadBaseline(root: string): Baseline {
  const file = baselineFile(root);
  const read = readGuardedText(file, { maxBytes: MAX_STATE_FILE_BYTES, within: root });
  if (!read.ok && read.reason === 'missing')
    return build(root, file, false, { version: 1, salt: randomBytes(16).toString('hex'), entries: [] });
  if (!read.ok) throw new BaselineError(`cannot read baseline ${file}: it ${read.detail}`, file);
  const text = read.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(file, `invalid JSON (${(err as Error).message})`);
  }
  return build(root, file, true, validate(file, json));
}

/**
 * Loads, changes and saves the baseline under an exclusive lock, so parallel `baseline add` runs (or the
 * editor and a terminal) never lose each other's entries, and the salt is created once per repository.
 * `change` returns whether it changed anything; the file is written only then.
 */
export function updateBaseline<T>(root: string, change: (baseline: Baseline) => { changed: boolean; result: T }): T {
  return withFileLock(baselineFile(root), () => {
    const baseline = loadBaseline(root);
    const { changed, result } = change(baseline);
    if (changed) saveBaseline(baseline);
    return result;
  });
}

/** Writes the baseline atomically (temp file + rename), creating `.preflight/` when needed. */
function saveBaseline(baseline: Baseline): void {
  const dir = baseline.file.slice(0, baseline.file.length - 'baseline.json'.length - 1);
  mkdirSync(dir, { recursive: true });
  const sorted = [...baseline.data.entries].sort(
    (a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule) || a.hash.localeCompare(b.hash),
  );
  const text = `${JSON.stringify({ version: 1, salt: baseline.data.salt, entries: sorted }, null, 2)}\n`;
  const tmp = `${baseline.file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, baseline.file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export interface BaselineCandidate {
  rule: string;
  path: string;
  value: string;
  kind?: string;
}

/** Adds entries not already present; returns how many were added. The caller saves. */
export function addToBaseline(
  root: string,
  baseline: Baseline,
  items: readonly BaselineCandidate[],
  reason: string,
  now = new Date(),
): number {
  let added = 0;
  for (const item of items) {
    const path = normalizePath(root, item.path);
    if (baseline.isBaselined(item.rule, path, item.value)) continue;
    baseline.data.entries.push({
      rule: item.rule,
      path,
      hash: baseline.hashOf(item.value),
      kind: item.kind,
      reason,
      date: now.toISOString(),
    });
    Object.assign(baseline, build(root, baseline.file, baseline.exists, baseline.data));
    added++;
  }
  return added;
}
