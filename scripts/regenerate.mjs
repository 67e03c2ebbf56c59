// `npm run regenerate`: rewrites what is generated from the rules: the README rule table (from the registry) and
// every rule's test/fixtures/rules/<id>/expected.tsv (line, column, message id and severity of each finding) and
// fixes.txt (the exact text of every fix alternative). Read the diff before committing: a wrong expectation is a
// bug to fix in the rule, not a line to pin.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const tests = ['unit/docs.test.js', 'rules/fixtures.test.js'].map((t) => join(root, 'build', 'test', t));
const r = spawnSync('node', ['--test', '--test-reporter=dot', ...tests], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PREFLIGHT_UPDATE_FIXTURES: '1', PREFLIGHT_UPDATE_DOCS: '1' },
});
process.exit(r.status ?? 1);
