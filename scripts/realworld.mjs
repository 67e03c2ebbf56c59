// `npm run realworld`: builds, lints every project in ../shared/realworld and prints findings and precision per
// rule against test/realworld/verdicts.tsv (the same comparison the unit test makes).
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const test = join(root, 'build', 'test', 'realworld', 'verdicts.test.js');
const r = spawnSync('node', ['--test-reporter=dot', test], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PREFLIGHT_REALWORLD_REPORT: '1' },
});
process.exit(r.status ?? 1);
