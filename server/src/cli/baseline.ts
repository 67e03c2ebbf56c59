// `preflight baseline add|list|prune`: manage accepted secrets in .preflight/baseline.json.
import { join, resolve } from 'node:path';
import { catFileBatch, repoRoot } from '../git/exec';
import { LockError } from '../workspace/fileLock';
import { readGuardedText, type GuardedText } from '../workspace/guardedRead';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../workspace/readText';
import { scanStaged } from '../git/staged';
import { SECRET_RULE_ID } from '../git/types';
import {
  addToBaseline,
  BASELINE_FILE,
  loadBaseline,
  normalizePath,
  updateBaseline,
  type BaselineCandidate,
  type BaselineEntry,
  type Baseline,
} from '../secrets/baseline';
import { detectSecrets } from '../secrets/detect';
import { mask } from '../core/masking';
import { CliError, emit, parseArgs, type CommandResult } from './common';
import { rethrowAsCliError } from './scan';

const USAGE = 'usage: preflight baseline add <path>… [--reason R] | add --staged [<path>…] [--reason R] | list | prune';

export async function runBaseline(args: string[]): Promise<CommandResult> {
  const [sub, ...rest] = args;
  const { positionals, options } = parseArgs(rest, ['reason', 'cwd'], ['staged']);
  const cwd = typeof options.get('cwd') === 'string' ? (options.get('cwd') as string) : process.cwd();
  const root = await repoRoot(cwd).catch(() => resolve(cwd));
  switch (sub) {
    case 'add':
      return add(
        root,
        cwd,
        positionals,
        options.has('staged'),
        typeof options.get('reason') === 'string' ? (options.get('reason') as string) : 'no reason given',
      );
    case 'list':
      return list(root);
    case 'prune':
      return prune(root);
    default:
      throw new CliError(sub ? `unknown baseline command "${sub}" (${USAGE})` : USAGE);
  }
}

/** A corrupt baseline is a runtime error (exit 2) and the file is left as it is. */
function loadOrFail(root: string): Baseline {
  try {
    return loadBaseline(root);
  } catch (err) {
    return rethrowAsCliError(err);
  }
}

/** A working-tree file named by the user: refused (with the reason) when special, huge or a link outside. */
/** Baseline and lock problems are runtime errors: one line, exit 2. */
function lockedOrFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LockError) throw new CliError(err.message);
    return rethrowAsCliError(err);
  }
}

function readText(root: string, rel: string): GuardedText {
  return readGuardedText(join(root, rel), { maxBytes: DEFAULT_MAX_FILE_SIZE_KB * 1024 * 8, within: root });
}

async function add(
  root: string,
  cwd: string,
  paths: string[],
  staged: boolean,
  reason: string,
): Promise<CommandResult> {
  loadOrFail(root); // a corrupt baseline stops here, before any scan
  const candidates: (BaselineCandidate & { line?: number })[] = [];
  const wanted = new Set(paths.map((p) => normalizePath(root, resolve(cwd, p))));
  if (staged) {
    const result = await scanStaged({ cwd: root, baseline: null }).catch(rethrowAsCliError);
    for (const f of result.findings)
      if (!wanted.size || wanted.has(f.path))
        candidates.push({ rule: f.ruleId, path: f.path, value: f.value, kind: f.kind });
  } else {
    if (!paths.length) throw new CliError(`baseline add needs at least one path, or --staged (${USAGE})`);
    for (const rel of wanted) {
      const read = readText(root, rel);
      if (!read.ok) throw new CliError(`cannot read ${rel}: it ${read.detail}`);
      for (const hit of detectSecrets(read.text, { path: rel }))
        candidates.push({ rule: SECRET_RULE_ID, path: rel, value: hit.value, kind: hit.kind });
    }
  }
  // Re-read under the lock: another run may have added entries (or created the salt) meanwhile.
  const added = lockedOrFail(() =>
    updateBaseline(root, (current) => {
      const n = addToBaseline(root, current, candidates, reason);
      return { changed: n > 0, result: n };
    }),
  );
  const lines = candidates.map((c) => `  ${c.path}  ${c.kind ?? c.rule}  ${mask(c.value)}`);
  emit(
    [
      `preflight: ${added} new baseline entr${added === 1 ? 'y' : 'ies'} in ${BASELINE_FILE} (${candidates.length} ` +
        `secret${candidates.length === 1 ? '' : 's'} found)`,
      ...lines,
    ].join('\n'),
  );
  return { exitCode: 0 };
}

function list(root: string): CommandResult {
  const baseline = loadOrFail(root);
  const entries = baseline.data.entries;
  if (!entries.length) {
    emit(`preflight: ${BASELINE_FILE} has no entries`);
    return { exitCode: 0 };
  }
  emit(
    [
      `preflight: ${entries.length} baseline entr${entries.length === 1 ? 'y' : 'ies'} in ${BASELINE_FILE}`,
      ...entries.map(
        (e) =>
          `  ${e.path}  ${e.rule}${e.kind ? ` (${e.kind})` : ''}  ${e.hash.slice(0, 12)}  ${e.date.slice(0, 10)}  ` +
          `${e.reason}`,
      ),
    ].join('\n'),
  );
  return { exitCode: 0 };
}

/**
 * Hashes of every secret still in each path: the working-tree file and the staged version both count.
 * The staged versions are read with one git process for all paths (2,000 entries, one process).
 */
async function liveHashes(
  root: string,
  paths: readonly string[],
  hashOf: (v: string) => string,
): Promise<Map<string, Set<string>>> {
  let staged = new Map<string, Buffer | undefined>();
  try {
    staged = await catFileBatch(
      paths.map((p) => `:${p}`),
      { cwd: root, maxBytes: DEFAULT_MAX_FILE_SIZE_KB * 1024 * 8 },
    );
  } catch {
    /* not a repository: the working tree alone counts */
  }
  const live = new Map<string, Set<string>>();
  for (const path of paths) {
    const own = readText(root, path);
    const texts = [own.ok ? own.text : undefined, staged.get(`:${path}`)?.toString('utf8')];
    const hashes = new Set<string>();
    for (const text of texts)
      if (text !== undefined) for (const hit of detectSecrets(text, { path })) hashes.add(hashOf(hit.value));
    live.set(path, hashes);
  }
  return live;
}

async function prune(root: string): Promise<CommandResult> {
  const baseline = loadOrFail(root);
  if (!baseline.exists) {
    emit(`preflight: no ${BASELINE_FILE}; nothing to prune`);
    return { exitCode: 0 };
  }
  const live = await liveHashes(root, [...new Set(baseline.data.entries.map((e) => e.path))], baseline.hashOf);
  const kept: BaselineEntry[] = [];
  const dropped: BaselineEntry[] = [];
  for (const e of baseline.data.entries) (live.get(e.path)?.has(e.hash) ? kept : dropped).push(e);
  if (dropped.length) {
    const gone = new Set(dropped.map((e) => `${e.rule}\0${e.path}\0${e.hash}`));
    lockedOrFail(() =>
      updateBaseline(root, (current) => {
        const before = current.data.entries.length;
        current.data.entries = current.data.entries.filter((e) => !gone.has(`${e.rule}\0${e.path}\0${e.hash}`));
        return { changed: current.data.entries.length !== before, result: undefined };
      }),
    );
  }
  emit(
    [
      `preflight: pruned ${dropped.length} baseline entr${dropped.length === 1 ? 'y' : 'ies'}, ${kept.length} kept`,
      ...dropped.map((e) => `  - ${e.path}  ${e.kind ?? e.rule}  ${e.hash.slice(0, 12)}`),
    ].join('\n'),
  );
  return { exitCode: 0 };
}
