// Extension entry point: creates the output channel, starts the language client, registers commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerAgentIntegration } from './agents';
import { registerChecklistView } from './checklistView';
import { registerCommands } from './commands';
import { registerEndpointsView } from './endpointsView';
import { registerHookStatus } from './hook';
import { createLanguageClient } from './languageClient';
import { WorkspaceTrustedNotification } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Preflight', { log: true });
  context.subscriptions.push(output);
  const lc = createLanguageClient(context, output);
  client = lc;
  const commandContext = { extension: context, output, client: () => lc };
  registerCommands(commandContext);
  registerAgentIntegration(context, output);
  // Other client features (checklist view, staged scan, hook status) register here.
  registerChecklistView(context, () => lc, output).attach(lc);
  const endpoints = registerEndpointsView(context, () => lc);
  endpoints.attach(lc);
  try {
    await lc.start();
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void lc.sendNotification(WorkspaceTrustedNotification)),
    );
    endpoints.refresh();
    registerHookStatus(commandContext); // asks the server, so only once it runs
  } catch (error) {
    output.appendLine(
      `Preflight: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    void vscode.window.showErrorMessage('Preflight: the language server failed to start. See the "Preflight" output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
