// Manual ticks and waivers in `.preflight/checklist.json`: validated reads, atomic writes, corrupt files kept.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withFileLock } from '../workspace/fileLock';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';

export type DecisionStatus = 'ticked' | 'waived';

export interface Decision {
  status: DecisionStatus;
  /** `git config user.name`, else the OS user name. */
  by: string;
  /** ISO 8601 time of the decision. */
  at: string;
  /** Required for waivers; optional note for ticks. */
  reason?: string;
}

/** The file format (version 1): `{ "version": 1, "items": { "<item id>": Decision } }`. */
export interface ChecklistState {
  version: 1;
  items: Record<string, Decision>;
}

export interface LoadedState {
  state: ChecklistState;
  /**
   * Set when the file exists but cannot be used: what is wrong and where the untouched backup copy is.
   * Decisions are then empty; nothing is written until the user changes a decision.
   */
  problem?: { message: string; backup?: string };
}

const STATE_DIR = '.preflight';
const STATE_FILE = 'checklist.json';

export function statePath(root: string): string {
  return join(root, STATE_DIR, STATE_FILE);
}

function emptyState(): ChecklistState {
  return { version: 1, items: {} };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates parsed JSON; returns a reason string when it is not a usable state file. */
function validate(raw: unknown): ChecklistState | string {
  if (!isRecord(raw)) return 'the top level is not a JSON object';
  if (raw.version !== 1) return `unsupported "version" ${JSON.stringify(raw.version)} (expected 1)`;
  if (!isRecord(raw.items)) return '"items" is not an object';
  const items: Record<string, Decision> = {};
  for (const [id, d] of Object.entries(raw.items)) {
    if (!isRecord(d)) return `item "${id}" is not an object`;
    if (d.status !== 'ticked' && d.status !== 'waived')
      return `item "${id}" has status ${JSON.stringify(d.status)} (expected "ticked" or "waived")`;
    if (typeof d.by !== 'string' || typeof d.at !== 'string') return `item "${id}" needs string "by" and "at"`;
    if (d.reason !== undefined && typeof d.reason !== 'string') return `item "${id}" has a non-string "reason"`;
    if (d.status === 'waived' && !(typeof d.reason === 'string' && d.reason.trim()))
      return `item "${id}" is waived without a reason`;
    items[id] = { status: d.status, by: d.by, at: d.at, ...(d.reason !== undefined ? { reason: d.reason } : {}) };
  }
  return { version: 1, items };
}

function backupName(path: string, now: Date): string {
  return `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Reads the state. A missing file is an empty state. A corrupt or invalid file is copied to
 * `checklist.json.corrupt-<timestamp>` (once per distinct content) and reported; it is never deleted.
 */
export function loadState(root: string, now = new Date()): LoadedState {
  const path = statePath(root);
  const read = readGuardedText(path, { maxBytes: MAX_STATE_FILE_BYTES, within: root });
  if (!read.ok && read.reason === 'missing') return { state: emptyState() };
  if (!read.ok)
    return { state: emptyState(), problem: { message: `cannot read ${STATE_DIR}/${STATE_FILE}: it ${read.detail}.` } };
  const text = read.text;
  let reason: string;
  try {
    const checked = validate(JSON.parse(text.replace(/^\uFEFF/, '')));
    if (typeof checked !== 'string') return { state: checked };
    reason = checked;
  } catch (error) {
    reason = `it is not valid JSON (${(error as Error).message})`;
  }
  const backup = ensureBackup(path, text, now);
  const where = backup
    ? `; a copy was saved as ${STATE_DIR}/${backup.slice(backup.lastIndexOf('/') + 1)}`
    : '; no backup copy could be written, so the file is left untouched and ticks cannot be saved';
  return {
    state: emptyState(),
    problem: {
      message:
        `${STATE_DIR}/${STATE_FILE} cannot be used: ${reason}. Ticks and waivers from it are ignored until ` +
        `it is fixed or a new decision replaces it${where}.`,
      backup,
    },
  };
}

/** Keeps one backup per corrupt content: re-reading the same broken file does not pile up copies. */
function ensureBackup(path: string, text: string, now: Date): string | undefined {
  const dir = dirname(path);
  const prefix = `${basename(path)}.corrupt-`;
  try {
    for (const name of readdirSync(dir)
      .filter((n) => n.startsWith(prefix))
      .sort()
      .reverse()) {
      const copy = readGuardedText(join(dir, name), { maxBytes: MAX_STATE_FILE_BYTES, within: dir });
      if (copy.ok && copy.text === text) return join(dir, name);
    }
    const backup = backupName(path, now);
    copyFileSync(path, backup);
    return backup;
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename); creates `.preflight/` when missing. */
function saveState(root: string, state: ChecklistState): void {
  const dir = join(root, STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const path = statePath(root);
  const tmp = join(dir, `.${STATE_FILE}.${process.pid}.${Date.now()}.tmp`);
  const sorted: ChecklistState = {
    version: 1,
    items: Object.fromEntries(Object.entries(state.items).sort(([a], [b]) => a.localeCompare(b))),
  };
  try {
    writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export type DecisionChange =
  { action: 'tick'; reason?: string } | { action: 'waive'; reason: string } | { action: 'untick' };

/**
 * Applies one decision and saves. When the existing file is corrupt, its backup must exist before it is
 * replaced; if the backup could not be made, this throws and the file stays as it was.
 */
export function changeDecision(
  root: string,
  id: string,
  change: DecisionChange,
  by: string,
  now = new Date(),
): ChecklistState {
  // Locked read-modify-write: the sidebar and a terminal ticking at once never lose a decision.
  return withFileLock(statePath(root), () => changeDecisionLocked(root, id, change, by, now));
}

function changeDecisionLocked(root: string, id: string, change: DecisionChange, by: string, now: Date): ChecklistState {
  const loaded = loadState(root, now);
  if (loaded.problem && !loaded.problem.backup && existsSync(statePath(root))) {
    throw new Error(`${loaded.problem.message} Fix or move the file, then try again.`);
  }
  const state = loaded.state;
  if (change.action === 'untick') {
    delete state.items[id];
  } else if (change.action === 'waive') {
    if (!change.reason.trim()) throw new Error('a waiver needs a reason');
    state.items[id] = { status: 'waived', by, at: now.toISOString(), reason: change.reason.trim() };
  } else {
    state.items[id] = {
      status: 'ticked',
      by,
      at: now.toISOString(),
      ...(change.reason?.trim() ? { reason: change.reason.trim() } : {}),
    };
  }
  saveState(root, state);
  return state;
}
