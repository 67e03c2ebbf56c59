// File-watcher events for code the workspace walk leaves out (installed dependencies, virtual environments,
// build output, vendored copies, gitignored folders) are never read and rebuild nothing: neither the project
// model (no endpoints re-published, their routes never appear) nor the checklist (no evaluation starts). The
// same kind of event for a source file does both, in the same session. Driven over the real protocol
// (workspace/didChangeWatchedFiles) against the bundled server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent } from 'vscode-languageserver-protocol/node';
import {
  ChecklistChangedNotification,
  ChecklistRequest,
  EndpointsChangedNotification,
  EndpointsRequest,
} from '../../server/src/protocol';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';
import { MAIN, ROUTES, PLAIN_HELPER } from '../helpers/aiRouteApp';

/** A route that would show in the inventory if its file were read. */
const EXPRESS_ROUTE = `const express = require('express');
const app = express();
app.post('/vendored-route', (req, res) => res.send('x'));
module.exports = app;
`;
const FASTAPI_ROUTE = `from fastapi import FastAPI
app = FastAPI()


@app.get("/vendored-route")
def hidden():
    return {}
`;

/** Paths below the workspace that the walk skips, each for its own reason. */
const SKIPPED: Record<string, string> = {
  'node_modules/some-lib/server.js': EXPRESS_ROUTE,
  'web/node_modules/.pnpm/x/index.js': EXPRESS_ROUTE,
  'venv/lib/python3.12/site-packages/pkg/app.py': FASTAPI_ROUTE,
  'dist/server.js': EXPRESS_ROUTE,
  'static/lib/copied.js': EXPRESS_ROUTE, // a library folder inside served assets: a vendored copy
  'tools/py311/pyvenv.cfg': 'home = /usr/bin\n', // any folder holding pyvenv.cfg is a virtual environment
  'tools/py311/lib/app.py': FASTAPI_ROUTE,
  'generated/api.py': FASTAPI_ROUTE, // listed in .gitignore
};

describe('language server: watched-file events under skipped folders', { timeout: 60_000 }, () => {
  let ws: string;
  let c: TestClient;
  const abs = (rel: string): string => join(ws, rel);
  const write = (rel: string, text: string): void => {
    mkdirSync(join(abs(rel), '..'), { recursive: true });
    writeFileSync(abs(rel), text);
  };
  const paths = async (): Promise<string[]> =>
    (await c.conn.sendRequest(EndpointsRequest, {})).folders.flatMap((f) =>
      f.endpoints.map((e) => `${e.method} ${e.path}`),
    );

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'preflight-lsp-watched-skips-'));
    write('.gitignore', 'generated/\n');
    write('app/__init__.py', '');
    write('app/main.py', MAIN);
    write('app/routes.py', ROUTES);
    write('app/helpers.py', PLAIN_HELPER);
    c = await startServer({ workspaceFolder: ws });
    // The first checklist evaluation and model build are done once the checklist answers.
    await c.conn.sendRequest(ChecklistRequest, {});
  });
  after(async () => {
    await c.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('neither reads them nor rebuilds the model or the checklist', async () => {
    assert.deepEqual(await paths(), ['POST /api/v1/chat/ask']);
    // One handler per notification method (a connection keeps only the last one registered).
    let evaluations = 0;
    let republished = 0;
    let evaluated: () => void = () => undefined;
    const subs = [
      c.conn.onNotification(ChecklistChangedNotification, (p) => {
        if (p.busy) evaluations++;
        else if (evaluations) evaluated();
      }),
      c.conn.onNotification(EndpointsChangedNotification, () => {
        republished++;
      }),
    ];
    for (const [rel, text] of Object.entries(SKIPPED)) write(rel, text);
    const changes: FileEvent[] = Object.keys(SKIPPED).map((rel) => ({
      uri: fileUri(abs(rel)),
      type: FileChangeType.Created,
    }));
    changes.push({ uri: fileUri(abs('node_modules/some-lib/gone.js')), type: FileChangeType.Deleted });
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    // Longer than the checklist's debounce (400 ms) and the model's settle time (50 ms) together.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(evaluations, 0, 'no checklist evaluation started');
    assert.equal(republished, 0, 'no endpoints re-published');
    assert.deepEqual(await paths(), ['POST /api/v1/chat/ask']);

    // The same event for a source file is followed: the route appears and the checklist runs again.
    write('app/extra.py', FASTAPI_ROUTE.replace('/vendored-route', '/extra'));
    const done = new Promise<void>((resolve) => (evaluated = resolve));
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(abs('app/extra.py')), type: FileChangeType.Created }],
    });
    await done;
    for (const s of subs) s.dispose();
    assert.equal(evaluations, 1);
    assert.ok(republished >= 1);
    assert.deepEqual((await paths()).sort(), ['GET /extra', 'POST /api/v1/chat/ask']);
  });
});
