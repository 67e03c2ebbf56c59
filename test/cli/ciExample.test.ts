// The GitHub Actions example in docs/ci is valid YAML and every preflight command in it runs as written.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/core';
import { tempRepo, type TempRepo } from '../helpers/gitRepo';

const workflow = parse(readFileSync(join(REPO, 'docs', 'ci', 'github-code-scanning.yml'), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
};
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.remove()));

test('the workflow uploads the SARIF that its lint step writes, with the permission it needs', () => {
  assert.equal(workflow.permissions['security-events'], 'write');
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.ok(upload, 'an upload-sarif step');
  const lint = steps.find((s) => s.run?.includes('preflight lint'));
  assert.ok(lint?.run?.includes(`--output ${upload.with?.sarif_file}`), 'lint writes the file that is uploaded');
});

test('each preflight command of the workflow runs as written on a project', () => {
  const r = tempRepo();
  repos.push(r);
  r.write('app.py', 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n');
  r.git('add', '.');
  r.git('commit', '-qm', 'init');
  const commands = Object.values(workflow.jobs)
    .flatMap((j) => j.steps)
    .map((s) => /npx --no-install preflight ([^|&\n]+)/.exec(s.run ?? '')?.[1].trim())
    .filter((c): c is string => !!c);
  assert.deepEqual(
    commands.map((c) => c.split(' ')[0]),
    ['lint', 'checklist'],
  );
  for (const command of commands) {
    const res = r.cli(command.split(' '));
    assert.ok(res.status === 0 || res.status === 1, `preflight ${command}: ${res.stderr}`);
  }
  const sarif = JSON.parse(readFileSync(join(r.dir, 'preflight.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results[0].ruleId, 'debug-mode');
  assert.ok(existsSync(join(r.dir, 'preflight.sarif')));
});
