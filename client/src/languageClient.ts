// Starts the language server (`out/cli.js lsp`: the one engine bundle) over node IPC for the languages Preflight
// checks.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/protocol';
import { LANGUAGES } from './languages';

// `file` covers local folders and code-server/remote (files live on the server side); `untitled` new editors.
const SELECTOR: DocumentSelector = LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('out/cli.js');
  // Source maps on: a rule error in the output channel names its .ts file and line.
  const execArgv = ['--enable-source-maps'];
  const serverOptions: ServerOptions = {
    run: { module, args: ['lsp'], transport: TransportKind.ipc, options: { execArgv } },
    debug: {
      module,
      args: ['lsp'],
      transport: TransportKind.ipc,
      options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: output,
    // Tells the server when settings change; it then pulls per-resource values itself.
    synchronize: { configurationSection: SETTINGS_SECTION },
    diagnosticPullOptions: { onChange: true, onSave: true },
    // Restricted Mode: the server runs no programs until the user trusts the folder (then TRUST_GRANTED).
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
  };
  return new LanguageClient('preflight', 'Preflight', serverOptions, clientOptions);
}
