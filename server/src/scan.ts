// `preflight scan …` in a bundle of its own (out/scan.js): the secret detector, the file walker and git,
// without the rule registry that cli.js loads (a twentieth of its size; each worker thread loads the bundle
// again), and no grammar is ever loaded. bin/preflight.js sends `scan` here; the arguments are the same as cli.js's.
import { CliError, exitWith } from './cli/common';
import { isLintWorker, runLintWorker } from './cli/lintWorker';
import { runScan } from './cli/scan';
import { SECRETS_ENGINE } from './cli/secretsEngine';

async function main([command, ...rest]: string[]): Promise<number> {
  if (command !== 'scan') throw new CliError(`scan.js only runs "scan" (got "${command ?? ''}"): use cli.js`);
  return (await runScan(rest)).exitCode;
}

if (isLintWorker()) runLintWorker(() => SECRETS_ENGINE);
else exitWith(main(process.argv.slice(2)));
