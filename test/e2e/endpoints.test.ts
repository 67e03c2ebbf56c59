// e2e in a real VS Code: the Preflight sidebar's Endpoints view lists the demo project's endpoints (the same
// inventory `preflight endpoints` prints, from the language server's project model) with their flags, and a
// click opens the handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { EndpointsJson } from '../../server/src/cli/endpoints';
import { CLI } from '../helpers/gitRepo';
import { REPO, withScenario } from './harness';

const DEMO = join(REPO, 'test', 'fixtures', 'demo-app');

test('the Endpoints view lists the demo project endpoints with their flags and opens a handler on click', async () => {
  const run = spawnSync(process.execPath, [CLI, 'endpoints', '.', '--format', 'json'], { cwd: DEMO, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const expected = (JSON.parse(run.stdout) as EndpointsJson).endpoints.map((e) => `${e.method} ${e.path}`);
  assert.ok(expected.includes('POST /api/chat') && expected.includes('GET /debug/env'), expected.join(', '));

  await withScenario('endpoints-view', { git: true }, async ({ page, wb }) => {
    await wb.openSidebar('Preflight');
    const pane = page.locator('.part.sidebar .pane', {
      has: page.locator('.pane-header', { hasText: /endpoints/i }),
    });
    const header = pane.locator('.pane-header');
    await header.waitFor({ timeout: 60_000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const rows = pane.locator('.monaco-list-row');
    // Rows appear once the server's background build of the model is done.
    await rows.nth(expected.length - 1).waitFor({ timeout: 90_000 });
    const labels = await pane.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.deepEqual([...labels].sort(), [...expected].sort());

    const chat = pane.locator('.monaco-list-row', { hasText: 'POST /api/chat' });
    assert.equal((await chat.locator('.label-description').innerText()).trim(), 'no auth · no limit · AI');
    const health = pane.locator('.monaco-list-row', { hasText: 'GET /health' });
    assert.equal((await health.locator('.label-description').innerText()).trim(), 'public · no limit');

    await pane.locator('.monaco-list-row', { hasText: 'GET /debug/env' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'main.py' }).waitFor({ timeout: 60_000 });
    await wb.waitForEditorText('def debug_env():');
    assert.deepEqual(await wb.errorNotifications(), []);
  });
});
