// `npm run bench lint`: times `preflight lint` (the real CLI process) on a generated ~2,000-file corpus
// and compares it with `bandit -r` on the same Python files when bandit is installed. Prints figures only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/core';
import { writeCorpus } from './corpus';

const CLI = join(REPO, 'out', 'cli.js');
const FILES = Number(process.env.BENCH_FILES ?? 2000);
const LINES_PER_FILE = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timed { ms: number; status: number | null; stderr: string }

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stderr: r.stderr };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function lintTimes(target: string, out: string, threads?: number): { ms: number; findings: number } {
  const env = threads ? { ...process.env, PREFLIGHT_THREADS: String(threads) } : process.env;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timed(process.execPath, [CLI, 'lint', target, '--format', 'json', '--output', out, '--fail-on', 'error'], env);
    if (r.status !== 0 && r.status !== 1) throw new Error(`preflight lint failed (${r.status}): ${r.stderr}`);
    times.push(r.ms);
  }
  return { ms: median(times), findings: (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length };
}

function banditAvailable(): boolean {
  return spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-lint-'));
  try {
    const corpus = writeCorpus(join(dir, 'corpus'), FILES, LINES_PER_FILE);
    const out = join(dir, 'out.json');
    console.log(`corpus: ${corpus.files} files (${corpus.pyFiles} Python, ${corpus.files - corpus.pyFiles} JS), ${corpus.lines.toLocaleString('en')} lines, ${(corpus.bytes / 1048576).toFixed(1)} MB`);
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}; median of ${RUNS} runs each`);

    const all = lintTimes(join(dir, 'corpus'), out);
    console.log(`preflight lint corpus/ (all cores):   ${fmt(all.ms)}  ${(corpus.files / (all.ms / 1000)).toFixed(0)} files/s  ${(corpus.lines / (all.ms / 1000)).toFixed(0)} lines/s  ${all.findings} findings`);
    const single = lintTimes(join(dir, 'corpus'), out, 1);
    console.log(`preflight lint corpus/ (one thread):  ${fmt(single.ms)}  ${(corpus.files / (single.ms / 1000)).toFixed(0)} files/s  (parallel speed-up ${(single.ms / all.ms).toFixed(2)}x)`);
    const py = lintTimes(join(dir, 'corpus', 'py'), out);
    console.log(`preflight lint corpus/py/:            ${fmt(py.ms)}  ${(corpus.pyFiles / (py.ms / 1000)).toFixed(0)} files/s  ${py.findings} findings`);

    if (!banditAvailable()) {
      console.log('bandit not installed: no comparison (apt-get install -y bandit)');
      return;
    }
    const banditOut = join(dir, 'bandit.json');
    const times: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 2); i++) {
      const r = timed('bandit', ['-r', join(dir, 'corpus', 'py'), '-f', 'json', '-o', banditOut, '-q']);
      if (r.status !== 0 && r.status !== 1) throw new Error(`bandit failed (${r.status}): ${r.stderr.slice(0, 500)}`);
      times.push(r.ms);
    }
    const banditMs = median(times);
    const banditFindings = (JSON.parse(readFileSync(banditOut, 'utf8')) as { results: unknown[] }).results.length;
    console.log(`bandit -r corpus/py/:                 ${fmt(banditMs)}  ${(corpus.pyFiles / (banditMs / 1000)).toFixed(0)} files/s  ${banditFindings} findings`);
    const ratio = banditMs / py.ms;
    console.log(`preflight is ${ratio.toFixed(1)}x faster than bandit on the same Python files (budget: at least 10x) ${ratio >= 10 ? 'OK' : 'BELOW BUDGET'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
