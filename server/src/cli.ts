// The `preflight` command line: a thin adapter that dispatches to one module per subcommand.
import { lintEngineFor, runLint } from './cli/lint';
import { isLintWorker, runLintWorker } from './cli/lintWorker';
import { isWorkspaceWorker } from './lsp/background/kind';
import { runChecklist } from './cli/checklist';
import { CliError, exitWith, type CommandResult } from './cli/common';

const USAGE = `usage: preflight <command> [options]

commands:
  lint [paths…]        check files for risky patterns (--format text|json|sarif, --output FILE, --fail-on LEVEL)
  scan [paths…]        scan files for secrets only, fast (--format text|json|sarif, --output FILE, --fail-on LEVEL)
  scan --staged        scan what the next commit adds for secrets (--format text|json|sarif, --output FILE,
                       --fail-on LEVEL)
  history              scan all of git history for secrets (--format text|json|sarif, --output FILE, --max-count N,
                       --replacements FILE: write a git filter-repo --replace-text file, mode 600)
  hook install [--strict]|uninstall|status
                       the pre-commit hook that runs \`scan --staged\` (chains an existing hook; Husky and shared
                       hook folders get a portable block; --strict: block commits when Preflight cannot run)
  baseline add <path>… [--staged] [--reason R] | list | prune
                       accept known secrets in .preflight/baseline.json (salted hashes, never values)
  endpoints [paths…]   every route and bot handler with full path, auth, rate limit and reachable AI calls
                       (--format text|json|md, --output FILE)
  checklist [path]     the security checklist from workspace evidence (--phase P, --format text|json, --output FILE);
                       exit 1 when an automatic item fails and is not waived
  lsp --stdio          run the language server over stdio (for editors other than VS Code)
  mcp [--root DIR]     serve the Model Context Protocol over stdio for AI agents (tools confined to DIR)
  help                 show this help`;

const COMMANDS: Record<string, (args: string[]) => Promise<CommandResult>> = {
  lint: runLint,
  // Git commands load on demand so the pre-commit hook does not pay for the rule engine's start-up.
  scan: (args) => import('./cli/scan').then((m) => m.runScan(args)),
  history: (args) => import('./cli/history').then((m) => m.runHistory(args)),
  hook: (args) => import('./cli/hook').then((m) => m.runHook(args)),
  baseline: (args) => import('./cli/baseline').then((m) => m.runBaseline(args)),
  checklist: runChecklist,
  mcp: (args) => import('./cli/mcp').then((m) => m.runMcpCommand(args)),
  endpoints: (args) => import('./cli/endpoints').then((m) => m.runEndpoints(args)),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'lsp') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- starts the server only for this command
    require('./lsp/server');
    return -1; // the server keeps the process alive and exits on its own
  }
  const handler = COMMANDS[command];
  if (!handler) throw new CliError(`unknown command "${command}" (try: preflight help)`);
  const result = await handler(rest);
  return result.exitCode;
}

// `preflight lint` starts this same bundle as worker threads for big scans; they only analyse.
if (isLintWorker()) runLintWorker(lintEngineFor);
// The language server's workspace worker runs this bundle too (the server's model and checklist live there).
else if (isWorkspaceWorker()) void import('./lsp/background/worker').then((m) => m.runWorkspaceWorker());
else exitWith(main(process.argv.slice(2)));
