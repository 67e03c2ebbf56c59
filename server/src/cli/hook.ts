// placeholder for `preflight hook` (being written)
import { CliError, type CommandResult } from './common';
export async function runHook(_args: string[]): Promise<CommandResult> { throw new CliError('hook: not built yet'); }
