// The language server holds the project model: a finding in one file that depends on another file (an AI
// call made in a helper module, a router prefix set where the router is mounted) appears and disappears when
// that other file is saved, changed on disk or deleted, and matches what `preflight lint` reports. Driven
// over the real protocol against the bundled server; the CLI runs as a process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  FileChangeType,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { EndpointsRequest } from '../../server/src/protocol';
import { CLI } from '../helpers/gitRepo';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';
import { AI_HELPER, MAIN, PLAIN_HELPER, ROUTES, type LintFinding } from '../helpers/aiRouteApp';

let ws: string;
const abs = (rel: string): string => join(ws, rel);
const write = (rel: string, text: string): void => {
  mkdirSync(join(abs(rel), '..'), { recursive: true });
  writeFileSync(abs(rel), text);
};

function lint(): LintFinding[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as LintFinding[];
}

const rateLimit = (items: Diagnostic[]): Diagnostic[] => items.filter((d) => d.code === 'rate-limit-missing');

describe('language server: the project model', () => {
  let c: TestClient;
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'preflight-lsp-model-'));
    write('app/__init__.py', '');
    write('app/main.py', MAIN);
    write('app/routes.py', ROUTES);
    write('app/helpers.py', PLAIN_HELPER);
    c = await startServer({ workspaceFolder: ws });
  });
  after(async () => {
    await c.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  const endpoints = () => c.conn.sendRequest(EndpointsRequest, {});
  const routesUri = (): string => fileUri(abs('app/routes.py'));
  const helpersUri = (): string => fileUri(abs('app/helpers.py'));

  /** Waits for the server to ask for fresh diagnostics after `act`, then pulls the routes file. */
  async function afterRefresh(act: () => Promise<void>): Promise<Diagnostic[]> {
    const refreshed = c.nextRefresh();
    await act();
    await refreshed;
    return c.pullItems(routesUri());
  }

  it('lists the endpoints with full paths over the protocol once the background build is done', async () => {
    await c.open(routesUri(), 'python', ROUTES);
    const res = await endpoints();
    assert.equal(res.folders.length, 1);
    const [e] = res.folders[0].endpoints;
    assert.deepEqual(
      { method: e.method, path: e.path, file: e.file, line: e.line, uri: e.uri, ai: e.ai },
      { method: 'POST', path: '/api/v1/chat/ask', file: 'app/routes.py', line: 7, uri: routesUri(), ai: undefined },
    );
    assert.deepEqual(rateLimit(await c.pullItems(routesUri())), [], 'the helper makes no AI call yet');
    assert.deepEqual(
      lint().filter((f) => f.ruleId === 'rate-limit-missing'),
      [],
    );
  });

  it('saving the helper with an AI call flips the finding on the route, with the message the CLI prints', async () => {
    await c.open(helpersUri(), 'python', PLAIN_HELPER);
    const items = await afterRefresh(async () => {
      await c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: helpersUri(), version: 2 },
        contentChanges: [{ text: AI_HELPER }],
      });
      write('app/helpers.py', AI_HELPER);
      await c.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: helpersUri() } });
    });
    const found = rateLimit(items);
    assert.equal(found.length, 1, JSON.stringify(items));
    assert.match(
      typeof found[0].message === 'string' ? found[0].message : found[0].message.value,
      /^POST \/api\/v1\/chat\/ask calls a paid AI API through ask_model \(app\/helpers\.py\)/,
    );
    const cli = lint().filter((f) => f.ruleId === 'rate-limit-missing');
    assert.deepEqual(
      cli.map((f) => ({ path: f.path, line: f.line, column: f.column, message: f.message })),
      [
        {
          path: 'app/routes.py',
          line: found[0].range.start.line + 1,
          column: found[0].range.start.character + 1,
          message: found[0].message,
        },
      ],
    );
  });

  it('a change on disk to the helper (reported as a watched file) clears it again', async () => {
    await c.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: helpersUri() } });
    const items = await afterRefresh(async () => {
      write('app/helpers.py', PLAIN_HELPER);
      await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: helpersUri(), type: FileChangeType.Changed }],
      });
    });
    assert.deepEqual(rateLimit(items), []);
  });

  it('a helper created and then deleted on disk is followed both ways', async () => {
    const created = await afterRefresh(async () => {
      write('app/helpers.py', AI_HELPER);
      await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: helpersUri(), type: FileChangeType.Created }],
      });
    });
    assert.equal(rateLimit(created).length, 1);
    const deleted = await afterRefresh(async () => {
      rmSync(abs('app/helpers.py'));
      await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: helpersUri(), type: FileChangeType.Deleted }],
      });
    });
    assert.deepEqual(rateLimit(deleted), []);
    const res = await endpoints();
    assert.equal(res.folders[0].endpoints[0].ai, undefined);
  });
});
