// `npm run bench`: builds, then runs every benchmark (test/bench/*.bench.ts) one after another and prints figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const dir = join(root, 'build', 'test', 'bench');
const only = process.argv[2];
const benches = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
      .sort()
  : [];
if (!benches.length) {
  console.error('no benchmarks found');
  process.exit(2);
}
let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b.replace('.bench.js', '')}`);
  failed += spawnSync('node', [join(dir, b)], { cwd: root, stdio: 'inherit' }).status === 0 ? 0 : 1;
}
process.exit(failed ? 1 : 0);
