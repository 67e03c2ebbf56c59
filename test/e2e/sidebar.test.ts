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

test('the sidebar names the detected stack and marks web-server items not applicable for a Streamlit app', async () => {
  await withScenario(
    'sidebar-stacks',
    { git: true, fixture: join(REPO, 'test', 'fixtures', 'stacks', 'streamlit-app') },
    async ({ wb }) => {
      const frame = await wb.openSidebar('Preflight');
      const stacks = frame.locator('.stacks-summary');
      await stacks.waitFor({ timeout: 90_000 });
      assert.equal((await stacks.innerText()).trim(), 'Streamlit app');
      for (const id of ['security-headers', 'endpoint-auth', 'cors-restricted'])
        await frame.locator(`[data-item="${id}"][data-status="not-applicable"]`).waitFor({ timeout: 90_000 });
      const row = frame.locator('[data-item="security-headers"]');
      await row.locator(':scope > .disclosure-head').click();
      assert.match(
        await row.locator('p.summary').innerText(),
        /^Not applicable: no web server in this workspace \(Streamlit app\)\.$/,
      );
      // The progress counts only the items that apply.
      assert.match(await frame.locator('.progress-text').innerText(), /^\d+ of 20 done · \d+ failing$/);
      assert.deepEqual(await wb.errorNotifications(), []);
    },
  );
});
