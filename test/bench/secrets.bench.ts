// `npm run bench secrets`: throughput of detectSecrets on a large, mostly clean corpus, and wall time of
// `preflight scan <dir>` (secrets only, as a user runs it: bin/preflight.js, on every core and on one thread)
// and `preflight lint` against `secretlint` (preset-recommend; one thread, Node.js) on the same files, each a
// fresh process that walks the folder, reads every file and writes a JSON report. secretlint runs its
// preset's provider rules per file; preflight runs the hardcoded-secret detector (provider formats, private
// keys, connection strings, JWTs, secret-named assignments). Budgets: scan >= 5.5 MB/s and >= 10x secretlint.
// Prints figures only.
// secretlint is installed on first use into .cache/bench/secretlint (git-ignored), never into package.json.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RULES } from '../../server/src/rules';
import { detectSecrets } from '../../server/src/secrets/detect';
import { REPO } from '../helpers/core';
import { FAKE_CASES, Rand } from '../helpers/fakeSecrets';
import { FILE_KINDS, secretFile } from '../helpers/secretFiles';
import { writeCorpus } from './corpus';

/** What a user runs: bin/preflight.js sends `scan` and `lint` to their own bundles (out/scan.js, out/lint.js). */
const BIN = join(REPO, 'bin', 'preflight.js');
const SECRETLINT_DIR = join(REPO, '.cache', 'bench', 'secretlint');
const SECRETLINT_BIN = join(SECRETLINT_DIR, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const SECRETLINT_PACKAGES = ['secretlint@13.0.6', '@secretlint/secretlint-rule-preset-recommend@13.0.7'];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

interface Timed {
  ms: number;
  cpuMs: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Wall time, and CPU time (user + sys of the command and its threads, from bash's `time`): on a busy
 * machine wall time mostly measures waiting, CPU time what each tool costs.
 */
function timed(cmd: string, args: string[], cwd = REPO, env: NodeJS.ProcessEnv = process.env): Timed {
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="@@cpu %3U %3S"; time "$0" "$@"', cmd, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  const cpu = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** Config and docs files of a small project: secret-sounding names, placeholders, env reads, no secrets. */
function writeConfigFiles(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const d = join(dir, `service${i}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(
      join(d, 'app.yaml'),
      (
        `service:\n  name: svc${i}\n  replicas: 3\n  database:\n    host: db\n` +
        `    password: \${DB_PASSWORD}\n  auth:\n` +
        `    token_url: https://auth.example.com/oauth/token\n    client_secret: \${CLIENT_SECRET}\n`
      ).repeat(20),
    );
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify(
        {
          name: `svc${i}`,
          features: Array.from({ length: 200 }, (_, k) => ({
            id: k,
            enabled: k % 2 === 0,
            label: `Feature ${k}`,
            passwordPolicy: 'strong',
          })),
        },
        null,
        2,
      ),
    );
    writeFileSync(
      join(d, 'README.md'),
      `# Service ${i}\n\nSet \`API_KEY=your-api-key\` in \`.env\`, then run \`npm start\`.\n\n` +
        'The token refresh flow keeps sessions short; secrets live in the vault.\n'.repeat(100),
    );
    writeFileSync(
      join(d, '.env.example'),
      'API_KEY=\nDATABASE_URL=postgres://user:password@localhost:5432/app\nSECRET_KEY=change-me\n',
    );
    writeFileSync(
      join(d, 'Dockerfile'),
      `FROM node:20-slim\nWORKDIR /app\nARG NPM_TOKEN\nENV NODE_ENV=production\nCOPY . .\nRUN npm ci\n` +
        `CMD ["node", "server.js"]\n`,
    );
  }
}

/** One generated secret per provider case, in rotating file kinds. */
function writeSecretFiles(dir: string): number {
  const r = new Rand(2026);
  FAKE_CASES.forEach((c, i) => {
    const file = secretFile(FILE_KINDS[i % FILE_KINDS.length], c.name, c.make(r));
    const path = join(dir, `case${i}`, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  });
  return FAKE_CASES.length;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function ensureSecretlint(): boolean {
  if (existsSync(SECRETLINT_BIN)) return true;
  mkdirSync(SECRETLINT_DIR, { recursive: true });
  const pkg = join(SECRETLINT_DIR, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, '{ "name": "preflight-bench-secretlint", "private": true }\n');
  console.log(`installing ${SECRETLINT_PACKAGES.join(' ')} into .cache/bench/secretlint …`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...SECRETLINT_PACKAGES], {
    cwd: SECRETLINT_DIR,
    encoding: 'utf8',
  });
  return r.status === 0 && existsSync(SECRETLINT_BIN);
}

/** MB/s of detectSecrets, by wall clock and by this process's CPU time (robust on a busy machine). */
function throughput(texts: { path: string; text: string }[]): { mbps: number; cpuMbps: number; hits: number } {
  const mb = texts.reduce((n, t) => n + t.text.length, 0) / 1048576;
  let hits = 0;
  for (const t of texts) hits += detectSecrets(t.text, { path: t.path }).length; // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    for (const t of texts) detectSecrets(t.text, { path: t.path });
    const used = process.cpuUsage(startCpu);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  return { mbps: mb / (median(wall) / 1000), cpuMbps: mb / (median(cpu) / 1000), hits };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-secrets-'));
  try {
    const root = join(dir, 'corpus');
    const code = writeCorpus(join(root, 'code'), Number(process.env.BENCH_FILES ?? 1500), 100);
    writeConfigFiles(join(root, 'config'), 150);
    const cases = writeSecretFiles(join(root, 'leaks'));
    const files = listFiles(root);
    const texts = files.map((f) => ({ path: f.slice(root.length + 1), text: readFileSync(f, 'utf8') }));
    const mb = texts.reduce((n, t) => n + t.text.length, 0) / 1048576;
    console.log(
      `corpus: ${files.length} files, ${mb.toFixed(1)} MB (${code.files} code files, 750 config/doc files, ${cases} ` +
        `files with one generated secret each)`,
    );
    console.log(
      `machine: ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}; median of ${RUNS} runs ` +
        `per command`,
    );

    const clean = throughput(texts.filter((t) => !t.path.startsWith('leaks/')));
    const all = throughput(texts);
    console.log(
      `detectSecrets throughput: ${all.mbps.toFixed(1)} MB/s wall, ${all.cpuMbps.toFixed(1)} MB/s cpu on the corpus ` +
        `(${all.hits} hits); ${clean.mbps.toFixed(1)} MB/s wall, ${clean.cpuMbps.toFixed(1)} MB/s cpu on its clean ` +
        `files (${clean.hits} hits)`,
    );

    const out = join(dir, 'out.json');
    const lint = (extra: string[], command = 'lint', threads?: number) => {
      const env = threads ? { ...process.env, PREFLIGHT_THREADS: String(threads) } : process.env;
      const runs: Timed[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = timed(
          process.execPath,
          [BIN, command, root, '--format', 'json', '--output', out, '--fail-on', 'error', '--verbose', ...extra],
          REPO,
          env,
        );
        if (r.status !== 0 && r.status !== 1) throw new Error(`preflight ${command} failed (${r.status}): ${r.stderr}`);
        runs.push(r);
      }
      const findings = JSON.parse(readFileSync(out, 'utf8')) as { ruleId?: string }[];
      return {
        ms: median(runs.map((r) => r.ms)),
        cpuMs: median(runs.map((r) => r.cpuMs)),
        secrets: findings.filter((f) => f.ruleId === 'hardcoded-secret').length,
        checked: Number(/checked (\d+) files/.exec(runs[0].stderr)?.[1] ?? NaN),
      };
    };
    const scan = lint([], 'scan');
    const mbps = (ms: number): string => (mb / (ms / 1000)).toFixed(1);
    console.log(
      `preflight scan corpus/ (secrets only):  wall ${fmt(scan.ms)}, cpu ${fmt(scan.cpuMs)}  ${scan.secrets} ` +
        `findings in ${scan.checked} files; ${mbps(scan.ms)} MB/s wall, ${mbps(scan.cpuMs)} MB/s per CPU-second ` +
        `(budget >= 5.5 MB/s: ${mb / (scan.ms / 1000) >= 5.5 ? 'met' : 'NOT met'})`,
    );
    // secretlint checks files one after another on one thread: the same for preflight, for a like-for-like figure.
    const scanOne = lint([], 'scan', 1);
    console.log(
      `preflight scan corpus/ (one thread):    wall ${fmt(scanOne.ms)}, cpu ${fmt(scanOne.cpuMs)}  ` +
        `${scanOne.secrets} findings in ${scanOne.checked} files; ${mbps(scanOne.ms)} MB/s wall`,
    );
    const secretsOnly = lint(
      RULES.filter((r) => r.meta.id !== 'hardcoded-secret').flatMap((r) => ['--rule', `${r.meta.id}=off`]),
    );
    console.log(
      `preflight lint (hardcoded-secret only): wall ${fmt(secretsOnly.ms)}, cpu ${fmt(secretsOnly.cpuMs)}  ` +
        `${secretsOnly.secrets} findings`,
    );
    const full = process.env.BENCH_FULL_LINT === '0' ? undefined : lint([]);
    if (full)
      console.log(
        `preflight lint (all rules):             wall ${fmt(full.ms)}, cpu ${fmt(full.cpuMs)}  ${full.secrets} ` +
          `hardcoded-secret findings`,
      );

    if (!ensureSecretlint()) {
      console.log('secretlint could not be installed (offline?): no comparison');
      return;
    }
    const rc = join(dir, 'secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const runs: Timed[] = [];
    let found = 0;
    let scanned = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = timed(
        process.execPath,
        [SECRETLINT_BIN, `${root}/**/*`, '--secretlintrc', rc, '--format', 'json'],
        SECRETLINT_DIR,
      );
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`secretlint failed (${r.status}): ${r.stderr.slice(0, 500)}`);
      const results = JSON.parse(r.stdout.trim() || '[]') as { messages: unknown[] }[];
      found = results.reduce((n, f) => n + f.messages.length, 0);
      scanned = results.length;
      runs.push(r);
    }
    const sl = { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
    // What 10x means here: each tool's fixed start-up (one tiny file) against its cost per file and MB.
    const tiny = join(dir, 'tiny');
    mkdirSync(tiny);
    writeFileSync(join(tiny, 'a.txt'), 'hello\n');
    const startup = (cmd: string, args: string[], cwd: string) => {
      const r = Array.from({ length: RUNS }, () => timed(cmd, args, cwd));
      return { ms: median(r.map((x) => x.ms)), cpuMs: median(r.map((x) => x.cpuMs)) };
    };
    const bare = startup(process.execPath, ['-e', ''], REPO);
    const scanTiny = startup(process.execPath, [BIN, 'scan', tiny, '--format', 'json', '--output', out], REPO);
    const slTiny = startup(
      process.execPath,
      [SECRETLINT_BIN, `${tiny}/**/*`, '--secretlintrc', rc, '--format', 'json'],
      SECRETLINT_DIR,
    );
    console.log(
      `secretlint (preset-recommend):          wall ${fmt(sl.ms)}, cpu ${fmt(sl.cpuMs)}  ${found} findings in ` +
        `${scanned} files`,
    );
    const line = (what: string, p: { ms: number; cpuMs: number }) =>
      console.log(
        `preflight ${what} vs secretlint: ${(sl.ms / p.ms).toFixed(1)}x faster wall, ` +
          `${(sl.cpuMs / p.cpuMs).toFixed(1)}x less cpu${
            what === 'scan (secrets only)' ? ` (budget at least 10x: ${sl.ms / p.ms >= 10 ? 'met' : 'NOT met'})` : ''
          }`,
      );
    const slMbps = mb / (sl.cpuMs / 1000);
    console.log(
      `secret engine vs secretlint by cpu: ${all.cpuMbps.toFixed(1)} MB/s (detectSecrets) vs ${slMbps.toFixed(1)} ` +
        `MB/s (secretlint, whole process): ${(all.cpuMbps / slMbps).toFixed(1)}x`,
    );
    console.log(
      `start-up (one tiny file): node -e '' wall ${fmt(bare.ms)}, cpu ${fmt(bare.cpuMs)}; preflight scan wall ` +
        `${fmt(scanTiny.ms)}, cpu ${fmt(scanTiny.cpuMs)}; secretlint wall ${fmt(slTiny.ms)}, cpu ${fmt(slTiny.cpuMs)}`,
    );
    const perMb = (total: number, fixed: number) => (mb / Math.max(1e-9, (total - fixed) / 1000)).toFixed(1);
    console.log(
      `after start-up, by cpu: preflight scan (one thread) ${perMb(scanOne.cpuMs, scanTiny.cpuMs)} MB/s, ` +
        `secretlint ${perMb(sl.cpuMs, slTiny.cpuMs)} MB/s; 10x secretlint's wall here means preflight scan in ` +
        `${fmt(sl.ms / 10)}, against node's bare start-up of ${fmt(bare.ms)} wall`,
    );
    line('scan (secrets only)', scan);
    line('scan (one thread)', scanOne);
    line('lint (hardcoded-secret only)', secretsOnly);
    if (full) line('lint (all rules)', full);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
