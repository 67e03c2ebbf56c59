// Runs every test: builds, then unit/rule/CLI/LSP tests with node:test, then the real-VS-Code e2e suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const run = (cmd, argv, opts = {}) => spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts }).status ?? 1;

function find(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((n) => {
      const full = join(dir, n);
      return statSync(full).isDirectory() ? find(full, pattern) : pattern.test(n) ? [full] : [];
    })
    .sort();
}

// The TypeScript projects: server (Node, no DOM), client (extension host), media (webview, DOM) and the tests.
const PROJECTS = ['server', 'client', 'media', '.'];

if (run('npx', ['prettier', '--check', '--log-level', 'warn', '.']) !== 0) process.exit(1);
for (const p of PROJECTS) if (run('npx', ['tsc', '-p', p, '--noEmit']) !== 0) process.exit(1);
// Type-aware lint (typescript-eslint), then unused files, exports and dependencies (knip).
if (run('npx', ['eslint', '--max-warnings', '0', '.']) !== 0) process.exit(1);
if (run('npx', ['knip']) !== 0) process.exit(1);
if (run('node', ['scripts/build.mjs']) !== 0) process.exit(1);
const all = find(join(root, 'build', 'test'), /\.test\.js$/);
const unit = all.filter((f) => !f.includes(`${join('build', 'test', 'e2e')}`));
const e2e = all.filter((f) => f.includes(`${join('build', 'test', 'e2e')}`));
let status = run('node', ['--test', '--test-concurrency=2', ...unit]);
if (status === 0 && !args.includes('--no-e2e') && e2e.length) {
  if (run('node', ['scripts/provision.mjs']) !== 0) process.exit(1);
  status = run('node', ['--test', '--test-concurrency=1', ...e2e]);
}
process.exit(status);
