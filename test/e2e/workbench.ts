// Drives the VS Code 1.139 web workbench the way a person does (keyboard, palette, Problems panel, Ctrl+.),
// waiting on the elements that prove each step happened, never on fixed sleeps.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const LONG = 60_000; // first diagnostics include extension activation and the server's parser start-up
const SQUIGGLES = '.squiggly-error, .squiggly-warning, .squiggly-info';

export class Workbench {
  constructor(
    readonly page: Page,
    readonly workspace: string,
  ) {}

  /** Opens the workbench and waits for the explorer to list the workspace. */
  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: LONG });
  }

  /** Quick Open (Ctrl+P) by workspace-relative path; resolves when its editor tab is active. */
  async openFile(relPath: string): Promise<void> {
    const name = relPath.split('/').pop() as string;
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relPath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.editor().locator('.view-lines').waitFor();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Waits until the active editor's visible lines contain `snippet` (Monaco renders spaces as U+00A0). */
  async waitForEditorText(snippet: string, present = true): Promise<void> {
    await this.page.waitForFunction(
      ({ text, want }) => {
        const lines = document.querySelector('.part.editor .editor-group-container.active .monaco-editor .view-lines');
        const shown = (lines?.textContent ?? '').replace(/\u00a0/g, ' ');
        return shown.includes(text) === want;
      },
      { text: snippet, want: present },
      { timeout: LONG },
    );
  }

  /** Moves the cursor (Ctrl+G) to a 1-based line and column and gives the editor focus. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Waits until at least `min` squiggles are drawn in the active editor; returns how many. */
  async waitForSquiggles(min = 1): Promise<number> {
    const squiggles = this.editor().locator(SQUIGGLES);
    const sel = `.part.editor .monaco-editor :is(${SQUIGGLES})`;
    await this.page.waitForFunction(
      ({ s, n }) => document.querySelectorAll(s).length >= n,
      { s: sel, n: min },
      { timeout: LONG },
    );
    return squiggles.count();
  }

  /** Shows the Problems panel (Ctrl+Shift+M toggles, so only when it is not already shown). */
  async showProblems(): Promise<Locator> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
    return panel;
  }

  /** Texts of the Problems panel's rows (file rows and marker rows), as rendered. */
  async problemRows(): Promise<string[]> {
    const panel = await this.showProblems();
    return panel.locator('.monaco-list-row').allInnerTexts();
  }

  /** Waits until some Problems row satisfies `pred` (or, with `absent`, until none does); returns the rows. */
  async waitForProblem(pred: (row: string) => boolean, absent = false, timeout = LONG): Promise<string[]> {
    return this.waitForProblems(
      (rows) => rows.some(pred) !== absent,
      `${absent ? 'still shows' : 'never showed'} the expected row`,
      timeout,
    );
  }

  /** Waits until the Problems rows as a whole satisfy `pred`; returns them. */
  async waitForProblems(
    pred: (rows: string[]) => boolean,
    what = 'never showed the expected rows',
    timeout = LONG,
  ): Promise<string[]> {
    await this.showProblems();
    const deadline = Date.now() + timeout;
    for (;;) {
      const rows = await this.problemRows();
      if (pred(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`Problems panel ${what}; rows: ${JSON.stringify(rows)}`);
      await this.page.waitForTimeout(200); // bounded poll: the panel re-renders as diagnostics arrive
    }
  }

  /**
   * Opens the Quick Fix menu (Ctrl+.) at the cursor (place it with goTo first: that also focuses the editor)
   * and applies the action titled `title`. The first press
   * after a file opens can show nothing while code actions are still being computed, so it retries briefly.
   */
  async quickFix(title: string | RegExp): Promise<void> {
    const row = this.page.locator('.action-widget .monaco-list-row.action', { hasText: title });
    for (let attempt = 0; ; attempt++) {
      await this.page.keyboard.press('Control+.');
      try {
        await row.first().waitFor({ timeout: 3000 });
        break;
      } catch (err) {
        const shown = await this.page.locator('.action-widget .monaco-list-row.action').allInnerTexts();
        await this.page.keyboard.press('Escape');
        if (attempt >= 5)
          throw new Error(
            `Quick Fix "${title}" not offered; menu showed ${JSON.stringify(shown)}: ${(err as Error).message}`,
          );
      }
    }
    await row.first().click();
    await this.page.locator('.action-widget .monaco-list-row.action').first().waitFor({ state: 'hidden' });
  }

  /** Ctrl+S and wait until the active tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** The labels the command palette lists for a query. */
  async paletteEntries(query: string): Promise<string[]> {
    await this.openPalette(query);
    const labels = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await this.page.keyboard.press('Escape');
    return labels.map((l) => l.trim());
  }

  private async openPalette(query: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${query}`);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  }

  /** Runs a command by its full palette label ("Category: Title"); resolves once the palette has closed. */
  async runCommand(label: string): Promise<void> {
    await this.openPalette(label);
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const labels = (await rows.locator('.label-name').allInnerTexts()).map((l) => l.trim());
    const index = labels.indexOf(label);
    if (index < 0) throw new Error(`command "${label}" not in the palette; it lists ${JSON.stringify(labels)}`);
    await rows.nth(index).click();
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
  }

  /** Texts of the error notifications currently shown. */
  async errorNotifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast:has(.codicon-error)').allInnerTexts();
  }

  /** Clicks the activity-bar container titled `title` and returns its webview's content frame. */
  async openSidebar(title: string): Promise<FrameLocator> {
    const button = this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`);
    await button.waitFor({ timeout: LONG });
    await button.click();
    await this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(title, 'i') }).waitFor();
    // Webviews are drawn in an overlay above the part, not inside it; this scenario shows one webview at a time.
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }
}
