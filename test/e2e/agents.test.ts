// e2e in a real VS Code: the language-model tools are registered with the editor, and the first-run walkthrough
// is offered with its four steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, withScenario } from './harness';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  contributes: {
    languageModelTools: { name: string }[];
    walkthroughs: { title: string; steps: { title: string }[] }[];
  };
};

test('the language-model tools are registered and the walkthrough lists its four steps', async () => {
  await withScenario('agents', { git: true }, async ({ wb, page }) => {
    await wb.openFile('backend/main.py');
    await wb.waitForSquiggles();
    const expected = manifest.contributes.languageModelTools.map((t) => t.name).sort();
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    const listed = output.filter({ hasText: 'Preflight agent tools registered:' });
    // Once more if no output panel came: right after a cold start the palette can drop the first command.
    for (let attempt = 0; ; attempt++) {
      await wb.runCommand('Preflight: Show Agent Tools');
      try {
        await listed.waitFor({ timeout: 20_000 });
        break;
      } catch (error) {
        if (attempt === 1) throw error;
      }
    }
    const text = (await output.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`Preflight agent tools registered: ${expected.join(', ')}`), text);

    const walkthrough = manifest.contributes.walkthroughs[0];
    await wb.runCommand('Welcome: Open Walkthrough...');
    const input = page.locator('.quick-input-widget input');
    await input.fill(walkthrough.title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: walkthrough.title });
    await row.first().waitFor({ timeout: 30_000 });
    await row.first().click();
    for (const step of walkthrough.steps)
      await page.locator('.gettingStartedContainer', { hasText: step.title }).first().waitFor({ timeout: 30_000 });
    assert.equal(walkthrough.steps.length, 4);
  });
});
