// The shell text the pre-commit hook runs: our own hook file, or a block appended to Husky's hook.

export const HOOK_MARKER = '# preflight-secrets-hook v1';
export const BLOCK_BEGIN = '# >>> preflight-secrets-hook';
export const BLOCK_END = '# <<< preflight-secrets-hook';
export const CHAINED_SUFFIX = '.preflight-chained';

/**
 * Where the CLI lives on this machine: written into our own hook in `.git/hooks` (never committed), or into
 * this clone's record for a shared hook, so the hook needs nothing on PATH.
 */
export interface HookCommand {
  /** The node (or Electron-as-node) binary: process.execPath of the installer. */
  node: string;
  /** The bundled cli.js (the hook runs the scan.js beside it when there is one). */
  cli: string;
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `preflight_run`: the small scan bundle beside the recorded cli.js (out/scan.js: the secret rule without the
 * rule registry, so the hook starts faster); the recorded CLI itself when there is none beside it (an older
 * build). Both run the same `scan --staged`; a failure of either exits non-zero and blocks the commit.
 */
function scanBundleLines(indent: string): string[] {
  return [
    `${indent}preflight_run=$preflight_cli`,
    `${indent}case "$preflight_cli" in *cli.js) if [ -f "\${preflight_cli%cli.js}scan.js" ]; then ` +
      `preflight_run="\${preflight_cli%cli.js}scan.js"; fi ;; esac`,
  ];
}

/**
 * Runs the staged scan. ELECTRON_RUN_AS_NODE lets VS Code's own binary act as node when the hook was
 * installed from the editor; a missing CLI falls back to `npx --no-install preflight`, and failing that
 * blocks with a message (a secret scanner that silently stops scanning is worse than a blocked commit).
 */
function runLines(cmd: HookCommand): string[] {
  return [
    `preflight_node=${shq(cmd.node)}`,
    `preflight_cli=${shq(cmd.cli)}`,
    'if [ ! -x "$preflight_node" ] && [ -f "$preflight_cli" ]; then',
    '  echo "preflight: the node binary $preflight_node is gone (node or the editor was updated or moved); run ' +
      "'preflight hook install' again (or commit with --no-verify)\" >&2",
    '  exit 1',
    'elif [ -x "$preflight_node" ] && [ -f "$preflight_cli" ]; then',
    ...scanBundleLines('  '),
    '  ELECTRON_RUN_AS_NODE=1 "$preflight_node" "$preflight_run" scan --staged || exit $?',
    'elif command -v npx >/dev/null 2>&1 && [ -d node_modules/preflight ]; then',
    '  npx --no-install preflight scan --staged || exit $?',
    'else',
    "  echo \"preflight: CLI not found at $preflight_cli; run 'preflight hook install' again (or commit with " +
      '--no-verify)" >&2',
    '  exit 1',
    'fi',
  ];
}

/** Our own pre-commit file: runs the chained (previous) hook first and stops on its failure. */
export function hookFileText(cmd: HookCommand): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Runs `preflight scan --staged` before each commit; exit 1 blocks the commit.',
    '# Installed by `preflight hook install`; `preflight hook uninstall` removes it and restores the previous hook.',
    'hook_dir=$(dirname -- "$0")',
    `if [ -x "$hook_dir/pre-commit${CHAINED_SUFFIX}" ]; then`,
    `  "$hook_dir/pre-commit${CHAINED_SUFFIX}" "$@" || exit $?`,
    'fi',
    ...runLines(cmd),
    '',
  ].join('\n');
}

/** What an appended block records so uninstall can undo exactly what install did. */
export interface BlockFlags {
  /** The hook file did not exist: uninstall deletes it. */
  created: boolean;
  /** A newline was added after the file's last line. */
  addedNewline: boolean;
  /** The file's mode before install (octal), restored by uninstall. */
  mode?: number;
}

/**
 * The block added to a shared hook (Husky's `.husky/pre-commit`, or a hook in a tracked core.hooksPath
 * folder). It is committed and runs on teammates' machines, so it names no path of this machine.
 */
export function sharedBlock(flags: BlockFlags): string {
  const tags = [
    flags.created ? 'created' : '',
    flags.addedNewline ? 'newline' : '',
    flags.mode === undefined ? '' : `mode=${flags.mode.toString(8)}`,
  ]
    .filter(Boolean)
    .join(' ');
  return [
    `${BLOCK_BEGIN}${tags ? ` [${tags}]` : ''} (preflight hook uninstall removes this block)`,
    ...portableLines(),
    BLOCK_END,
    '',
  ].join('\n');
}

/** Flags recorded on a block's first line. */
export function blockFlags(text: string): BlockFlags {
  const begin = text.indexOf(BLOCK_BEGIN);
  const line =
    begin === -1 ? '' : text.slice(begin, text.indexOf('\n', begin) === -1 ? undefined : text.indexOf('\n', begin));
  const tags = /\[([^\]]*)\]/.exec(line)?.[1].split(/\s+/) ?? [];
  const mode = tags.find((t) => /^mode=[0-7]{3,4}$/.test(t));
  return {
    created: tags.includes('created'),
    addedNewline: tags.includes('newline'),
    mode: mode ? parseInt(mode.slice(5), 8) : undefined,
  };
}

/** This clone's record of how to run Preflight (inside the git directory: never committed). */
export const HOOK_RECORD = 'preflight/hook-command';

/** The record's text: the node binary, then the CLI, one per line. */
export function hookRecordText(cmd: HookCommand): string {
  return `${cmd.node}\n${cmd.cli}\n`;
}

export function parseHookRecord(text: string): HookCommand | undefined {
  const [node, cli] = text.split('\n');
  return node && cli ? { node, cli } : undefined;
}

export const STRICT_CONFIG = 'preflight.hookStrict';

/**
 * Finds Preflight without any path of this machine: this clone's own record (written by `preflight hook
 * install` or by the editor, kept in the git directory), the project's node_modules/.bin, then PATH. When
 * none is there the commit goes on with a one-line notice (a teammate without Preflight is not blocked),
 * unless `git config preflight.hookStrict true` or PREFLIGHT_HOOK_STRICT=1 asks to block. Safe under
 * `sh -e` (Husky runs hooks that way).
 */
function portableLines(): string[] {
  return [
    `preflight_rec="$(git rev-parse --git-common-dir 2>/dev/null || true)/${HOOK_RECORD}"`,
    'preflight_node=""',
    'preflight_cli=""',
    'if [ -f "$preflight_rec" ]; then',
    '  { IFS= read -r preflight_node; IFS= read -r preflight_cli; } < "$preflight_rec" || true',
    'fi',
    'if [ -n "$preflight_node" ] && [ -x "$preflight_node" ] && [ -f "$preflight_cli" ]; then',
    ...scanBundleLines('  '),
    '  ELECTRON_RUN_AS_NODE=1 "$preflight_node" "$preflight_run" scan --staged || exit $?',
    'elif [ -x node_modules/.bin/preflight ]; then',
    '  node_modules/.bin/preflight scan --staged || exit $?',
    'elif command -v preflight >/dev/null 2>&1; then',
    '  preflight scan --staged || exit $?',
    'else',
    '  preflight_why="Preflight is not installed here"',
    '  if [ -n "$preflight_node" ]; then preflight_why="the node binary recorded for this clone ($preflight_node) ' +
      'or its CLI is gone"; fi',
    `  if [ "$(git config --bool --get ${STRICT_CONFIG} 2>/dev/null || true)" = true ] || [ ` +
      `"\${PREFLIGHT_HOOK_STRICT:-}" = 1 ]; then`,
    `    echo "preflight: commit blocked: the secret scan cannot run ($preflight_why; ${STRICT_CONFIG} is on). ` +
      `Install it (npm i -D preflight, or the VS Code extension) or commit with --no-verify." >&2`,
    '    exit 1',
    '  fi',
    `  echo "preflight: secret scan skipped: $preflight_why (npm i -D preflight, or open the repository in VS Code ` +
      `with the Preflight extension; git config ${STRICT_CONFIG} true blocks instead)." >&2`,
    'fi',
  ];
}

/** The node binary recorded in an installed hook, to tell whether it still exists. */
export function recordedNode(text: string): string | undefined {
  const m = /^preflight_node='((?:[^']|'\\'')*)'$/m.exec(text);
  return m ? m[1].replace(/'\\''/g, "'") : undefined;
}

/** The CLI path recorded in an installed hook, to tell whether it still exists. */
export function recordedCli(text: string): string | undefined {
  const m = /^preflight_cli='((?:[^']|'\\'')*)'$/m.exec(text);
  return m ? m[1].replace(/'\\''/g, "'") : undefined;
}
