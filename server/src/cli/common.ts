// Shared CLI plumbing: errors that become exit code 2, option parsing, output to stdout or a file.
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

export class CliError extends Error {}

export interface CommandResult {
  exitCode: number;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/** Parses `--name value`, `--name=value` and boolean `--flag`; `valued` lists options that take a value. */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new CliError(`--${name} needs a value`);
      options.set(name, value);
    } else if (flags.includes(name) && eq === -1) {
      options.set(name, true);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { positionals, options };
}

export function oneOf<T extends string>(
  value: string | true | undefined,
  allowed: readonly T[],
  name: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (value === true || !allowed.includes(value as T))
    throw new CliError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Writes output to stdout, or atomically to a file (temp file + rename). */
export function emit(text: string, output?: string): void {
  if (!output) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, output);
}

/** Sets the exit code from a command's result: a CliError is one line on stderr and exit 2. */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      const message =
        error instanceof CliError
          ? error.message
          : `internal error: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`preflight: ${message}\n`);
      process.exitCode = 2;
    },
  );
}
