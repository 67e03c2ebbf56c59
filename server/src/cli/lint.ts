// placeholder: replaced by the lint command implementation
import { CliError, type CommandResult } from './common';
export async function runLint(_args: string[]): Promise<CommandResult> { throw new CliError('lint: not built yet'); }
