// e2e in a real VS Code with workspace trust on and the folder untrusted (Restricted Mode): the extension
// still runs (limited support), open files get their diagnostics, and the checklist says what is off and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withScenario } from './harness';

test('Restricted Mode: diagnostics still appear and the checklist names what is off', async () => {
  await withScenario('restricted mode', { git: true, untrusted: true }, async ({ wb }) => {
    await wb.openFile('backend/main.py');
    assert.ok((await wb.waitForSquiggles()) >= 1, 'read-only linting runs in an untrusted folder');
    const frame = await wb.openSidebar('Preflight');
    const note = frame.locator('p.warning', { hasText: 'Restricted Mode: this folder is not trusted' });
    await note.waitFor({ timeout: 120_000 });
    assert.match(
      await note.innerText(),
      /runs no programs here: git state \(tracked files, the hook, staged and history scans\) and the dependency audit are off, while open files are still checked/,
    );
  });
});
