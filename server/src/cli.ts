// The `preflight` command line: a thin adapter that dispatches to one module per subcommand.
import { runLint } from './cli/lint';
import { CliError, type CommandResult } from './cli/common';

const USAGE = `usage: preflight <command> [options]

commands:
  lint [paths…]        check files for risky patterns (--format text|json|sarif, --output FILE, --fail-on LEVEL)
  lsp --stdio          run the language server over stdio (for editors other than VS Code)
  help                 show this help`;

const COMMANDS: Record<string, (args: string[]) => Promise<CommandResult>> = {
  lint: runLint,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'lsp') {
    require('./lsp/server');
    return -1; // the server keeps the process alive and exits on its own
  }
  const handler = COMMANDS[command];
  if (!handler) throw new CliError(`unknown command "${command}" (try: preflight help)`);
  const result = await handler(rest);
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; },
  (error: unknown) => {
    const message = error instanceof CliError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`preflight: ${message}\n`);
    process.exitCode = 2;
  },
);
