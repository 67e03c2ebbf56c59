// `preflight checklist` as a real process: the demo project's failures, phases, waivers and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/core';
import { tempRepo } from '../helpers/gitRepo';

interface JsonItem {
  id: string;
  status: string;
  state: string;
  evidence: Array<{ message: string; path?: string; line?: number; level?: string }>;
  fixes: Array<{ id: string }>;
}
interface JsonReport {
  items: JsonItem[];
  endpoints: Array<{ method: string; path: string; auth: string; file: string }>;
  summary: { total: number; done: number; failed: number };
}

test('the demo project: the failures a reviewer would list, with evidence, and exit 1', () => {
  const repo = tempRepo();
  try {
    cpSync(join(FIXTURES, 'demo-app'), repo.dir, { recursive: true });
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'demo');
    const r = repo.cli(['checklist', '.', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const byId = new Map(report.items.map((i) => [i.id, i]));
    const status = (id: string): string | undefined => byId.get(id)?.status;
    // The mistakes the demo makes on purpose.
    for (const id of [
      'gitignore-secrets',
      'env-example-complete',
      'endpoint-auth',
      'errors-generic',
      'cors-restricted',
      'debug-off',
      'output-escaped',
      'staged-scan',
      'no-hardcoded-secrets',
    ]) {
      assert.equal(status(id), 'fail', `${id} should fail on the demo`);
    }
    assert.equal(status('no-tracked-secrets-files'), 'pass');
    assert.equal(status('history-clean'), 'unknown', 'not scanned yet');
    const gi = byId.get('gitignore-secrets')!;
    assert.ok(gi.evidence.some((e) => e.message === '.env is not ignored: environment file'));
    assert.ok(gi.fixes.some((f) => f.id === 'gitignore-add'));
    const env = byId.get('env-example-complete')!;
    const missing = env.evidence.filter((e) => e.level === 'problem');
    assert.ok(missing.length >= 1);
    for (const e of missing)
      assert.ok(e.path && e.line && /is read here.*but missing from \.env\.example/.test(e.message), JSON.stringify(e));
    assert.ok(!missing.some((e) => /^OPENAI_API_KEY /.test(e.message)), 'documented names are not listed');
    assert.ok(
      report.endpoints.some((e) => e.auth === 'no' && e.file.endsWith('.py')),
      'an unauthenticated FastAPI route is in the inventory',
    );
    assert.equal(report.summary.total, report.items.length);
    assert.ok(!('body' in (report.items[0] as object)), 'JSON leaves out the markdown bodies');

    const text = repo.cli(['checklist', '--phase', 'before-coding']);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /^Preflight checklist for .*: \d+ of 3 done/);
    assert.match(text.stdout, /FAIL {5}gitignore-secrets: /);
    assert.match(text.stdout, /- \.env is not ignored: environment file \(\.gitignore\)/);
    assert.doesNotMatch(text.stdout, /every-endpoint|endpoint-auth/);
  } finally {
    repo.remove();
  }
});

test('waived failures do not fail the run; passing phases exit 0; bad arguments exit 2 with one line', () => {
  const repo = tempRepo();
  try {
    repo.write('.gitignore', 'node_modules/\n');
    repo.write('main.py', 'print("hi")\n');
    let r = repo.cli(['checklist', '--phase', 'before-coding']);
    assert.equal(r.status, 1, r.stdout);
    mkdirSync(join(repo.dir, '.preflight'), { recursive: true });
    writeFileSync(
      join(repo.dir, '.preflight', 'checklist.json'),
      JSON.stringify({
        version: 1,
        items: {
          'gitignore-secrets': { status: 'waived', by: 'T', at: '2026-01-01T00:00:00Z', reason: 'throwaway prototype' },
        },
      }),
    );
    r = repo.cli(['checklist', '--phase', 'before-coding']);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /waived +gitignore-secrets/);
    assert.match(r.stdout, /waived by T at 2026-01-01T00:00:00Z: throwaway prototype/);

    // A corrupt state file: a clear message, a backup, the file left as it was, and failures count again.
    writeFileSync(join(repo.dir, '.preflight', 'checklist.json'), '{ nope');
    r = repo.cli(['checklist', '--phase', 'before-coding']);
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /! \.preflight\/checklist\.json cannot be used: it is not valid JSON.*a copy was saved as \.preflight\/checklist\.json\.corrupt-/,
    );

    for (const args of [
      ['checklist', 'no-such-dir'],
      ['checklist', '--phase', 'later'],
      ['checklist', '--format', 'xml'],
      ['checklist', 'a', 'b'],
    ]) {
      const bad = repo.cli(args);
      assert.equal(bad.status, 2, args.join(' '));
      assert.equal(bad.stderr.trim().split('\n').length, 1);
      assert.match(bad.stderr, /^preflight: /);
    }
  } finally {
    repo.remove();
  }
});
