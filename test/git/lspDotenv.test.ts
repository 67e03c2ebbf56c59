// A secret in `.env` is fine when git ignores `.env` and reported (with the reason) when it does not:
// the language server answers "is it ignored?" from the real .gitignore, re-read after it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileUri, startServer } from '../helpers/lspClient';
import { fakeGithubToken, tempRepo } from '../helpers/gitRepo';

test('.env secrets: reported while .env is not git-ignored, silent once it is', async () => {
  const repo = tempRepo();
  const client = await startServer({ workspaceFolder: repo.dir });
  try {
    const text = `GITHUB_TOKEN=${fakeGithubToken()}\n`;
    repo.write('.env', text);
    repo.write('.gitignore', 'node_modules/\n');
    const uri = fileUri(join(repo.dir, '.env'));
    await client.open(uri, 'dotenv', text);
    const before = (await client.pullItems(uri)).filter((d) => d.code === 'hardcoded-secret');
    assert.equal(before.length, 1);
    const message = before[0].message;
    assert.equal(typeof message, 'string');
    assert.match(message as string, /not git-ignored/);

    repo.write('.gitignore', 'node_modules/\n.env\n');
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `${text}# touched\n` }],
    });
    assert.deepEqual(
      (await client.pullItems(uri)).filter((d) => d.code === 'hardcoded-secret'),
      [],
    );
  } finally {
    await client.stop();
    repo.remove();
  }
});

test('a .env that git tracks is reported by lint and the editor even when .gitignore lists it', async () => {
  const repo = tempRepo();
  const text = `GITHUB_TOKEN=${fakeGithubToken()}\n`;
  repo.write('.env', text);
  repo.git('add', '.env');
  repo.git('commit', '-qm', 'env committed');
  repo.write('.gitignore', '.env\n');
  const lint = repo.cli(['lint', '.', '--format', 'json']);
  const found = (JSON.parse(lint.stdout) as { path: string; ruleId: string }[]).filter(
    (f) => f.ruleId === 'hardcoded-secret',
  );
  assert.deepEqual(
    found.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)),
    ['.env'],
    lint.stderr,
  );
  const client = await startServer({ workspaceFolder: repo.dir });
  try {
    const uri = fileUri(join(repo.dir, '.env'));
    await client.open(uri, 'dotenv', text);
    assert.equal((await client.pullItems(uri)).filter((d) => d.code === 'hardcoded-secret').length, 1);
  } finally {
    await client.stop();
    repo.remove();
  }
});
