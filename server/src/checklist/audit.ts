// The dependency audit action: runs `npm audit --json` / `pip-audit -f json` where a lockfile or
// requirements file exists, with a timeout, and summarises high/critical advisories. Never hangs.
import { spawn } from 'node:child_process';
import { assertMayRun } from '../git/exec';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../workspace/scanRecords';

type ToolResult = AuditRecord['tools'][number];

export interface AuditOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
  timedOut: boolean;
}

function run(cmd: string, args: string[], cwd: string, options: AuditOptions): Promise<Run> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(cmd, args, {
      cwd,
      shell: false,
      windowsHide: true,
      env: { ...process.env, NO_COLOR: '1', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    const abort = (): void => {
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < 32 * 1024 * 1024) stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += c.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: err.message, missing: err.code === 'ENOENT', timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      resolve({ code, stdout, stderr, missing: false, timedOut });
    });
  });
}

const firstLine = (s: string): string => s.trim().split('\n')[0]?.slice(0, 200) ?? '';

/** Summarises `npm audit --json` (v7+ format: metadata.vulnerabilities and vulnerabilities by package). */
function summariseNpm(json: string, dir: string): ToolResult {
  const data = JSON.parse(json) as {
    metadata?: { vulnerabilities?: Record<string, number> };
    vulnerabilities?: Record<string, { severity?: string }>;
    error?: { summary?: string };
  };
  if (data.error)
    return {
      tool: 'npm audit',
      dir,
      ok: false,
      critical: 0,
      high: 0,
      moderate: 0,
      low: 0,
      message: data.error.summary ?? 'npm audit failed',
      top: [],
    };
  const v = data.metadata?.vulnerabilities ?? {};
  const top = Object.entries(data.vulnerabilities ?? {})
    .filter(([, x]) => x.severity === 'critical' || x.severity === 'high')
    .map(([name, x]) => `${name} (${x.severity})`)
    .slice(0, 5);
  const r = { critical: v.critical ?? 0, high: v.high ?? 0, moderate: v.moderate ?? 0, low: v.low ?? 0 };
  return {
    tool: 'npm audit',
    dir,
    ok: true,
    ...r,
    top,
    message: `${r.critical} critical, ${r.high} high, ${r.moderate} moderate, ${r.low} low`,
  };
}

/** Summarises `pip-audit -f json`; pip-audit reports advisories without a severity, so each counts as high. */
function summarisePipAudit(json: string, dir: string): ToolResult {
  const data = JSON.parse(json) as
    | { dependencies?: Array<{ name: string; version?: string; vulns?: Array<{ id: string }> }> }
    | Array<{ name: string; vulns?: Array<{ id: string }> }>;
  const deps = Array.isArray(data) ? data : (data.dependencies ?? []);
  const vulnerable = deps.filter((d) => d.vulns?.length);
  const count = vulnerable.reduce((n, d) => n + (d.vulns?.length ?? 0), 0);
  return {
    tool: 'pip-audit',
    dir,
    ok: true,
    critical: 0,
    high: count,
    moderate: 0,
    low: 0,
    top: vulnerable.slice(0, 5).map(
      (d) =>
        `${d.name} (${d.vulns
          ?.map((x) => x.id)
          .slice(0, 2)
          .join(', ')})`,
    ),
    message: count
      ? `${count} known ${count === 1 ? 'vulnerability' : 'vulnerabilities'} in ` +
        `${vulnerable.length} ${vulnerable.length === 1 ? 'package' : 'packages'}`
      : 'no known vulnerabilities',
  };
}

/** A tool that could not give an answer: no counts, and why. */
function failed(tool: string, dir: string, message: string): ToolResult {
  return { tool, dir, ok: false, critical: 0, high: 0, moderate: 0, low: 0, top: [], message };
}

async function npmAudit(dir: string, rel: string, options: AuditOptions): Promise<ToolResult> {
  const r = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['audit', '--json'], dir, options);
  const fail = (message: string) => failed('npm audit', rel, message);
  if (r.missing) return fail('npm is not installed or not on PATH');
  if (r.timedOut) return fail('npm audit timed out (offline?)');
  try {
    return summariseNpm(r.stdout, rel);
  } catch {
    return fail(
      /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|network|offline/i.test(r.stderr + r.stdout)
        ? 'npm audit needs the network: the registry could not be reached'
        : `npm audit failed: ${firstLine(r.stderr) || `exit ${r.code}`}`,
    );
  }
}

async function pipAudit(dir: string, rel: string, file: string, options: AuditOptions): Promise<ToolResult> {
  const r = await run('pip-audit', ['-f', 'json', '--progress-spinner', 'off', '-r', file], dir, options);
  const fail = (message: string) => failed('pip-audit', rel, message);
  if (r.missing) return fail('pip-audit is not installed (pipx install pip-audit)');
  if (r.timedOut) return fail('pip-audit timed out (offline?)');
  try {
    return summarisePipAudit(r.stdout, rel);
  } catch {
    return fail(
      /ConnectionError|Max retries|network|resolve/i.test(r.stderr)
        ? 'pip-audit needs the network: the vulnerability database could not be reached'
        : `pip-audit failed: ${firstLine(r.stderr) || `exit ${r.code}`}`,
    );
  }
}

/** Audits each folder (workspace-relative) that holds a Node lockfile or a requirements file. */
export async function runAudit(
  root: string,
  dirs: readonly string[],
  options: AuditOptions = {},
): Promise<AuditRecord> {
  assertMayRun('the dependency audit (npm audit, pip-audit)');
  const tools: ToolResult[] = [];
  for (const rel of dirs) {
    const dir = join(root, rel);
    if (['package-lock.json', 'npm-shrinkwrap.json'].some((n) => existsSync(join(dir, n))))
      tools.push(await npmAudit(dir, rel, options));
    if (existsSync(join(dir, 'requirements.txt'))) tools.push(await pipAudit(dir, rel, 'requirements.txt', options));
  }
  return { at: new Date().toISOString(), tools };
}
