// e2e in a real VS Code: the Preflight activity-bar container opens and its checklist webview view renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, withScenario } from './harness';

interface Manifest {
  contributes: {
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string; type?: string }[]>;
  };
}

test('the Preflight activity-bar container opens its checklist view', async () => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
  const container = manifest.contributes.viewsContainers?.activitybar?.find((c) => c.id === 'preflight');
  assert.ok(container, 'package.json contributes no activity-bar container "preflight"');
  const view = manifest.contributes.views?.preflight?.find((v) => v.id === 'preflight.checklist');
  assert.ok(view, 'package.json contributes no view preflight.checklist in the preflight container');
  assert.equal(view.type, 'webview');
  await withScenario('sidebar', { git: true }, async ({ wb }) => {
    const frame = await wb.openSidebar(container.title);
    // The webview's own document has rendered something a person can read.
    const body = frame.locator('body');
    await body.waitFor();
    await frame.locator('body :is(h1,h2,h3,h4,button,li,summary,p)').first().waitFor({ timeout: 60_000 });
    const text = (await body.innerText()).trim();
    assert.ok(text.length > 0, 'the checklist view rendered no text');
    assert.deepEqual(await wb.errorNotifications(), []);
  });
});
