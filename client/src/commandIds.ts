// Every command the extension contributes, as plain data (no `vscode` import) so tests can read it.
// Add a row here, its handler in commands.ts (the type forces it) and its entry in package.json.
export const COMMAND_IDS = [
  'preflight.fixAll',
  'preflight.showOutput',
  'preflight.restartServer',
  'preflight.scanStaged',
  'preflight.scanHistory',
  'preflight.installHook',
  'preflight.uninstallHook',
  'preflight.staged.openLine',
  'preflight.staged.unstage',
  'preflight.staged.moveToEnv',
  'preflight.staged.addToBaseline',
  'preflight.showAgentTools',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
