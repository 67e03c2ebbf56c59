// placeholder for `preflight baseline` (being written)
import { CliError, type CommandResult } from './common';
export async function runBaseline(_args: string[]): Promise<CommandResult> { throw new CliError('baseline: not built yet'); }
