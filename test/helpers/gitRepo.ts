// Real git repositories in temp folders for the git tests, the real CLI as a process, and fake tokens
// generated at run time (never committed whole). Every CLI run is checked for leaked raw tokens.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import assert from 'node:assert/strict';
import { REPO } from './core';

export const CLI = join(REPO, 'out', 'cli.js');

/** An isolated git environment: no system config, HOME in a temp folder. */
const home = mkdtempSync(join(tmpdir(), 'preflight-home-'));
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  GIT_PAGER: 'cat',
};
delete GIT_ENV.GIT_INDEX_FILE;
delete GIT_ENV.GIT_DIR;
// In-process scans (scanStaged etc.) spawn git with process.env: isolate them too.
Object.assign(process.env, { GIT_CONFIG_NOSYSTEM: '1', HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
process.on('exit', () => rmSync(home, { recursive: true, force: true }));

/** Every token handed out, so every CLI run can assert none of them is printed. */
export const issued: string[] = [];

function randomFrom(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** A fake GitHub token built at run time. */
export function fakeGithubToken(): string {
  const t = 'gh' + 'p_' + randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36);
  issued.push(t);
  return t;
}

/** A fake AWS access key id built at run time. */
export function fakeAwsKeyId(): string {
  const t = 'AK' + 'IA' + randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
  issued.push(t);
  return t;
}

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  gitResult(args: string[], options?: { env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
  write(path: string, content: string | Buffer): void;
  cli(args: string[], options?: { cwd?: string }): { status: number | null; stdout: string; stderr: string };
  remove(): void;
}

export function tempRepo(options: { init?: boolean } = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-git-'));
  const gitResult = (args: string[], o: { env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> =>
    spawnSync('git', args, { cwd: dir, env: { ...GIT_ENV, ...o.env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const git = (...args: string[]): string => {
    const r = gitResult(args);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  if (options.init !== false) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test Person');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'commit.gpgsign', 'false');
  }
  return {
    dir,
    git,
    gitResult,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    cli(args, o = {}) {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: o.cwd ?? dir,
        env: GIT_ENV,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      assertNoRawTokens(`${r.stdout}\n${r.stderr}`);
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function assertNoRawTokens(output: string): void {
  for (const t of issued) assert.ok(!output.includes(t), `a raw token (${t.slice(0, 4)}…) appeared in output`);
}

export interface GitSpy {
  /** Put first on PATH: its `git` logs each call, then runs the real git. */
  bin: string;
  /** The argument lines of every git call so far. */
  calls(): string[];
  remove(): void;
}

/** A `git` on PATH that records its calls: tests see whether (and how) Preflight ran git. */
export function gitSpy(): GitSpy {
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(real, 'git is not installed');
  const bin = mkdtempSync(join(tmpdir(), 'preflight-gitspy-'));
  const log = join(bin, 'calls.log');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return {
    bin,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    remove: () => rmSync(bin, { recursive: true, force: true }),
  };
}
