// `preflight lint …` in a bundle of its own (out/lint.js): the rules, the parsers and the project model,
// without the language server, the MCP server and their schema libraries that cli.js also carries (a fifth
// of its size). Each lint worker thread loads this bundle again, so its start-up is paid once per thread.
// bin/preflight.js sends `lint` here; the arguments are the same as cli.js's.
import { CliError, exitWith } from './cli/common';
import { lintEngineFor, runLint } from './cli/lint';
import { isLintWorker, runLintWorker } from './cli/lintWorker';

async function main([command, ...rest]: string[]): Promise<number> {
  if (command !== 'lint') throw new CliError(`lint.js only runs "lint" (got "${command ?? ''}"): use cli.js`);
  return (await runLint(rest)).exitCode;
}

if (isLintWorker()) runLintWorker(lintEngineFor);
else exitWith(main(process.argv.slice(2)));
