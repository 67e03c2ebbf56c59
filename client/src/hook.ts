// Pre-commit hook commands and the status bar item that shows whether the hook is installed (click = install).
import * as vscode from 'vscode';
import { HookRequest, type HookStatusDto } from '../../server/src/protocol';
import type { CommandContext } from './commands';
import { folderUris } from './folders';

let item: vscode.StatusBarItem | undefined;

function render(repos: readonly HookStatusDto[]): void {
  if (!item) return;
  const usable = repos.filter((r) => !r.error);
  if (!usable.length) {
    item.hide();
    return;
  }
  const missing = usable.filter((r) => !r.installed || r.stale);
  item.text = missing.length ? '$(shield) Hook off' : '$(shield) Hook on';
  item.tooltip =
    `Preflight pre-commit secret scan:\n` +
    `${usable.map((r) => `${r.root}: ${r.message}`).join('\n')}${missing.length ? '\nClick to install.' : ''}`;
  item.command = missing.length ? 'preflight.installHook' : 'preflight.scanStaged';
  item.backgroundColor = missing.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  item.show();
}

async function refreshHookStatus(ctx: CommandContext): Promise<HookStatusDto[]> {
  const folders = folderUris();
  if (!folders.length) {
    item?.hide();
    return [];
  }
  try {
    const { repos } = await ctx.client().sendRequest(HookRequest, { folderUris: folders, action: 'status' });
    render(repos);
    return repos;
  } catch (error) {
    ctx.output.appendLine(`Preflight: hook status failed: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** Creates the status bar item; refreshes it now, when folders change and when the window regains focus. */
export function registerHookStatus(ctx: CommandContext): void {
  item = vscode.window.createStatusBarItem('preflight.hook', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Preflight pre-commit hook';
  ctx.extension.subscriptions.push(
    item,
    vscode.workspace.onDidChangeWorkspaceFolders(() => void refreshHookStatus(ctx)),
    vscode.window.onDidChangeWindowState((s) => {
      if (s.focused) void refreshHookStatus(ctx);
    }),
  );
  void refreshHookStatus(ctx);
}

async function change(ctx: CommandContext, action: 'install' | 'uninstall'): Promise<void> {
  const folders = folderUris();
  if (!folders.length) {
    void vscode.window.showInformationMessage('Preflight: open a folder inside a git repository first.');
    return;
  }
  const { repos } = await ctx.client().sendRequest(HookRequest, { folderUris: folders, action });
  for (const r of repos) {
    const text = `Preflight: hook ${r.message}`;
    if (r.error) void vscode.window.showErrorMessage(text);
    else if (r.mode === 'pre-commit-framework' && !r.installed)
      void vscode.window.showWarningMessage(text, { modal: true });
    else void vscode.window.showInformationMessage(text);
  }
  await refreshHookStatus(ctx);
}

export const installHook = (ctx: CommandContext): Promise<void> => change(ctx, 'install');
export const uninstallHook = (ctx: CommandContext): Promise<void> => change(ctx, 'uninstall');
