// `preflight endpoints [paths…] [--format text|json|md] [--output FILE]`: the project model's endpoint
// inventory (method, full path, auth, rate limit, reachable paid AI call, file:line). JSON schema: README.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildProjectModel } from '../model/build';
import type { ModelEndpoint } from '../model/types';
import { CliError, emit, oneOf, parseArgs, type CommandResult } from './common';

/** Version of the JSON output; bump only on incompatible changes. */
export const ENDPOINTS_SCHEMA = 1;

export interface EndpointsJson {
  schema: typeof ENDPOINTS_SCHEMA;
  roots: string[];
  endpoints: Array<{
    framework: string;
    kind: 'http' | 'bot';
    method: string;
    path: string;
    file: string;
    line: number;
    auth: 'yes' | 'public' | 'no' | 'unknown';
    authBy: string | null;
    rateLimited: boolean;
    rateLimitBy: string | null;
    ai: { call: string; chain: string[] } | null;
    unknown: string | null;
    mountedBy: string[];
  }>;
}

export function endpointsJson(roots: string[], endpoints: readonly ModelEndpoint[]): EndpointsJson {
  return {
    schema: ENDPOINTS_SCHEMA,
    roots,
    endpoints: endpoints.map((e) => ({
      framework: e.framework,
      kind: e.kind,
      method: e.method,
      path: e.path,
      file: e.file,
      line: e.line,
      auth: e.auth,
      authBy: e.authBy ?? null,
      rateLimited: e.rateLimited,
      rateLimitBy: e.rateLimitBy ?? null,
      ai: e.ai ? { call: e.ai.call, chain: e.ai.chain } : null,
      unknown: e.unknown ?? null,
      mountedBy: e.mountedBy ?? [],
    })),
  };
}

const route = (e: ModelEndpoint): string => `${e.method} ${e.path || '(no path)'}`;
const limit = (e: ModelEndpoint): string => (e.rateLimited ? 'yes' : 'no');
const ai = (e: ModelEndpoint): string => (e.ai ? e.ai.chain.join(' → ') : '');

function text(endpoints: readonly ModelEndpoint[]): string {
  if (!endpoints.length) return 'No endpoints found.';
  const width = Math.min(60, Math.max(...endpoints.map((e) => route(e).length)) + 2);
  const lines = [`${endpoints.length} endpoint(s)`];
  for (const e of endpoints) {
    lines.push(
      `${route(e).padEnd(width)} auth: ${e.auth.padEnd(7)} limit: ` +
        `${limit(e).padEnd(3)} ${e.file}:${e.line}${e.ai ? `  AI: ${ai(e)}` : ''}`,
    );
    if (e.authBy) lines.push(`${''.padEnd(width)}   auth by ${e.authBy}`);
    if (e.unknown) lines.push(`${''.padEnd(width)}   unknown: ${e.unknown}`);
  }
  return lines.join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function markdown(endpoints: readonly ModelEndpoint[]): string {
  const rows = ['| method | path | auth | rate limit | AI call | where |', '|---|---|---|---|---|---|'];
  for (const e of endpoints)
    rows.push(
      `| ${e.method} | \`${cell(e.path)}\` | ${e.auth}${e.authBy ? ` (${cell(e.authBy)})` : ''} | ${limit(e)} | ` +
        `${cell(ai(e))} | ${e.file}:${e.line} |`,
    );
  return rows.join('\n');
}

export async function runEndpoints(args: string[]): Promise<CommandResult> {
  const parsed = parseArgs(args, ['format', 'output']);
  const format = oneOf(parsed.options.get('format'), ['text', 'json', 'md'] as const, 'format', 'text');
  const roots = parsed.positionals.length ? parsed.positionals : ['.'];
  for (const r of roots) {
    try {
      statSync(r);
    } catch {
      throw new CliError(`no such file or folder: ${r}`);
    }
  }
  const cwd = roots.length === 1 && statSync(roots[0]).isDirectory() ? resolve(roots[0]) : process.cwd();
  const model = await buildProjectModel(
    roots.map((r) => resolve(r)),
    { cwd },
  );
  const endpoints = model.endpoints();
  const output = parsed.options.get('output');
  const out = typeof output === 'string' ? output : undefined;
  if (format === 'json') emit(JSON.stringify(endpointsJson(roots, endpoints), null, 2), out);
  else if (format === 'md') emit(markdown(endpoints), out);
  else emit(text(endpoints), out);
  return { exitCode: 0 };
}
