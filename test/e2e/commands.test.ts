// e2e in a real VS Code: every command package.json contributes is in the command palette and runs without an
// error notification (a command that is not registered shows "command ... not found" as an error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, withScenario } from './harness';

interface Manifest {
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
const hidden = new Set(
  (manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
);
const commands = (manifest.contributes.commands ?? []).filter((c) => !hidden.has(c.command));
const label = (c: { title: string; category?: string }): string => (c.category ? `${c.category}: ${c.title}` : c.title);

test('every contributed command is in the palette and runs without an error notification', async () => {
  assert.ok(commands.length > 0, 'package.json contributes no commands');
  await withScenario('commands', { git: true }, async ({ wb, page }) => {
    // An editor with findings, so editor commands (fix all, ...) have something to act on.
    await wb.openFile('backend/main.py');
    await wb.waitForSquiggles();
    const listed = await wb.paletteEntries('Preflight');
    for (const c of commands)
      assert.ok(
        listed.includes(label(c)),
        `"${label(c)}" (${c.command}) is missing from the palette; it lists ${JSON.stringify(listed)}`,
      );
    for (const c of commands) {
      await wb.runCommand(label(c));
      // A command may ask for input (a reason, a choice) or confirm in a dialog: cancel, as a person would.
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
      if (await page.locator('.monaco-dialog-box').isVisible()) await page.keyboard.press('Escape');
      // Nothing to wait on for "no error appeared": watch for one for a bounded moment.
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline) {
        const errors = await wb.errorNotifications();
        assert.deepEqual(errors, [], `running "${label(c)}" showed an error`);
        await page.waitForTimeout(200);
      }
    }
  });
});
