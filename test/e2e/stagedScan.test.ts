// e2e in a real VS Code: the staged-changes secret scan from the Source Control view's title button — a key
// staged with `git add` shows up masked in Problems and is unstaged from the result's quick fix; a key that is
// only in the working tree (the staged version is clean) is not reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { withScenario } from './harness';
import type { Workbench } from './workbench';
import { ALNUM } from '../helpers/fakeSecrets';

const LONG = 60_000;
const BUTTON = 'Scan Staged Changes'; // the command's title in package.json, which VS Code uses as the button's label
const STAGED_ROW = 'is staged for commit'; // in the staged scan's diagnostics only, not in the typing rule's

/** A GitHub-style personal access token, fresh for each run; the prefix is split so no token shape is committed. */
function fakeGithubToken(): string {
  let body = '';
  for (let i = 0; i < 36; i++) body += ALNUM[randomInt(ALNUM.length)];
  return `gh${'p_'}${body}`;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

const stagedPaths = (cwd: string): string[] => git(cwd, 'diff', '--cached', '--name-only').split('\n').filter(Boolean);

/**
 * Opens Source Control (Ctrl+Shift+G) and clicks Preflight's button in its title bar (there once git found the
 * repository).
 */
async function clickScanButton(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+G');
  const selector = `.action-item a.action-label[aria-label^="${BUTTON}"]`;
  // The view's header shows its title actions while the pointer is over it, as for a person.
  const header = page.locator(`.part.sidebar .pane-header:has(${selector})`).first();
  await header.waitFor({ timeout: LONG });
  await header.hover();
  const button = header.locator(selector);
  await button.waitFor({ state: 'visible' });
  await button.click();
}

/** Clears the notification toasts through the palette, so the next one waited for is the next scan's. */
async function clearNotifications(wb: Workbench): Promise<void> {
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
}

async function waitForToast(page: Page, text: string | RegExp): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text });
  await toast.first().waitFor({ timeout: LONG });
  return toast.first().innerText();
}

/**
 * Applies a quick fix from a Problems row's light bulb, the way a person does: the panel computes a row's fixes
 * when the pointer comes over the row (or its focus changes) and only once the file's editor model exists, then
 * enables the bulb; clicking it opens a menu of the fixes. Re-hovered (bounded) until the fix is listed.
 */
async function problemRowQuickFix(page: Page, row: Locator, title: string): Promise<void> {
  const bulb = row.locator('.action-label.markers-panel-action-quickfix:not(.disabled)');
  const item = page.locator('.monaco-menu .action-item .action-label', { hasText: title });
  for (let attempt = 0; ; attempt++) {
    await page.mouse.move(0, 0); // so that hovering the row is a fresh mouseover
    await row.hover();
    try {
      await bulb.waitFor({ timeout: 3000 });
      await bulb.click();
      await item.first().waitFor({ timeout: 3000 });
      break;
    } catch (err) {
      const shown = await page.locator('.monaco-menu .action-item .action-label').allInnerTexts();
      await page.keyboard.press('Escape');
      if (attempt >= 5)
        throw new Error(
          `the Problems row's light bulb never offered "${title}"; its menu showed ${JSON.stringify(shown)}: ` +
            `${(err as Error).message}`,
        );
    }
  }
  // A menu item listens for the mouse-up only from 100 ms after it renders (so the release of the click that opened
  // the menu cannot pick an item); a click sooner than a person could make one is dropped without a trace. So click
  // until the menu closes: a dropped click ran nothing, and a taken one closes the menu before its action runs.
  for (let click = 1; ; click++) {
    await item.first().click();
    try {
      await item.first().waitFor({ state: 'detached', timeout: 2000 });
      return;
    } catch (err) {
      if (click >= 5)
        throw new Error(
          `the quick-fix menu stayed open after ${click} clicks on "${title}": ${(err as Error).message}`,
        );
    }
  }
}

test('a key staged with git add is found from the Source Control button, masked, then unstaged', async () => {
  await withScenario('staged scan unstage', { git: true }, async ({ page, wb, workspace }) => {
    const token = fakeGithubToken();
    const rel = 'backend/deploy_settings.py';
    writeFileSync(join(workspace, rel), `# Deployment settings\nGITHUB_TOKEN = "${token}"\n`);
    git(workspace, 'add', '--', rel);
    assert.deepEqual(stagedPaths(workspace), [rel]);

    await clickScanButton(page);
    assert.match(
      await waitForToast(page, /secret in staged changes/),
      /Preflight: 1 secret in staged changes \(1 file\)/,
    );
    await wb.showProblems();
    const rows = await wb.waitForProblem((r) => r.includes(STAGED_ROW));
    const finding = rows.find((r) => r.includes(STAGED_ROW)) as string;
    assert.ok(finding.includes(`${token.slice(0, 4)}… (${token.length} chars)`), `masked value missing: ${finding}`);
    assert.match(finding, /line 2 of the staged version/);
    assert.match(finding, new RegExp(`\\[Ln 2, Col ${'GITHUB_TOKEN = "'.length + 1}\\]`));
    assert.ok(
      rows.some((r) => r.includes('deploy_settings.py') && r.includes('backend')),
      `no file row for ${rel}: ${JSON.stringify(rows)}`,
    );
    // Nothing on screen (the file is not open yet) shows the whole key: notifications, Problems, Source Control.
    const pageText = await page.evaluate(() => document.body.textContent ?? '');
    assert.ok(!pageText.includes(token), 'the raw token appears in the workbench');
    assert.ok(!pageText.includes(token.slice(4)), "the token's secret part appears in the workbench");

    // Clicking the row opens the file at the finding; the row's light bulb then lists the result's actions.
    const row = (await wb.showProblems()).locator('.monaco-list-row', { hasText: STAGED_ROW }).first();
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'deploy_settings.py' }).waitFor({ timeout: LONG });
    await problemRowQuickFix(page, row, `Unstage ${rel}`);
    await waitForToast(page, `Unstaged ${rel}`);
    await waitForToast(page, /no secrets in staged changes \(0 files scanned\)/); // unstaging re-runs the scan

    // The index no longer holds the file (the working copy keeps it), and the re-scan dropped the finding.
    assert.deepEqual(stagedPaths(workspace), []);
    assert.match(git(workspace, 'status', '--porcelain', '--', rel), /^\?\? /);
    assert.ok(readFileSync(join(workspace, rel), 'utf8').includes(token), 'unstaging must keep the working copy');
    await wb.waitForProblem((r) => r.includes(STAGED_ROW), true);

    // Pressing the button again confirms it: nothing staged, nothing found.
    await clearNotifications(wb);
    await clickScanButton(page);
    assert.match(await waitForToast(page, /no secrets in staged changes/), /\(0 files scanned\)/);
    assert.deepEqual(
      (await wb.problemRows()).filter((r) => r.includes(STAGED_ROW)),
      [],
    );
    assert.deepEqual(await wb.errorNotifications(), []);
  });
});

test('a key only in the working tree (the staged version is clean) is not reported by the staged scan', async () => {
  await withScenario('staged scan working tree only', { git: true }, async ({ page, wb, workspace }) => {
    const rel = 'backend/notify.py';
    const file = join(workspace, rel);
    writeFileSync(file, 'import os\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
    git(workspace, 'add', '--', rel);
    const token = fakeGithubToken();
    writeFileSync(file, `import os\n\nGITHUB_TOKEN = "${token}"\n`);
    assert.deepEqual(stagedPaths(workspace), [rel]);
    assert.match(git(workspace, 'diff', '--', rel), /GITHUB_TOKEN = "gh/, 'the key must be in the unstaged changes');

    await clickScanButton(page);
    assert.match(
      await waitForToast(page, /no secrets in staged changes/),
      /Preflight: no secrets in staged changes \(1 file scanned\)/,
    );
    await wb.showProblems();
    assert.deepEqual(
      (await wb.problemRows()).filter((r) => r.includes(STAGED_ROW)),
      [],
    );
    assert.deepEqual(await wb.errorNotifications(), []);
    assert.ok(
      !(await page.evaluate(() => document.body.textContent ?? '')).includes(token),
      'the raw token appears in the workbench',
    );
  });
});
