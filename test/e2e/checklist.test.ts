// e2e in a real VS Code: the checklist sidebar on the demo project — failing items with evidence, a Fix
// button that changes the workspace and turns its item green, and a tick that survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { withScenario } from './harness';

const LONG = 90_000;

const item = (frame: FrameLocator, id: string, status?: string) =>
  frame.locator(`[data-item="${id}"]${status ? `[data-status="${status}"]` : ''}`);

async function expand(frame: FrameLocator, id: string): Promise<void> {
  const head = item(frame, id).locator(':scope > .disclosure-head');
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
}

async function waitForFile(path: string, pred: (text: string) => boolean, timeout = 30_000): Promise<string> {
  const end = Date.now() + timeout;
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (pred(text)) return text;
    if (Date.now() > end) throw new Error(`${path} never reached the expected content; it holds:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the checklist sidebar shows the demo failures; a Fix turns an item green; a tick survives reload', async () => {
  await withScenario('checklist', { git: true }, async ({ wb, page, workspace }) => {
    let frame = await wb.openSidebar('Preflight');
    await item(frame, 'gitignore-secrets', 'fail').waitFor({ timeout: LONG });
    await item(frame, 'env-example-complete', 'fail').waitFor();
    await item(frame, 'endpoint-auth', 'fail').waitFor();
    assert.deepEqual(
      await frame.locator('[data-phase]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.phase)),
      ['before-coding', 'every-endpoint', 'before-commit', 'before-deploy'],
    );

    // Evidence is listed with clickable locations.
    await expand(frame, 'env-example-complete');
    const evidence = item(frame, 'env-example-complete').locator('.evidence li.problem');
    await evidence.first().waitFor();
    assert.match(await evidence.first().innerText(), /is read here.*missing from \.env\.example/s);
    assert.match(await evidence.first().locator('button.link').innerText(), /\.(py|js|ts):\d+$/);

    // The Fix button writes .gitignore and the item passes.
    await expand(frame, 'gitignore-secrets');
    await item(frame, 'gitignore-secrets')
      .getByRole('button', { name: /Add the missing patterns to \.gitignore/ })
      .click();
    await item(frame, 'gitignore-secrets', 'pass').waitFor({ timeout: LONG });
    const gitignore = readFileSync(join(workspace, '.gitignore'), 'utf8');
    assert.match(gitignore, /^\.env$/m);
    assert.match(gitignore, /^!\.env\.example$/m);

    // A manual item ticked by hand is stored in .preflight/checklist.json ...
    await expand(frame, 'accounts-mfa');
    await item(frame, 'accounts-mfa').getByRole('button', { name: 'Tick' }).click();
    await item(frame, 'accounts-mfa', 'ticked').waitFor({ timeout: LONG });
    const state = JSON.parse(
      await waitForFile(join(workspace, '.preflight', 'checklist.json'), (t) => t.includes('accounts-mfa')),
    );
    assert.equal(state.items['accounts-mfa'].status, 'ticked');

    // ... and is still ticked after the window reloads.
    await page.reload();
    frame = await wb.openSidebar('Preflight');
    await item(frame, 'accounts-mfa', 'ticked').waitFor({ timeout: LONG });
    await item(frame, 'gitignore-secrets', 'pass').waitFor();
    assert.deepEqual(await wb.errorNotifications(), []);
  });
});
