// Logging to the client's output channel ("Preflight"), with "once per key" for repeated problems.
import type { Connection } from 'vscode-languageserver/node';

export class Logger {
  private readonly said = new Set<string>();

  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.connection.console.info(message);
  }
  warn(message: string): void {
    this.connection.console.warn(message);
  }
  error(message: string): void {
    this.connection.console.error(message);
  }

  /** Logs only the first time `key` is seen (e.g. one line per failing rule, not per keystroke). */
  once(key: string, level: 'info' | 'warn' | 'error', message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this[level](message);
  }

  /** Lets a key log again (e.g. a file that shrank below the size limit and grew again). */
  reset(key: string): void {
    this.said.delete(key);
  }
}

/** A short, single-line description of an error (no stack: source text may appear in messages). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // The first stack frame says where it broke without echoing any source text.
  const frame = error instanceof Error ? /\n\s*(at [^\n]+)/.exec(error.stack ?? '')?.[1] : undefined;
  return `${text.split('\n')[0].slice(0, 300)}${frame ? ` (${frame.trim()})` : ''}`;
}
