// `npm run bench staged`: a real temp repository with a staged commit adding 10,000 lines across 100
// files (a few fake secrets); times `preflight scan --staged` as users and the hook run it (bin/preflight.js,
// which loads the small out/scan.js; budget < 0.5 s) and a real `git commit` through the hook. Then
// `preflight history` on a 1,000-commit repository (made with git fast-import). Wall and CPU time (user + sys
// of the command and its children, git included): on a busy machine wall time mostly measures waiting.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { REPO } from '../helpers/core';

const CLI = join(REPO, 'out', 'cli.js');
/** What a user runs: bin/preflight.js sends `scan` to the small out/scan.js bundle (so does the hook). */
const BIN = join(REPO, 'bin', 'preflight.js');
const RUNS = 5;
const FILES = 100;
const LINES_PER_FILE = 100;

const home = mkdtempSync(join(tmpdir(), 'preflight-bench-home-'));
const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: home };
delete env.GIT_INDEX_FILE;

function fakeToken(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'gh' + 'p_';
  for (let i = 0; i < 36; i++) s += abc[randomInt(abc.length)];
  return s;
}

interface Timed {
  status: number | null;
  ms: number;
  cpuMs: number;
  stdout: string;
  stderr: string;
}

/** Wall time, and CPU time of the command and its children (from bash's `time`). */
function run(cmd: string, args: string[], cwd: string): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="@@cpu %3U %3S"; time "$0" "$@"', cmd, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const cpu = /@@cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return {
    status: r.status,
    ms,
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
    stdout: r.stdout,
    stderr: cpu ? r.stderr.slice(0, cpu.index) : r.stderr,
  };
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** ~10,000 realistic lines: Python and TypeScript modules, 3 files with a fake token. */
function populate(dir: string): void {
  for (let f = 0; f < FILES; f++) {
    const py = f % 2 === 0;
    const lines: string[] = [];
    for (let i = 0; i < LINES_PER_FILE; i++) {
      lines.push(
        py
          ? (
              `def handler_${f}_${i}(request, limit=${i}):  # keeps the demo realistic\n    return {"id": ${i}, ` +
              `"name": "item-${i}"}`
            ).split('\n')[i % 2]
          : `export function handler${f}_${i}(req: Request): string { ` +
              `return \`item-${i}\` + String(req.url).slice(0, ${i}); }`,
      );
    }
    if (f % 33 === 5) lines[50] = py ? `API_TOKEN = "${fakeToken()}"` : `const token = "${fakeToken()}";`;
    mkdirSync(join(dir, `pkg${f % 10}`), { recursive: true });
    writeFileSync(join(dir, `pkg${f % 10}`, `mod${f}.${py ? 'py' : 'ts'}`), `${lines.join('\n')}\n`);
  }
}

const HISTORY_COMMITS = 1000;

/**
 * A repository of HISTORY_COMMITS commits, each changing one of 50 files (~40 lines of Python or
 * TypeScript); 5 commits add a fake token that a later commit removes again (what history scans are for).
 */
function historyRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  const out: string[] = [];
  for (let c = 1; c <= HISTORY_COMMITS; c++) {
    const f = c % 50;
    const py = f % 2 === 0;
    const lines = Array.from({ length: 40 }, (_, i) =>
      py
        ? `def step_${c}_${i}(value):\n    return value + ${i}`
        : `export const step${c}_${i} = (value: number): number => value + ${i};`,
    );
    if (c % 200 === 17) lines[3] = py ? `TOKEN = "${fakeToken()}"` : `const token = "${fakeToken()}";`;
    const body = `${lines.join('\n')}\n`;
    const message = `change ${c}\n`;
    out.push(
      'commit refs/heads/main',
      `committer Bench <bench@example.invalid> ${1_700_000_000 + c * 60} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      `M 644 inline src/file${f}.${py ? 'py' : 'ts'}`,
      `data ${Buffer.byteLength(body)}`,
      body,
    );
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: `${out.join('\n')}\n` });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr?.toString()}`);
  git(dir, 'checkout', '-q', 'main');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-staged-'));
  try {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Bench');
    git(dir, 'config', 'user.email', 'bench@example.invalid');
    writeFileSync(join(dir, 'README.md'), '# bench\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    populate(dir);
    git(dir, 'add', '-A');
    const timedRuns = (cmd: string, args: string[], status?: number): Timed[] =>
      Array.from({ length: RUNS }, () => {
        const r = run(cmd, args, dir);
        if (status !== undefined && r.status !== status)
          throw new Error(`${args.join(' ')}: expected exit ${status}, got ${r.status}: ${r.stderr}`);
        return r;
      });
    const loadBefore = loadavg()[0];
    const scan = timedRuns(process.execPath, [BIN, 'scan', '--staged'], 1);
    const scanFullCli = timedRuns(process.execPath, [CLI, 'scan', '--staged'], 1);
    const scanStart = timedRuns(process.execPath, [BIN, 'scan', '--help'], 0);
    const help = timedRuns(process.execPath, [CLI, 'help']);
    const bare = timedRuns(process.execPath, ['-e', '']);
    if (run(process.execPath, [CLI, 'hook', 'install'], dir).status !== 0) throw new Error('hook install failed');
    const blocked: Timed[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = run('git', ['commit', '-qm', 'bench'], dir);
      if (r.status === 0) throw new Error('the hook did not block the commit');
      blocked.push(r);
    }
    // A clean 10,000-line commit passes through the hook: the common case.
    git(dir, 'reset', '-q');
    for (let f = 0; f < FILES; f++)
      if (f % 33 === 5) rmSync(join(dir, `pkg${f % 10}`, `mod${f}.${f % 2 === 0 ? 'py' : 'ts'}`));
    git(dir, 'add', '-A');
    const clean: Timed[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = run('git', ['commit', '-qm', 'clean'], dir);
      if (t.status !== 0) throw new Error('the clean commit was blocked');
      clean.push(t);
      git(dir, 'reset', '-q', '--soft', 'HEAD~1');
    }
    const noHook: Timed[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = run('git', ['commit', '-qm', 'clean', '--no-verify'], dir);
      noHook.push(t);
      git(dir, 'reset', '-q', '--soft', 'HEAD~1');
    }
    const fmt = (runs: Timed[]): string => {
      const xs = runs.map((r) => r.ms);
      return (
        `wall median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ` +
        `${Math.max(...xs).toFixed(0)}), cpu median ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms`
      );
    };
    const wall = (runs: Timed[]) => median(runs.map((r) => r.ms));
    console.log(
      `staged commit: ${FILES} files, ${FILES * LINES_PER_FILE} added lines, 3 fake tokens; ${RUNS} runs each`,
    );
    console.log(
      `  machine: ${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before, ` +
        `${loadavg()[0].toFixed(1)} after`,
    );
    console.log(
      `  preflight scan --staged (bin/preflight.js):        ${fmt(scan)} (budget < 500 ms wall: ` +
        `${wall(scan) < 500 ? 'met' : 'NOT met'})`,
    );
    console.log(`  the same through the full CLI (out/cli.js):        ${fmt(scanFullCli)}`);
    console.log(`  preflight scan --help (scan start-up alone):       ${fmt(scanStart)}`);
    console.log(`  preflight help (full CLI start-up alone):          ${fmt(help)}`);
    console.log(`  node -e "" (bare Node start-up, for scale):        ${fmt(bare)}`);
    console.log(`  git commit blocked by the hook (end to end):       ${fmt(blocked)}`);
    console.log(`  git commit of 97 clean files through the hook:     ${fmt(clean)}`);
    console.log(`  git commit --no-verify (same commit, no hook):     ${fmt(noHook)}`);

    const hist = join(dir, 'history');
    mkdirSync(hist);
    historyRepo(hist);
    const times: Timed[] = [];
    let found = 0;
    for (let i = 0; i < 3; i++) {
      const r = run(process.execPath, [BIN, 'history', '--format', 'json'], hist);
      times.push(r);
      if (r.status !== 1) throw new Error(`expected history findings (exit 1), got ${r.status}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as { findings?: unknown[] };
      found = report.findings?.length ?? 0;
    }
    console.log(
      `history: ${HISTORY_COMMITS} commits (one ~40-line file changed per commit, 5 fake tokens added and ` +
        `later removed)`,
    );
    console.log(
      `  preflight history:                                 ${fmt(times)}, ${found} findings; load average ` +
        `${loadavg()[0].toFixed(1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

main();
