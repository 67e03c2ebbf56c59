// The shell text the pre-commit hook runs: our own hook file, or a block appended to Husky's hook.

export const HOOK_MARKER = '# preflight-secrets-hook v1';
export const BLOCK_BEGIN = '# >>> preflight-secrets-hook';
export const BLOCK_END = '# <<< preflight-secrets-hook';
export const CHAINED_SUFFIX = '.preflight-chained';

/** Where the CLI lives: recorded as absolute paths at install time, so the hook needs nothing on PATH. */
export interface HookCommand {
  /** The node (or Electron-as-node) binary: process.execPath of the installer. */
  node: string;
  /** The bundled cli.js. */
  cli: string;
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
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
    '  echo "preflight: the node binary $preflight_node is gone (node or the editor was updated or moved); run \'preflight hook install\' again (or commit with --no-verify)" >&2',
    '  exit 1',
    'elif [ -x "$preflight_node" ] && [ -f "$preflight_cli" ]; then',
    '  ELECTRON_RUN_AS_NODE=1 "$preflight_node" "$preflight_cli" scan --staged || exit $?',
    'elif command -v npx >/dev/null 2>&1 && [ -d node_modules/preflight ]; then',
    '  npx --no-install preflight scan --staged || exit $?',
    'else',
    '  echo "preflight: CLI not found at $preflight_cli; run \'preflight hook install\' again (or commit with --no-verify)" >&2',
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

/** The block appended to `.husky/pre-commit`; flags record what uninstall must undo. */
export function huskyBlock(cmd: HookCommand, flags: { created: boolean; addedNewline: boolean }): string {
  const tags = [flags.created ? 'created' : '', flags.addedNewline ? 'newline' : ''].filter(Boolean).join(' ');
  return [
    `${BLOCK_BEGIN}${tags ? ` [${tags}]` : ''} (preflight hook uninstall removes this block)`,
    ...runLines(cmd),
    BLOCK_END,
    '',
  ].join('\n');
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
