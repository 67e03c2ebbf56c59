// `preflight hook install|uninstall|status`: a pre-commit hook that runs the staged scan. Honours
// core.hooksPath, appends to Husky's hook, defers to the pre-commit framework, chains an existing hook,
// and uninstall puts back exactly what was there.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';
import { repoRoot, runGit } from './exec';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  CHAINED_SUFFIX,
  HOOK_MARKER,
  hookFileText,
  huskyBlock,
  recordedCli,
  recordedNode,
  type HookCommand,
} from './hookScript';

export type HookMode = 'hooks-dir' | 'husky' | 'pre-commit-framework';

export interface HookStatus {
  root: string;
  mode: HookMode;
  /** Absolute path of the file git runs (or, for the framework, its config file). */
  hookFile: string;
  installed: boolean;
  /** An earlier pre-commit hook runs first (hooks-dir mode). */
  chained: boolean;
  /** Installed, but the CLI path it records no longer exists (e.g. after an extension update). */
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

async function locate(cwd: string): Promise<{ root: string; mode: HookMode; hookFile: string; hooksPath?: string }> {
  const root = await repoRoot(cwd);
  if (existsSync(join(root, FRAMEWORK_CONFIG)))
    return { root, mode: 'pre-commit-framework', hookFile: join(root, FRAMEWORK_CONFIG) };
  const hooksPath =
    (await runGit(['config', '--get', 'core.hooksPath'], { cwd: root, okCodes: [1] })).trim() || undefined;
  if (existsSync(join(root, '.husky')) && statSync(join(root, '.husky')).isDirectory())
    return { root, mode: 'husky', hookFile: join(root, '.husky', 'pre-commit'), hooksPath };
  // rev-parse applies core.hooksPath (relative to the work tree, absolute, or ~) and linked worktrees for us.
  const hooksDir = resolve(root, (await runGit(['rev-parse', '--git-path', 'hooks'], { cwd: root })).trim());
  return { root, mode: 'hooks-dir', hookFile: join(hooksDir, 'pre-commit'), hooksPath };
}

/** A hook file's text; a special or huge file counts as unreadable rather than hanging the install. */
function read(file: string): string | undefined {
  const r = readGuardedText(file, { maxBytes: MAX_STATE_FILE_BYTES });
  return r.ok ? r.text : undefined;
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

export async function hookStatus(cwd: string): Promise<HookStatus> {
  const where = await locate(cwd);
  const text = read(where.hookFile);
  const rel = relative(where.root, where.hookFile) || where.hookFile;
  if (where.mode === 'pre-commit-framework') {
    const installed = !!text && /\bpreflight-secrets\b/.test(text);
    return {
      ...where,
      installed,
      chained: false,
      stale: false,
      message: installed
        ? `the pre-commit framework runs preflight-secrets (${rel})`
        : `the pre-commit framework manages hooks here: add preflight-secrets to ${rel}`,
    };
  }
  const installed = !!text && (where.mode === 'husky' ? text.includes(BLOCK_BEGIN) : text.includes(HOOK_MARKER));
  const cli = text ? recordedCli(text) : undefined;
  const node = text ? recordedNode(text) : undefined;
  const nodeGone = installed && !!node && !existsSync(node);
  const stale = (installed && !!cli && !existsSync(cli)) || nodeGone;
  const chained = where.mode === 'hooks-dir' && existsSync(where.hookFile + CHAINED_SUFFIX);
  const huskyOff = where.mode === 'husky' && !(where.hooksPath ?? '').includes('.husky');
  const message = !installed
    ? `not installed (${rel})`
    : `installed in ${rel}${chained ? ', running the previous hook first' : ''}${nodeGone ? `; the node binary it runs (${node}) is gone: run preflight hook install again` : stale ? '; the CLI it points to is gone: run preflight hook install again' : ''}${huskyOff ? '; Husky is not active yet (core.hooksPath is not .husky): run npm install' : ''}`;
  return { ...where, installed, chained, stale, message };
}

export async function installHook(cwd: string, cmd: HookCommand): Promise<HookStatus> {
  const where = await locate(cwd);
  if (where.mode === 'pre-commit-framework') {
    const status = await hookStatus(cwd);
    if (status.installed) return status;
    // The config is shared and committed: we do not rewrite it, we say exactly what to add.
    return { ...status, message: `${status.message}:\n${FRAMEWORK_SNIPPET}\n(then run: pre-commit install)` };
  }
  const current = read(where.hookFile);
  if (where.mode === 'husky') {
    const base = current === undefined ? '#!/usr/bin/env sh\n' : removeBlock(current);
    const addedNewline = base.length > 0 && !base.endsWith('\n');
    writeAtomic(
      where.hookFile,
      `${base}${addedNewline ? '\n' : ''}${huskyBlock(cmd, { created: current === undefined, addedNewline })}`,
      0o755,
    );
    return hookStatus(cwd);
  }
  const chainedFile = where.hookFile + CHAINED_SUFFIX;
  if (current !== undefined && !current.includes(HOOK_MARKER)) {
    if (existsSync(chainedFile))
      throw new HookError(`both ${where.hookFile} and ${chainedFile} exist; move one away first`);
    renameSync(where.hookFile, chainedFile); // a rename keeps the bytes and the mode for uninstall
  }
  writeAtomic(where.hookFile, hookFileText(cmd), 0o755);
  return hookStatus(cwd);
}

export async function uninstallHook(cwd: string): Promise<HookStatus> {
  const where = await locate(cwd);
  if (where.mode === 'pre-commit-framework') {
    const status = await hookStatus(cwd);
    return {
      ...status,
      message: status.installed
        ? `remove the preflight-secrets hook from ${FRAMEWORK_CONFIG} yourself (it is a shared, committed file)`
        : status.message,
    };
  }
  const current = read(where.hookFile);
  if (where.mode === 'husky') {
    if (current?.includes(BLOCK_BEGIN)) {
      const rest = removeBlock(current);
      if (created(current) && rest.trim() === '#!/usr/bin/env sh') rmSync(where.hookFile);
      else writeAtomic(where.hookFile, rest, statSync(where.hookFile).mode & 0o777);
    }
    return hookStatus(cwd);
  }
  const chainedFile = where.hookFile + CHAINED_SUFFIX;
  if (current !== undefined && !current.includes(HOOK_MARKER)) {
    throw new HookError(`${where.hookFile} is not Preflight's hook (it was replaced); left as it is`);
  }
  if (existsSync(chainedFile)) renameSync(chainedFile, where.hookFile);
  else if (current !== undefined) rmSync(where.hookFile);
  return hookStatus(cwd);
}

function created(text: string): boolean {
  const line = text.split('\n').find((l) => l.startsWith(BLOCK_BEGIN)) ?? '';
  return /\[[^\]]*\bcreated\b[^\]]*\]/.test(line);
}

/** Removes our block from Husky's hook, undoing the newline we added before it. */
function removeBlock(text: string): string {
  const begin = text.indexOf(BLOCK_BEGIN);
  if (begin === -1) return text;
  const endAt = text.indexOf(BLOCK_END, begin);
  const after =
    endAt === -1 ? text.length : text.indexOf('\n', endAt) === -1 ? text.length : text.indexOf('\n', endAt) + 1;
  const line = text.slice(begin, text.indexOf('\n', begin));
  const addedNewline = /\[[^\]]*\bnewline\b[^\]]*\]/.test(line);
  const before = addedNewline && text[begin - 1] === '\n' ? text.slice(0, begin - 1) : text.slice(0, begin);
  return before + text.slice(after);
}
