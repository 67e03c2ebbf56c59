// `preflight hook install|uninstall|status`: the pre-commit hook that runs `preflight scan --staged`.
import { GitError, runGit } from '../git/exec';
import { HookError, hookStatus, installHook, uninstallHook, type HookStatus } from '../git/hook';
import { STRICT_CONFIG } from '../git/hookScript';
import { CliError, emit, parseArgs, type CommandResult } from './common';

export async function runHook(args: string[]): Promise<CommandResult> {
  const [sub, ...rest] = args;
  const { positionals, options } = parseArgs(rest, ['cwd'], ['json', 'strict']);
  if (positionals.length) throw new CliError(`hook ${sub ?? ''} takes no arguments`);
  const cwd = typeof options.get('cwd') === 'string' ? (options.get('cwd') as string) : process.cwd();
  let status: HookStatus;
  try {
    if (options.has('strict') && sub !== 'install') throw new CliError('--strict goes with hook install');
    if (sub === 'install') {
      status = await installHook(cwd, { node: process.execPath, cli: __filename });
      // This clone only: a shared hook then blocks here when Preflight cannot run, instead of letting commits through.
      if (options.has('strict'))
        await runGit(['config', '--local', '--bool', STRICT_CONFIG, 'true'], { cwd: status.root });
    } else if (sub === 'uninstall') status = await uninstallHook(cwd);
    else if (sub === 'status') status = await hookStatus(cwd);
    else throw new CliError('usage: preflight hook install [--strict] | uninstall | status [--json]');
  } catch (err) {
    if (err instanceof HookError || err instanceof GitError) throw new CliError(err.message);
    throw err;
  }
  if (options.has('json'))
    emit(
      JSON.stringify(
        {
          mode: status.mode,
          hookFile: status.hookFile,
          gitRuns: status.gitRuns,
          shared: status.shared,
          installed: status.installed,
          chained: status.chained,
          stale: status.stale,
          message: status.message,
        },
        null,
        2,
      ),
    );
  else emit(`preflight: hook ${status.message}`);
  return { exitCode: 0 };
}
