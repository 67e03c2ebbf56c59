// Restricted Mode over the real language server: with `workspaceTrusted: false` (what the VS Code client
// sends for an untrusted folder) the server starts no program at all (a `git` on PATH that logs its calls
// sees none), every git, hook and audit feature answers with the reason, and open files are still checked.
// After the client's `preflight/workspaceTrusted` notification the same features work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, startServer } from '../helpers/lspClient';
import { fakeGithubToken, gitSpy, tempRepo } from '../helpers/gitRepo';
import {
  ChecklistDecisionRequest,
  ChecklistFixRequest,
  ChecklistRequest,
  HistoryScanRequest,
  HookRequest,
  StagedScanRequest,
  WorkspaceTrustedNotification,
} from '../../server/src/protocol';

const NOT_TRUSTED = /not trusted \(Restricted Mode\)/;

test('an untrusted workspace: linting works, nothing is executed, and trust turns git features on', async () => {
  const repo = tempRepo();
  const spy = gitSpy();
  // A committed Preflight hook in a tracked hooks folder: trusted, the server records how to run Preflight here.
  repo.write('.githooks/pre-commit', '#!/bin/sh\necho team\n');
  repo.git('config', 'core.hooksPath', '.githooks');
  assert.equal(repo.cli(['hook', 'install']).status, 0);
  const record = join(repo.dir, '.git', 'preflight', 'hook-command');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'team hook', '--no-verify');
  const hookBefore = readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8');
  const recordMtime = statSync(record).mtimeMs;
  const text = `import os\nTOKEN = "${fakeGithubToken()}"\n`;
  repo.write('app.py', text);
  repo.git('add', 'app.py');

  const client = await startServer({
    workspaceFolder: repo.dir,
    initializationOptions: { workspaceTrusted: false },
    env: { ...process.env, PATH: `${spy.bin}:${process.env.PATH ?? ''}` },
  });
  const send = client.conn.sendRequest.bind(client.conn);
  try {
    const folderUris = [fileUri(repo.dir)];
    const uri = fileUri(join(repo.dir, 'app.py'));
    await client.open(uri, 'python', text);
    const diagnostics = await client.pullItems(uri);
    assert.ok(
      diagnostics.some((d) => d.code === 'hardcoded-secret'),
      'read-only linting still runs',
    );

    const checklist = await send(ChecklistRequest, { folderUri: folderUris[0] });
    const report = checklist.folders[0].report;
    assert.ok(report, checklist.folders[0].error);
    assert.match(report.problems[0], /^Restricted Mode: this folder is not trusted/);
    assert.match(
      report.problems[0],
      /git state \(tracked files, the hook, staged and history scans\) and the dependency audit are off/,
    );
    const gitItems = report.items.filter((i) => NOT_TRUSTED.test(i.summary));
    assert.ok(gitItems.length >= 1, 'items that need git say why they cannot check');

    for (const action of ['status', 'install', 'uninstall'] as const) {
      const hook = await send(HookRequest, { folderUris, action });
      assert.match(hook.repos[0].error ?? '', NOT_TRUSTED, action);
    }
    const staged = await send(StagedScanRequest, { folderUris });
    assert.match(staged.repos[0].error ?? '', NOT_TRUSTED);
    const history = await send(HistoryScanRequest, { folderUris });
    assert.match(history.repos[0].error ?? '', NOT_TRUSTED);
    for (const fix of ['hook-install', 'staged-scan', 'run-audit'] as const) {
      // The client claims trust; the server's own state decides.
      const r = await send(ChecklistFixRequest, { folderUri: folderUris[0], fix, trusted: true });
      assert.match(r.message, /not trusted|only runs in a trusted workspace/, fix);
    }
    const tick = await send(ChecklistDecisionRequest, {
      folderUri: folderUris[0],
      id: 'gitignore-secrets',
      action: 'tick',
    });
    assert.ok(tick.ok, 'a tick is a file write, not a program: it still works');

    assert.deepEqual(spy.calls(), [], 'no git process ran in the untrusted workspace');
    assert.equal(readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8'), hookBefore);
    assert.equal(statSync(record).mtimeMs, recordMtime, 'the hook record was not touched');

    await client.conn.sendNotification(WorkspaceTrustedNotification);
    const trusted = await send(StagedScanRequest, { folderUris });
    assert.equal(trusted.repos[0].error, undefined);
    assert.deepEqual(
      trusted.repos[0].findings.map((f) => [f.path, f.line]),
      [['app.py', 2]],
    );
    const status = await send(HookRequest, { folderUris, action: 'status' });
    assert.equal(status.repos[0].installed, true, status.repos[0].message);
    assert.ok(spy.calls().length > 0, 'git runs once the folder is trusted');
    assert.ok(existsSync(record));
    // The checklist is re-evaluated when trust arrives: wait for the report without the Restricted Mode line.
    let problems = report.problems;
    for (let i = 0; i < 100 && problems.some((p) => p.startsWith('Restricted Mode')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      problems = (await send(ChecklistRequest, { folderUri: folderUris[0] })).folders[0].report?.problems ?? [];
    }
    assert.ok(!problems.some((p) => p.startsWith('Restricted Mode')), problems.join('\n'));
  } finally {
    await client.stop();
    spy.remove();
    repo.remove();
  }
});

test("the editor records its runtime for a committed Preflight hook in a teammate's clone (trusted)", async () => {
  const repo = tempRepo();
  try {
    repo.write('.githooks/pre-commit', '#!/bin/sh\necho team\n');
    repo.git('config', 'core.hooksPath', '.githooks');
    assert.equal(repo.cli(['hook', 'install']).status, 0);
    const record = join(repo.dir, '.git', 'preflight', 'hook-command');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'team hook');
    // A fresh clone has no record: what a teammate with only the extension starts from.
    rmSync(record);
    const client = await startServer({ workspaceFolder: repo.dir, initializationOptions: { workspaceTrusted: true } });
    try {
      const status = await client.conn.sendRequest(HookRequest, {
        folderUris: [fileUri(repo.dir)],
        action: 'status',
      });
      assert.equal(status.repos[0].installed, true);
      assert.match(status.repos[0].message, /this clone's record/);
      const [node, cli] = readFileSync(record, 'utf8').split('\n');
      assert.equal(node, process.execPath);
      assert.match(cli, /out[/\\]cli\.js$/);
    } finally {
      await client.stop();
    }
    repo.write('s.py', `t = "${fakeGithubToken()}"\n`);
    repo.git('add', 's.py');
    const commit = repo.gitResult(['commit', '-m', 'key']);
    assert.equal(commit.status, 1, commit.stdout + commit.stderr);
    assert.match(commit.stdout + commit.stderr, /s\.py:1:6 {2}error {2}GitHub token/);
  } finally {
    repo.remove();
  }
});
