// The checklist over the real language server protocol: the report, a Fix, a tick persisted to disk,
// re-evaluation on a watched-file change, and the same states as `preflight checklist --format json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import {
  ChecklistChangedNotification,
  ChecklistDecisionRequest,
  ChecklistFixRequest,
  ChecklistRequest,
  type ChecklistFolderDto,
} from '../../server/src/protocol';
import { fileUri, startServer } from '../helpers/lspClient';
import { CLI, GIT_ENV, tempRepo, type TempRepo } from '../helpers/gitRepo';

const statusOf = (folder: ChecklistFolderDto, id: string): string | undefined =>
  folder.report?.items.find((i) => i.id === id)?.status;

function workspace(): TempRepo {
  const repo = tempRepo();
  repo.write('.gitignore', 'node_modules/\n');
  repo.write('.env.example', 'A=\n');
  repo.write(
    'app/main.py',
    'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nKEY = os.environ["OPENAI_API_KEY"]\n\n' +
      '@app.get("/items")\ndef items():\n    return []\n',
  );
  return repo;
}

test('checklist over LSP: report, Fix button, tick kept, re-evaluated on change, same states as the CLI', async () => {
  const repo = workspace();
  const client = await startServer({ workspaceFolder: repo.dir });
  try {
    const uri = fileUri(repo.dir);
    let [folder] = (await client.conn.sendRequest(ChecklistRequest, {})).folders;
    assert.equal(folder.folderUri, uri);
    assert.ok(folder.report, folder.error);
    assert.equal(statusOf(folder, 'env-example-complete'), 'fail');
    assert.equal(statusOf(folder, 'gitignore-secrets'), 'fail');
    assert.equal(statusOf(folder, 'endpoint-auth'), 'fail');
    assert.deepEqual(
      folder.report.endpoints.map((e) => `${e.method} ${e.path} ${e.auth} ${e.file}:${e.line}`),
      ['GET /items no app/main.py:6'],
    );

    // Same states as the CLI on the same folder.
    const cli = spawnSync(process.execPath, [CLI, 'checklist', repo.dir, '--format', 'json'], {
      env: GIT_ENV,
      encoding: 'utf8',
    });
    assert.equal(cli.status, 1, cli.stderr);
    const cliStates = Object.fromEntries(
      (JSON.parse(cli.stdout) as { items: Array<{ id: string; status: string }> }).items.map((i) => [i.id, i.status]),
    );
    assert.deepEqual(Object.fromEntries(folder.report.items.map((i) => [i.id, i.status])), cliStates);

    // A Fix button: the missing name is added and the item passes.
    const fixed = await client.conn.sendRequest(ChecklistFixRequest, {
      folderUri: uri,
      fix: 'env-example-add',
      trusted: false,
    });
    assert.ok(fixed.ok, fixed.message);
    assert.deepEqual(fixed.changed, ['.env.example']);
    assert.equal(readFileSync(join(repo.dir, '.env.example'), 'utf8'), 'A=\nOPENAI_API_KEY=\n');
    [folder] = (await client.conn.sendRequest(ChecklistRequest, {})).folders;
    assert.equal(statusOf(folder, 'env-example-complete'), 'pass');

    // A tick is stored with who and when; a waiver needs a reason.
    const ticked = await client.conn.sendRequest(ChecklistDecisionRequest, {
      folderUri: uri,
      id: 'accounts-mfa',
      action: 'tick',
    });
    assert.ok(ticked.ok, ticked.message);
    const state = JSON.parse(readFileSync(join(repo.dir, '.preflight', 'checklist.json'), 'utf8'));
    assert.equal(state.items['accounts-mfa'].status, 'ticked');
    assert.equal(state.items['accounts-mfa'].by, 'Test Person');
    [folder] = (await client.conn.sendRequest(ChecklistRequest, {})).folders;
    assert.equal(statusOf(folder, 'accounts-mfa'), 'ticked');
    const noReason = await client.conn.sendRequest(ChecklistDecisionRequest, {
      folderUri: uri,
      id: 'endpoint-auth',
      action: 'waive',
      reason: '',
    });
    assert.equal(noReason.ok, false);

    // An edit on disk reported by the client's file watcher re-evaluates (debounced) the folder.
    writeFileSync(
      join(repo.dir, 'app', 'main.py'),
      'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nKEY = os.environ["OPENAI_API_KEY"]\n\n' +
        '# preflight: public\n@app.get("/items")\ndef items():\n    return []\n',
    );
    const changed = new Promise<void>((resolve) =>
      client.conn.onNotification(ChecklistChangedNotification, (p) => {
        if (!p.busy) resolve();
      }),
    );
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(join(repo.dir, 'app', 'main.py')), type: FileChangeType.Changed }],
    });
    await changed;
    [folder] = (await client.conn.sendRequest(ChecklistRequest, {})).folders;
    assert.equal(statusOf(folder, 'endpoint-auth'), 'pass');
    assert.equal(folder.report?.endpoints[0].authBy, 'preflight: public comment');
  } finally {
    await client.stop();
    repo.remove();
  }
});
