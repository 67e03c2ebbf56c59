// `npm run bench lint`: times `preflight lint` (the real CLI process) on real code first (the Python standard
// library against `bandit -r` on the same tree, budget >= 10x; a mixed tree of ../shared/realworld plus the
// standard library, budget >= 5 MB/s), then on a generated ~2,000-file corpus. Prints figures only.
// Both tools walk the same folder and write a JSON report: bandit parses each file with CPython's `ast` and
// runs its checks on one thread; preflight parses with tree-sitter (WebAssembly), runs every rule and builds
// the project model, on every core and, for a like-for-like figure, on one thread (PREFLIGHT_THREADS=1).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { writeCorpus } from './corpus';
import { filesUnder, pythonStdlib, REALWORLD } from './realCode';

/** What a user runs: bin/preflight.js sends `lint` to the out/lint.js bundle (no language or MCP server). */
const BIN = join(REPO, 'bin', 'preflight.js');
const FILES = Number(process.env.BENCH_FILES ?? 2000);
const LINES_PER_FILE = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timed {
  ms: number;
  cpuMs?: number;
  status: number | null;
  stderr: string;
}

/** GNU time reports the child's CPU seconds, which stay meaningful when other work shares the machine. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CPU_MARK = 'preflight-bench-cpu';

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', `${CPU_MARK} %U %S`, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  const cpu = new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(r.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, status: r.status, stderr: r.stderr };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Figures {
  ms: number;
  cpuMs?: number;
  findings: number;
}

function lintTimes(target: string, out: string, threads?: number): Figures {
  const env = threads ? { ...process.env, PREFLIGHT_THREADS: String(threads) } : process.env;
  const runs: Timed[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timed(
      process.execPath,
      [BIN, 'lint', target, '--format', 'json', '--output', out, '--fail-on', 'error'],
      env,
    );
    if (r.status !== 0 && r.status !== 1) throw new Error(`preflight lint failed (${r.status}): ${r.stderr}`);
    runs.push(r);
  }
  return summary(runs, (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length);
}

function summary(runs: Timed[], findings: number): Figures {
  const cpus = runs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
  return { ms: median(runs.map((r) => r.ms)), cpuMs: cpus.length ? median(cpus) : undefined, findings };
}

function line(label: string, f: Figures, files: number, lines?: number): string {
  const rate = (n: number) => (n / (f.ms / 1000)).toFixed(0);
  return (
    `${label.padEnd(38)} ${fmt(f.ms).padStart(9)} wall` +
    `${f.cpuMs === undefined ? '' : ` ${fmt(f.cpuMs).padStart(9)} CPU`}  ${rate(files)} files/s` +
    `${lines ? `  ${rate(lines)} lines/s` : ''}  ${f.findings} findings`
  );
}

function banditAvailable(): boolean {
  return spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function banditTimes(target: string, out: string): Figures {
  const runs: Timed[] = [];
  for (let i = 0; i < Math.min(RUNS, 2); i++) {
    const r = timed('bandit', ['-r', target, '-f', 'json', '-o', out, '-q']);
    if (r.status !== 0 && r.status !== 1) throw new Error(`bandit failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    runs.push(r);
  }
  return summary(runs, (JSON.parse(readFileSync(out, 'utf8')) as { results: unknown[] }).results.length);
}

const bytesOf = (files: readonly string[]): number => files.reduce((n, f) => n + statSync(f).size, 0);
const mbps = (bytes: number, ms: number): string => (bytes / 1048576 / (ms / 1000)).toFixed(1);

/** Real code: the standard library's top-level modules (vs bandit), and a mixed tree (MB/s). */
function realCode(dir: string): void {
  const lib = pythonStdlib();
  if (!lib) {
    console.log('no Python standard library found: real-code figures not measured');
    return;
  }
  const py = join(dir, 'stdlib');
  mkdirSync(py);
  for (const name of readdirSync(lib).filter((n) => n.endsWith('.py'))) cpSync(join(lib, name), join(py, name));
  const pyFiles = filesUnder(py, () => true);
  const pyBytes = bytesOf(pyFiles);
  const out = join(dir, 'real.json');
  console.log(
    `real Python: ${pyFiles.length} top-level modules of ${lib}, ${(pyBytes / 1048576).toFixed(1)} MB; machine: ` +
      `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}`,
  );
  const mine = lintTimes(py, out);
  console.log(`${line('preflight lint stdlib/ (all cores)', mine, pyFiles.length)}  ${mbps(pyBytes, mine.ms)} MB/s`);
  if (banditAvailable()) {
    const one = lintTimes(py, out, 1);
    console.log(`${line('preflight lint stdlib/ (one thread)', one, pyFiles.length)}  ${mbps(pyBytes, one.ms)} MB/s`);
    const bandit = banditTimes(py, join(dir, 'bandit-real.json'));
    console.log(`${line('bandit -r stdlib/', bandit, pyFiles.length)}  ${mbps(pyBytes, bandit.ms)} MB/s`);
    const ratio = bandit.ms / mine.ms;
    const cpu = bandit.cpuMs && mine.cpuMs ? `, ${(bandit.cpuMs / mine.cpuMs).toFixed(1)}x by CPU time` : '';
    console.log(
      `preflight vs bandit on the standard library: ${ratio.toFixed(1)}x faster by wall time${cpu}; budget at least ` +
        `10x: ${ratio >= 10 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `preflight (one thread) vs bandit (one thread): ${(bandit.ms / one.ms).toFixed(1)}x faster by wall time` +
        `${bandit.cpuMs && one.cpuMs ? `, ${(bandit.cpuMs / one.cpuMs).toFixed(1)}x by CPU time` : ''}`,
    );
  } else console.log('bandit not installed: no comparison (apt-get install -y bandit)');
  if (!existsSync(REALWORLD)) {
    console.log('../shared/realworld not found: mixed-tree figure not measured');
    return;
  }
  const mixed = join(dir, 'mixed');
  cpSync(REALWORLD, join(mixed, 'realworld'), { recursive: true });
  cpSync(py, join(mixed, 'stdlib'), { recursive: true });
  // MB/s counts source and config files only (images, fonts and lockfiles, which lint skips, are left out).
  const mixedFiles = filesUnder(
    mixed,
    (n) => /\.(py|js|jsx|ts|tsx|vue|json|ya?ml|toml|ini|cfg|md|html|env|sh|txt)$/.test(n) && !/lock/.test(n),
  );
  const mixedBytes = bytesOf(mixedFiles);
  const m = lintTimes(mixed, out);
  console.log(
    `${line(`preflight lint mixed/ (${(mixedBytes / 1048576).toFixed(1)} MB)`, m, mixedFiles.length)}  ` +
      `${mbps(mixedBytes, m.ms)} MB/s wall, ${m.cpuMs ? mbps(mixedBytes, m.cpuMs) : '?'} MB/s per CPU-second ` +
      `(budget >= 5 MB/s: ${mixedBytes / 1048576 / (m.ms / 1000) >= 5 ? 'met' : 'NOT met'})`,
  );
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-lint-'));
  // An interrupted run (Ctrl+C, a timeout) still removes its corpus.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  try {
    realCode(dir);
    const corpus = writeCorpus(join(dir, 'corpus'), FILES, LINES_PER_FILE);
    const out = join(dir, 'out.json');
    console.log(
      `corpus: ${corpus.files} files (${corpus.pyFiles} Python, ${corpus.files - corpus.pyFiles} JS), ` +
        `${corpus.lines.toLocaleString('en')} lines, ${(corpus.bytes / 1048576).toFixed(1)} MB`,
    );
    console.log(
      `machine: ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}; median of ${RUNS} runs each`,
    );

    const all = lintTimes(join(dir, 'corpus'), out);
    console.log(line('preflight lint corpus/ (all cores)', all, corpus.files, corpus.lines));
    const single = lintTimes(join(dir, 'corpus'), out, 1);
    console.log(line('preflight lint corpus/ (one thread)', single, corpus.files, corpus.lines));
    console.log(`parallel speed-up: ${(single.ms / all.ms).toFixed(2)}x wall`);
    const py = lintTimes(join(dir, 'corpus', 'py'), out);
    console.log(line('preflight lint corpus/py/', py, corpus.pyFiles));

    if (!banditAvailable()) {
      console.log('bandit not installed: no comparison (apt-get install -y bandit)');
      return;
    }
    const banditOut = join(dir, 'bandit.json');
    const runs: Timed[] = [];
    for (let i = 0; i < Math.min(RUNS, 2); i++) {
      const r = timed('bandit', ['-r', join(dir, 'corpus', 'py'), '-f', 'json', '-o', banditOut, '-q']);
      if (r.status !== 0 && r.status !== 1) throw new Error(`bandit failed (${r.status}): ${r.stderr.slice(0, 500)}`);
      runs.push(r);
    }
    const bandit = summary(
      runs,
      (JSON.parse(readFileSync(banditOut, 'utf8')) as { results: unknown[] }).results.length,
    );
    console.log(line('bandit -r corpus/py/', bandit, corpus.pyFiles));
    const ratio = bandit.ms / py.ms;
    const cpuRatio = bandit.cpuMs && py.cpuMs ? ` (CPU time: ${(bandit.cpuMs / py.cpuMs).toFixed(1)}x)` : '';
    console.log(
      `preflight vs bandit on the same Python files: ${ratio.toFixed(1)}x faster by wall time${cpuRatio}; budget at ` +
        `least 10x: ${ratio >= 10 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
