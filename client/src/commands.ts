// The extension's commands: ONE table from command id to handler (ids listed in commandIds.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL_KIND } from '../../server/src/protocol';
import { agentStatus } from './agents';
import { COMMAND_IDS, type CommandId } from './commandIds';
import { scanHistoryCommand } from './historyScan';
import { installHook, uninstallHook } from './hook';
import { addToBaseline, moveToEnv, openStagedLine, scanStagedCommand, unstage } from './stagedScan';

/** What command handlers may use. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** The running client (replaced on restart, hence a getter). */
  client(): LanguageClient;
}

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      whole,
      FIX_ALL_KIND,
      1, // resolve the fix-all action's edit (the server builds edits lazily, in codeAction/resolve)
    )) ?? [];
  const action = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!action?.edit) {
    void vscode.window.showInformationMessage('Preflight: nothing to fix automatically in this file.');
    return;
  }
  if (!(await vscode.workspace.applyEdit(action.edit)))
    void vscode.window.showWarningMessage('Preflight: the fixes could not be applied (the file changed meanwhile?).');
}

const COMMANDS: Record<CommandId, Handler> = {
  'preflight.fixAll': () => fixAll(),
  'preflight.showOutput': (ctx) => ctx.output.show(true),
  'preflight.restartServer': async (ctx) => {
    await ctx.client().restart();
    ctx.output.appendLine('Preflight: language server restarted.');
  },
  'preflight.scanStaged': (ctx) => scanStagedCommand(ctx),
  'preflight.scanHistory': (ctx) => scanHistoryCommand(ctx),
  'preflight.installHook': (ctx) => installHook(ctx),
  'preflight.uninstallHook': (ctx) => uninstallHook(ctx),
  'preflight.staged.openLine': (ctx, f) => openStagedLine(ctx, f),
  'preflight.staged.unstage': (ctx, f) => unstage(ctx, f),
  'preflight.staged.moveToEnv': (ctx, f) => moveToEnv(ctx, f),
  'preflight.staged.addToBaseline': (ctx, f) => addToBaseline(ctx, f),
  'preflight.showAgentTools': (ctx) => {
    ctx.output.info(agentStatus());
    ctx.output.show(true);
  },
};

export function registerCommands(ctx: CommandContext): void {
  for (const id of COMMAND_IDS) {
    const handler = COMMANDS[id];
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)),
    );
  }
}
