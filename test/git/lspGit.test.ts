// The git requests of the real bundled language server over stdio: staged scan, baseline add (which also
// silences the typing diagnostic), unstage, hook, and the history scan with $/progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import { fileUri, startServer } from '../helpers/lspClient';
import { assertNoRawTokens, fakeGithubToken, tempRepo } from '../helpers/gitRepo';
import {
  BaselineAddRequest,
  HistoryScanRequest,
  HookRequest,
  StagedScanRequest,
  UnstageRequest,
} from '../../server/src/protocol';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

test('staged scan, baseline add, unstage, hook and history through the language server', async () => {
  const repo = tempRepo();
  const client = await startServer({ workspaceFolder: repo.dir });
  // Every answer is checked for raw secret values.
  const checked = <R>(result: R): R => {
    assertNoRawTokens(JSON.stringify(result));
    return result;
  };
  try {
    const folderUris = [fileUri(repo.dir)];
    const token = fakeGithubToken();
    const text = `x = 1\nt = "${token}"\n`;
    repo.write('app.py', text);
    repo.write('other.py', `u = "${fakeGithubToken()}"\n`);
    repo.git('add', '.');

    const staged = checked(await client.conn.sendRequest(StagedScanRequest, { folderUris }));
    assert.equal(staged.repos.length, 1);
    assert.deepEqual(
      staged.repos[0].findings.map((f) => [f.path, f.line, f.column]),
      [
        ['app.py', 2, 6],
        ['other.py', 1, 6],
      ],
    );
    assert.match(staged.repos[0].findings[0].masked, /^ghp_…/);

    const uri = fileUri(join(repo.dir, 'app.py'));
    await client.open(uri, 'python', text);
    const before = (await client.pullItems(uri)).filter((d) => d.code === 'hardcoded-secret');
    const added = checked(
      await client.conn.sendRequest(BaselineAddRequest, {
        root: staged.repos[0].root,
        path: 'app.py',
        line: 2,
        reason: 'fixture',
      }),
    );
    assert.equal(added.added, 1, added.message);
    assert.equal(repo.cli(['scan', '--staged', '--format', 'json']).stdout.includes('app.py'), false);
    assert.equal(before.length, 1, 'the typing rule reports the secret before it is baselined');
    assert.equal(
      (await client.pullItems(uri)).filter((d) => d.code === 'hardcoded-secret').length,
      0,
      'baselined secret still shown while typing',
    );

    const unstaged = checked(
      await client.conn.sendRequest(UnstageRequest, { root: staged.repos[0].root, path: 'other.py' }),
    );
    assert.ok(unstaged.ok, unstaged.message);
    assert.equal(repo.git('diff', '--cached', '--name-only').includes('other.py'), false);

    const status = checked(await client.conn.sendRequest(HookRequest, { folderUris, action: 'status' }));
    assert.equal(status.repos[0].installed, false);
    const installed = checked(await client.conn.sendRequest(HookRequest, { folderUris, action: 'install' }));
    assert.equal(installed.repos[0].installed, true, installed.repos[0].message);
    assert.equal(
      checked(await client.conn.sendRequest(HookRequest, { folderUris, action: 'uninstall' })).repos[0].installed,
      false,
    );

    repo.git('commit', '-qm', 'c', '--no-verify');
    const progress: string[] = [];
    client.conn.onProgress(WorkDoneProgress.type, 'hist-1', (v) => {
      progress.push(v.kind);
    });
    const history = checked(await client.conn.sendRequest(HistoryScanRequest, { folderUris, workDoneToken: 'hist-1' }));
    assert.equal(history.cancelled, false);
    assert.deepEqual(history.repos[0].findings, [], 'app.py is baselined, other.py was never committed');
    assert.equal(history.repos[0].commitsScanned, 1);
    assert.equal(progress[0], 'begin');
    assert.equal(progress.at(-1), 'end');

    // A corrupt baseline is logged once and the scan goes on without it (the file is left alone).
    repo.write('.preflight/baseline.json', '{ not json');
    repo.write('third.py', `v = "${fakeGithubToken()}"\n`);
    repo.git('add', 'third.py');
    const logged = client.nextLog(/corrupt baseline .*baseline\.json/);
    const withCorrupt = checked(await client.conn.sendRequest(StagedScanRequest, { folderUris }));
    assert.deepEqual(
      withCorrupt.repos[0].findings.map((f) => f.path),
      ['third.py'],
    );
    await logged;
    assert.equal(readFileSync(join(repo.dir, '.preflight', 'baseline.json'), 'utf8'), '{ not json');

    const notRepo = checked(
      await client.conn.sendRequest(StagedScanRequest, { folderUris: [fileUri(join(repo.dir, '..'))] }),
    );
    assert.match(notRepo.repos[0].error ?? '', /not a git repository/);
  } finally {
    await client.stop();
    repo.remove();
  }
});
