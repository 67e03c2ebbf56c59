// Parallel writers of the state files: ten `baseline add` processes and ten processes ticking checklist
// items at once lose nothing, and the baseline keeps one salt. The lock is a real `<file>.lock`; a stale
// one (its owner gone) is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { changeDecision } from '../../server/src/checklist/state';
import { CLI, fakeGithubToken, GIT_ENV, tempRepo } from '../helpers/gitRepo';

function runAll(commands: string[][], env: NodeJS.ProcessEnv, cwd: string): Promise<number[]> {
  return Promise.all(
    commands.map(
      (argv) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, argv, { cwd, env, stdio: 'ignore' });
          child.on('close', (code) => resolve(code ?? -1));
        }),
    ),
  );
}

const worker = process.env.PREFLIGHT_TICK_WORKER;
if (worker) {
  // Child mode: one checklist decision, written by its own process.
  const [root, id] = worker.split('|');
  changeDecision(root, id, { action: 'tick' }, 'worker');
} else {
  test('ten parallel `baseline add` runs keep all ten entries and one salt', async () => {
    const repo = tempRepo();
    try {
      for (let i = 0; i < 10; i++) repo.write(`s${i}.py`, `TOKEN = "${fakeGithubToken()}"\n`);
      const codes = await runAll(
        Array.from({ length: 10 }, (_, i) => [CLI, 'baseline', 'add', `s${i}.py`, '--reason', `test ${i}`]),
        GIT_ENV,
        repo.dir,
      );
      assert.deepEqual(codes, Array(10).fill(0));
      const data = JSON.parse(readFileSync(join(repo.dir, '.preflight', 'baseline.json'), 'utf8')) as {
        salt: string;
        entries: { path: string }[];
      };
      assert.deepEqual(
        data.entries.map((e) => e.path).sort(),
        Array.from({ length: 10 }, (_, i) => `s${i}.py`),
      );
      // Every entry was hashed with the one salt on disk: each secret still counts as baselined.
      const scan = repo.cli(['lint', '.', '--format', 'json']);
      assert.equal(scan.status, 0, scan.stdout);
    } finally {
      repo.remove();
    }
  });

  test('ten processes ticking checklist items at once lose no decision; a stale lock is taken over', async () => {
    const repo = tempRepo();
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `item-${i}`);
      changeDecision(repo.dir, 'seed', { action: 'tick' }, 'me');
      // A lock left by a process that no longer exists must not block anyone.
      writeFileSync(join(repo.dir, '.preflight', 'checklist.json.lock'), `999999999 ${hostname()}`);
      const results = await Promise.all(
        ids.map(
          (id) =>
            new Promise<number>((resolve) => {
              const child = spawn(process.execPath, [__filename], {
                cwd: repo.dir,
                env: { ...GIT_ENV, PREFLIGHT_TICK_WORKER: `${repo.dir}|${id}` },
                stdio: 'ignore',
              });
              child.on('close', (code) => resolve(code ?? -1));
            }),
        ),
      );
      assert.deepEqual(results, Array(10).fill(0));
      const state = JSON.parse(readFileSync(join(repo.dir, '.preflight', 'checklist.json'), 'utf8')) as {
        items: Record<string, { status: string }>;
      };
      assert.deepEqual(Object.keys(state.items).sort(), ['seed', ...ids].sort());
    } finally {
      repo.remove();
    }
  });
}
