// The checklist and the editor read one project model per workspace folder: the checklist's rate-limit item
// counts an AI call made in a helper module exactly as lint and the editor report it, follows the helper
// when it changes on disk, and a settings change that chooses other files (`preflight.exclude`) or other
// public paths builds the model again and re-publishes endpoints, findings and the checklist. Driven over the
// real protocol against the bundled server; the CLI runs as a process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import {
  ChecklistChangedNotification,
  ChecklistRequest,
  EndpointsChangedNotification,
  EndpointsRequest,
  type ChecklistFolderDto,
} from '../../server/src/protocol';
import { CLI } from '../helpers/gitRepo';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';
import { AI_HELPER, MAIN, PLAIN_HELPER, ROUTES, type LintFinding } from '../helpers/aiRouteApp';

let ws: string;
const abs = (rel: string): string => join(ws, rel);
const write = (rel: string, text: string): void => {
  mkdirSync(join(abs(rel), '..'), { recursive: true });
  writeFileSync(abs(rel), text);
};

function lintRateLimit(...extra: string[]): string[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--format', 'json', ...extra], {
    cwd: ws,
    encoding: 'utf8',
  });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as LintFinding[])
    .filter((f) => f.ruleId === 'rate-limit-missing')
    .map((f) => `${f.path}:${f.line} ${f.message}`);
}

/** What the checklist's rate-limit item lists, as `file:line message` (notes left out). */
function checklistRateLimit(folder: ChecklistFolderDto): { status: string; found: string[] } {
  const item = folder.report?.items.find((i) => i.id === 'rate-limits');
  assert.ok(item, folder.error);
  return {
    status: item.status,
    found: item.evidence
      .filter((e) => e.path && e.level === 'problem')
      .map((e) => `${e.path}:${e.line} ${e.message.replace(/^rate-limit-missing: /, '')}`),
  };
}

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server: the checklist reads the project model the editor reads', { timeout: 120_000 }, () => {
  let c: TestClient;
  let settings: Record<string, unknown> = {};
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'preflight-lsp-checklist-model-'));
    write('app/__init__.py', '');
    write('app/main.py', MAIN);
    write('app/routes.py', ROUTES);
    write('app/helpers.py', AI_HELPER);
    c = await startServer({ workspaceFolder: ws, settings: () => settings });
  });
  after(async () => {
    await c.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  const routesUri = (): string => fileUri(abs('app/routes.py'));
  const checklist = async (): Promise<ChecklistFolderDto> =>
    (await c.conn.sendRequest(ChecklistRequest, {})).folders[0];
  /** Resolves when an evaluation of the checklist that starts after this call has ended. */
  const nextEvaluation = (): Promise<void> => {
    let started = false;
    return new Promise((resolve) => {
      const sub = c.conn.onNotification(ChecklistChangedNotification, (p) => {
        if (p.busy) started = true;
        else if (started) {
          sub.dispose();
          resolve();
        }
      });
    });
  };
  const nextEndpoints = (): Promise<void> =>
    new Promise((resolve) => {
      const sub = c.conn.onNotification(EndpointsChangedNotification, () => {
        sub.dispose();
        resolve();
      });
    });
  const editorRateLimit = async (): Promise<string[]> =>
    (await c.pullItems(routesUri()))
      .filter((d) => d.code === 'rate-limit-missing')
      .map((d) => `app/routes.py:${d.range.start.line + 1} ${messageOf(d)}`);

  it('fails rate-limits on the route whose helper calls the AI API, with the lint and editor finding', async () => {
    await c.open(routesUri(), 'python', ROUTES);
    const folder = await checklist();
    const lint = lintRateLimit();
    assert.equal(lint.length, 1);
    assert.match(lint[0], /^app\/routes\.py:7 POST \/api\/v1\/chat\/ask calls a paid AI API through ask_model/);
    assert.deepEqual(checklistRateLimit(folder), { status: 'fail', found: lint });
    assert.deepEqual(await editorRateLimit(), lint);
    assert.deepEqual(
      folder.report?.endpoints.map((e) => `${e.method} ${e.path}`),
      ['POST /api/v1/chat/ask'],
    );
  });

  it('passes once the helper no longer calls it (a change on disk, one model for both)', async () => {
    const evaluated = nextEvaluation();
    write('app/helpers.py', PLAIN_HELPER);
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(abs('app/helpers.py')), type: FileChangeType.Changed }],
    });
    await evaluated;
    assert.deepEqual(checklistRateLimit(await checklist()), { status: 'pass', found: [] });
    assert.deepEqual(lintRateLimit(), []);
    write('app/helpers.py', AI_HELPER);
    const again = nextEvaluation();
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(abs('app/helpers.py')), type: FileChangeType.Changed }],
    });
    await again;
    assert.equal(checklistRateLimit(await checklist()).status, 'fail');
  });

  it('excluding the helper in settings rebuilds the model; the finding goes everywhere, as lint does', async () => {
    const republished = nextEndpoints();
    const evaluated = nextEvaluation();
    settings = { exclude: ['app/helpers.py'] };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await Promise.all([republished, evaluated]);
    const [e] = (await c.conn.sendRequest(EndpointsRequest, {})).folders[0].endpoints;
    assert.deepEqual({ path: e.path, ai: e.ai }, { path: '/api/v1/chat/ask', ai: undefined });
    assert.deepEqual(lintRateLimit('--exclude', 'app/helpers.py'), []);
    assert.deepEqual(await editorRateLimit(), []);
    assert.deepEqual(checklistRateLimit(await checklist()), { status: 'pass', found: [] });

    const back = nextEvaluation();
    settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await back;
    const lint = lintRateLimit();
    assert.equal(lint.length, 1);
    assert.deepEqual(checklistRateLimit(await checklist()), { status: 'fail', found: lint });
    assert.deepEqual(await editorRateLimit(), lint);
  });

  it('a new publicEndpoints setting re-publishes the endpoints with the reason', async () => {
    const republished = nextEndpoints();
    settings = { publicEndpoints: ['/api/v1/chat/*'] };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await republished;
    const [e] = (await c.conn.sendRequest(EndpointsRequest, {})).folders[0].endpoints;
    assert.equal(e.auth, 'public');
    assert.match(e.authBy ?? '', /publicEndpoints/);
  });
});
