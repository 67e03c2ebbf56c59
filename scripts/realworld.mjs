// `npm run realworld`: builds, lints every project in ../shared/realworld and prints findings and precision per
// rule against test/realworld/verdicts.tsv (the same comparison the unit test makes), then applies every offered
// fix and prints "N of M fixes correct" against test/realworld/fixes.tsv.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
// Findings and precision per rule, then the fix harness ("N of M fixes correct" over every offered fix).
let status = 0;
for (const name of ['verdicts.test.js', 'fixes.test.js']) {
  const r = spawnSync('node', ['--test-reporter=dot', join(root, 'build', 'test', 'realworld', name)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PREFLIGHT_REALWORLD_REPORT: '1' },
  });
  status ||= r.status ?? 1;
}
process.exit(status);
