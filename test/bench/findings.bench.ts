// `npm run bench findings`: cost of files with tens of thousands of findings (per-finding work must not
// depend on the file's size): `preflight lint` on a 20,000-secret Python module, on one 1 MB JSON line
// with 20,000 secrets (named explicitly), and on 10,000 findings with 2,500 preflight-ignore comments.
// Prints wall and CPU time (user + sys, from bash's `time`); CPU time is the figure to quote on a busy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/core';

const CLI = join(REPO, 'out', 'cli.js');
const N = 20_000;
let seed = 7;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(): string {
  let s = 'gh' + 'p_';
  for (let i = 0; i < 36; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    s += ALPHABET[seed % ALPHABET.length];
  }
  return s;
}

function timed(dir: string, args: string[]): { ms: number; cpuMs: number; findings: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    'bash',
    ['-c', 'TIMEFORMAT="@@cpu %3U %3S"; time "$0" "$@"', process.execPath, CLI, 'lint', ...args, '--format', 'json'],
    { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 },
  );
  const cpu = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
    findings: (JSON.parse(r.stdout) as unknown[]).length,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-findings-'));
try {
  writeFileSync(
    join(dir, 'settings.py'),
    `${Array.from({ length: N }, (_, i) => `key_${i} = "${token()}"`).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'dump.json'), `{${Array.from({ length: N }, (_, i) => `"t${i}":"${token()}"`).join(',')}}\n`);
  writeFileSync(
    join(dir, 'keys.py'),
    `${Array.from({ length: 10_000 }, (_, i) => `k_${i} = "${token()}"${i % 4 ? '' : '  # preflight-ignore'}`).join(
      '\n',
    )}\n`,
  );
  console.log(`load average ${loadavg()[0].toFixed(1)} (figures are noisy when it is high; quote CPU time)`);
  for (const [label, args] of [
    [`${N} secrets, one per line (settings.py)`, ['settings.py', '--max-file-size', '4096']],
    [`${N} secrets on one 1 MB line (dump.json)`, ['dump.json', '--max-file-size', '4096']],
    ['10,000 secrets, 2,500 preflight-ignore comments (keys.py)', ['keys.py', '--max-file-size', '4096']],
  ] as const) {
    const r = timed(dir, [...args]);
    console.log(
      `${label}: wall ${(r.ms / 1000).toFixed(2)} s, cpu ${(r.cpuMs / 1000).toFixed(2)} s, ${r.findings} ` +
        `findings listed`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
