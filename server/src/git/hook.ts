// `preflight hook install|uninstall|status`: a pre-commit hook that runs the staged scan. Honours
// core.hooksPath, adds a block to Husky's hook or to a team's hook in a tracked hooks folder (portable: no
// path of this machine in a committed file), defers to the pre-commit framework, chains an existing hook
// in `.git/hooks`, says which file git really runs, and uninstall puts back exactly what was there.
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';
import { repoRoot, runGit } from './exec';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  blockFlags,
  CHAINED_SUFFIX,
  HOOK_MARKER,
  HOOK_RECORD,
  hookFileText,
  hookRecordText,
  parseHookRecord,
  recordedCli,
  recordedNode,
  sharedBlock,
  STRICT_CONFIG,
  type HookCommand,
} from './hookScript';

export type HookMode = 'hooks-dir' | 'husky' | 'pre-commit-framework';

export interface HookStatus {
  root: string;
  mode: HookMode;
  /** Absolute path of the file Preflight edits (or, for the framework, its config file). */
  hookFile: string;
  /** Absolute path of the pre-commit file git itself runs (it may call hookFile, as Husky's does). */
  gitRuns: string;
  /** The hook lives in the work tree (Husky, a tracked core.hooksPath): teammates run it too. */
  shared: boolean;
  installed: boolean;
  /** An earlier pre-commit hook runs first (our own file in `.git/hooks`, or our block in the team's hook). */
  chained: boolean;
  /** Installed, but what it would run on this machine is gone (a moved node binary or CLI, or nothing found). */
  stale: boolean;
  /** One or two sentences for people. */
  message: string;
}

export class HookError extends Error {}

const FRAMEWORK_CONFIG = '.pre-commit-config.yaml';

const FRAMEWORK_SNIPPET = [
  '  - repo: local',
  '    hooks:',
  '      - id: preflight-secrets',
  '        name: preflight secret scan (staged changes)',
  '        entry: preflight scan --staged',
  '        language: system',
  '        pass_filenames: false',
].join('\n');

interface Where {
  root: string;
  mode: HookMode;
  hookFile: string;
  gitRuns: string;
  shared: boolean;
  /** The git directory shared by all worktrees: this clone's hook record lives there. */
  commonDir: string;
  hooksPath?: string;
  /** Something people should know about which hook is active. */
  note?: string;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function locate(cwd: string): Promise<Where> {
  const root = await repoRoot(cwd);
  const [gitDir, commonDir, hooks] = (
    await runGit(['rev-parse', '--absolute-git-dir', '--git-common-dir', '--git-path', 'hooks'], { cwd: root })
  )
    .split('\n')
    .map((l) => resolve(root, l.trim()));
  if (existsSync(join(root, FRAMEWORK_CONFIG))) {
    const config = join(root, FRAMEWORK_CONFIG);
    return {
      root,
      mode: 'pre-commit-framework',
      hookFile: config,
      gitRuns: join(hooks, 'pre-commit'),
      shared: true,
      commonDir,
    };
  }
  const hooksPath =
    (await runGit(['config', '--get', 'core.hooksPath'], { cwd: root, okCodes: [1] })).trim() || undefined;
  // rev-parse applied core.hooksPath (relative to the work tree, absolute, or ~) and linked worktrees for us.
  const gitRuns = join(hooks, 'pre-commit');
  const husky = join(root, '.husky');
  if (isDir(husky)) {
    if (!hooksPath || hooks === husky || hooks === join(husky, '_')) {
      const note = !hooksPath
        ? `Husky is not active yet (core.hooksPath is not .husky): run npm install; until then git runs ` +
          `${rel(root, gitRuns)}`
        : hooks === join(husky, '_')
          ? `git runs ${rel(root, gitRuns)}, which calls .husky/pre-commit`
          : undefined;
      return {
        root,
        mode: 'husky',
        hookFile: join(husky, 'pre-commit'),
        gitRuns,
        shared: true,
        commonDir,
        hooksPath,
        note,
      };
    }
  }
  const shared = isInside(hooks, root) && !isInside(hooks, gitDir) && !isInside(hooks, commonDir);
  const note = isDir(husky)
    ? `.husky/ is present but not used: core.hooksPath is ${hooksPath ?? ''}, so git runs ${rel(root, gitRuns)}`
    : undefined;
  return { root, mode: 'hooks-dir', hookFile: gitRuns, gitRuns, shared, commonDir, hooksPath, note };
}

function rel(root: string, file: string): string {
  const r = relative(root, file);
  return r && !r.startsWith('..') ? r.split(sep).join('/') : file;
}

/** A hook file's text; a special or huge file counts as unreadable rather than hanging the install. */
function read(file: string): string | undefined {
  const r = readGuardedText(file, { maxBytes: MAX_STATE_FILE_BYTES });
  return r.ok ? r.text : undefined;
}

/** Refuses a hook file that exists but is a FIFO, device, folder or huge: never replaced, never hung on. */
function readExisting(file: string): string | undefined {
  const r = readGuardedText(file, { maxBytes: MAX_STATE_FILE_BYTES });
  if (r.ok) return r.text;
  if (r.reason === 'missing') return undefined;
  throw new HookError(`${file} is ${r.detail}: left as it is; add \`preflight scan --staged\` to your hook yourself`);
}

function writeAtomic(file: string, text: string, mode: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.preflight-tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function modeOf(file: string): number {
  return lstatSync(file).mode & 0o7777;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** What the shared (portable) hook would run on this machine, or why it would run nothing. */
function portableRunner(where: Where): { ok: boolean; text: string } {
  const record = parseHookRecord(read(join(where.commonDir, HOOK_RECORD)) ?? '');
  if (record && isExecutable(record.node) && existsSync(record.cli))
    return { ok: true, text: `with ${record.node} (this clone's record)` };
  const gone = record ? `the node binary recorded for this clone (${record.node}) or its CLI is gone; ` : '';
  if (isExecutable(join(where.root, 'node_modules', '.bin', 'preflight')))
    return { ok: true, text: `${gone}with node_modules/.bin/preflight` };
  const global = onPath('preflight');
  if (global) return { ok: true, text: `${gone}with ${global}` };
  return {
    ok: false,
    text:
      `${gone}Preflight is not found for this clone, so commits go through unscanned (git config ` +
      `${STRICT_CONFIG} true blocks them instead): run preflight hook install again`,
  };
}

export async function hookStatus(cwd: string): Promise<HookStatus> {
  return statusAt(await locate(cwd));
}

function statusAt(where: Where): HookStatus {
  const text = read(where.hookFile);
  const relFile = rel(where.root, where.hookFile);
  const base = {
    root: where.root,
    mode: where.mode,
    hookFile: where.hookFile,
    gitRuns: where.gitRuns,
    shared: where.shared,
  };
  if (where.mode === 'pre-commit-framework') {
    const installed = !!text && /\bpreflight-secrets\b/.test(text);
    return {
      ...base,
      installed,
      chained: false,
      stale: false,
      message: installed
        ? `the pre-commit framework runs preflight-secrets (${relFile})`
        : `the pre-commit framework manages hooks here: add preflight-secrets to ${relFile}`,
    };
  }
  const note = where.note ? `; ${where.note}` : '';
  if (where.shared) {
    const installed = !!text && text.includes(BLOCK_BEGIN);
    if (!installed)
      return { ...base, installed, chained: false, stale: false, message: `not installed (${relFile})${note}` };
    const chained = !blockFlags(text).created;
    const runner = portableRunner(where);
    const runs = where.gitRuns === where.hookFile ? '' : ` (git runs ${rel(where.root, where.gitRuns)})`;
    return {
      ...base,
      installed,
      chained,
      stale: !runner.ok,
      message: `installed in ${relFile}${where.note ? '' : runs}, a portable block${
        chained ? ' after the hook that was there' : ''
      }, runs ${runner.text}${note}`,
    };
  }
  const installed = !!text && text.includes(HOOK_MARKER);
  const cli = text ? recordedCli(text) : undefined;
  const node = text ? recordedNode(text) : undefined;
  const nodeGone = installed && !!node && !existsSync(node);
  const stale = (installed && !!cli && !existsSync(cli)) || nodeGone;
  const chained = existsSync(where.hookFile + CHAINED_SUFFIX);
  const message = !installed
    ? `not installed (${relFile})${note}`
    : `installed in ${relFile}${chained ? ', running the previous hook first' : ''}${
        nodeGone
          ? `; the node binary it runs (${node}) is gone: run preflight hook install again`
          : stale
            ? '; the CLI it points to is gone: run preflight hook install again'
            : ''
      }${note}`;
  return { ...base, installed, chained, stale, message };
}

/**
 * For the editor: when a shared Preflight hook is committed but this clone has no usable record (a
 * teammate's fresh clone, or the editor moved), records the editor's own runtime. Returns the status.
 */
export async function refreshHookRecord(cwd: string, cmd: HookCommand): Promise<HookStatus> {
  const where = await locate(cwd);
  const status = statusAt(where);
  if (!status.installed || !status.shared || where.mode === 'pre-commit-framework') return status;
  const record = parseHookRecord(read(join(where.commonDir, HOOK_RECORD)) ?? '');
  if (record?.node === cmd.node && record.cli === cmd.cli) return status;
  writeAtomic(join(where.commonDir, HOOK_RECORD), hookRecordText(cmd), 0o644);
  return statusAt(where);
}

const SHELLS = /^#!.*\b(?:sh|bash|dash|zsh|ksh|ash|busybox)\b/;

export async function installHook(cwd: string, cmd: HookCommand): Promise<HookStatus> {
  const where = await locate(cwd);
  if (where.mode === 'pre-commit-framework') {
    const status = statusAt(where);
    if (status.installed) return status;
    // The config is shared and committed: we do not rewrite it, we say exactly what to add.
    return { ...status, message: `${status.message}:\n${FRAMEWORK_SNIPPET}\n(then run: pre-commit install)` };
  }
  const current = readExisting(where.hookFile);
  if (where.shared) {
    installShared(where, current);
    writeAtomic(join(where.commonDir, HOOK_RECORD), hookRecordText(cmd), 0o644);
    return statusAt(where);
  }
  const chainedFile = where.hookFile + CHAINED_SUFFIX;
  if (current !== undefined && !current.includes(HOOK_MARKER)) {
    if (existsSync(chainedFile))
      throw new HookError(`both ${where.hookFile} and ${chainedFile} exist; move one away first`);
    renameSync(where.hookFile, chainedFile); // a rename keeps the bytes and the mode for uninstall
  }
  writeAtomic(where.hookFile, hookFileText(cmd), 0o755);
  return statusAt(where);
}

/**
 * Adds our block to a hook in the work tree (never renames or replaces it: it is the team's, committed
 * file). The block goes before the first top-level `exit`/`exec` line, which would otherwise skip it.
 */
function installShared(where: Where, current: string | undefined): void {
  const firstLine = current?.split('\n', 1)[0] ?? '';
  if (current !== undefined && firstLine.startsWith('#!') && !SHELLS.test(firstLine))
    throw new HookError(
      `${rel(where.root, where.hookFile)} is not a shell script (${firstLine}): left as it is; call \`preflight ` +
        `scan --staged\` from it yourself`,
    );
  const old = current?.includes(BLOCK_BEGIN) ? blockFlags(current) : undefined;
  const created = old?.created ?? current === undefined;
  const originalMode = old ? old.mode : current === undefined ? undefined : modeOf(where.hookFile);
  const base =
    current === undefined ? (where.mode === 'husky' ? '#!/usr/bin/env sh\n' : '#!/bin/sh\n') : removeBlock(current);
  const stop = /^(?:exit|exec)\b/m.exec(base);
  let text: string;
  let addedNewline = false;
  if (stop) {
    const block = sharedBlock({ created, addedNewline: false, mode: originalMode });
    text = `${base.slice(0, stop.index)}${block}${base.slice(stop.index)}`;
  } else {
    addedNewline = base.length > 0 && !base.endsWith('\n');
    text = `${base}${addedNewline ? '\n' : ''}${sharedBlock({ created, addedNewline, mode: originalMode })}`;
  }
  // git runs the file itself only when it is the active hook; Husky 9 runs .husky/pre-commit through `sh`.
  const before = current === undefined ? 0o644 : modeOf(where.hookFile);
  const mode = where.gitRuns === where.hookFile || created ? before | ((before & 0o444) >> 2) : before;
  writeAtomic(where.hookFile, text, mode);
}

export async function uninstallHook(cwd: string): Promise<HookStatus> {
  const where = await locate(cwd);
  if (where.mode === 'pre-commit-framework') {
    const status = statusAt(where);
    return {
      ...status,
      message: status.installed
        ? `remove the preflight-secrets hook from ${FRAMEWORK_CONFIG} yourself (it is a shared, committed file)`
        : status.message,
    };
  }
  const current = readExisting(where.hookFile);
  if (where.shared) {
    if (current?.includes(BLOCK_BEGIN)) {
      const flags = blockFlags(current);
      const rest = removeBlock(current);
      if (flags.created && /^(?:#![^\n]*\n?)?\s*$/.test(rest)) rmSync(where.hookFile);
      else writeAtomic(where.hookFile, rest, flags.mode ?? modeOf(where.hookFile));
    }
    rmSync(join(where.commonDir, HOOK_RECORD), { force: true });
    return statusAt(where);
  }
  const chainedFile = where.hookFile + CHAINED_SUFFIX;
  if (current !== undefined && !current.includes(HOOK_MARKER)) {
    throw new HookError(`${where.hookFile} is not Preflight's hook (it was replaced); left as it is`);
  }
  if (existsSync(chainedFile)) renameSync(chainedFile, where.hookFile);
  else if (current !== undefined) rmSync(where.hookFile);
  return statusAt(where);
}

/** Removes our block, undoing the newline we added before it. */
function removeBlock(text: string): string {
  const begin = text.indexOf(BLOCK_BEGIN);
  if (begin === -1) return text;
  const endAt = text.indexOf(BLOCK_END, begin);
  const after =
    endAt === -1 ? text.length : text.indexOf('\n', endAt) === -1 ? text.length : text.indexOf('\n', endAt) + 1;
  const before =
    blockFlags(text).addedNewline && text[begin - 1] === '\n' ? text.slice(0, begin - 1) : text.slice(0, begin);
  return before + text.slice(after);
}
