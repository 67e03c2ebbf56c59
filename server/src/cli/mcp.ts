// `preflight mcp [--root DIR]`: serves the Model Context Protocol over stdio for AI agents, confined to DIR.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, parseArgs, type CommandResult } from './common';

export async function runMcpCommand(args: string[]): Promise<CommandResult> {
  const { positionals, options } = parseArgs(args, ['root'], ['stdio']);
  if (positionals.length) throw new CliError(`mcp takes no paths (use --root DIR): ${positionals[0]}`);
  const rootOption = options.get('root');
  const root = resolve(typeof rootOption === 'string' ? rootOption : process.cwd());
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new CliError(`--root must be an existing folder: ${root}`);
  }
  const { runMcp } = await import('../mcp/server');
  await runMcp(root);
  return { exitCode: -1 }; // the transport keeps the process alive until the client closes stdin
}
