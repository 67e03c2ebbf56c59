// The language server reads the model's call-site facts as `preflight lint` does: once the workspace worker has
// built the model, a helper whose parameter every caller (in other modules) passes a constant to is no longer
// reported by xss-sink in the open helper module, and the helpers with a dynamic or unknown caller still are.
// Driven over the real protocol against the bundled server.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { EndpointsRequest } from '../../server/src/protocol';
import { BANNER_FLAGGED, CONSTANTS_APP } from '../helpers/constantsApp';
import { fileUri, startServer, type TestClient } from '../helpers/lspClient';

const xssLines = (items: Diagnostic[]): number[] =>
  items.filter((d) => d.code === 'xss-sink').map((d) => d.range.start.line + 1);

describe('language server: constant-only parameters from the project model', () => {
  let c: TestClient;
  let ws: string;
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'preflight-lsp-constants-'));
    cpSync(CONSTANTS_APP, ws, { recursive: true });
    c = await startServer({ workspaceFolder: ws });
  });
  after(async () => {
    await c.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  // The timeout only ends a run whose facts never arrive (no refresh would come); nothing is timed.
  it('reports only the helpers some caller may pass user data to, as lint does', { timeout: 120_000 }, async () => {
    const uri = fileUri(join(ws, 'ui', 'banner.py'));
    await c.open(uri, 'python', readFileSync(join(ws, 'ui', 'banner.py'), 'utf8'));
    await c.conn.sendRequest(EndpointsRequest, {}); // answered once the model is built
    let lines = xssLines(await c.pullItems(uri));
    // The facts reach the server's thread after the build: each arrival asks the client to pull again.
    for (let round = 0; round < 5 && lines.length !== BANNER_FLAGGED.length; round++) {
      await c.nextRefresh();
      lines = xssLines(await c.pullItems(uri));
    }
    assert.deepEqual(lines, BANNER_FLAGGED);
  });
});
