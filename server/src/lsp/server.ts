// The language server's wiring: connection, shared services, and the list of feature modules.
import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { initParsers } from '../parse/parser';
import { Analyzer } from './analysis';
import { codeActions } from './codeActions';
import { hover } from './hover';
import { diagnostics } from './diagnostics';
import { gitScan } from './gitScan';
import { checklist } from './checklist';
import { projectModel } from './projectModel';
import { Documents } from './documents';
import { describeError, Logger } from './log';
import { WorkspacePaths } from './paths';
import { ServerScheduler } from './heap';
import type { Feature, Services } from './services';
import { Settings } from './settings';
import { Trust } from './trust';
import { WorkspaceTrustedNotification } from '../protocol';
import { startWorkspaceWorker, WorkspaceWorker } from './workspaceWorker';

/** Every feature of the server. To add one: write a module exporting a `Feature` and list it here. */
const FEATURES: readonly Feature[] = [diagnostics, codeActions, hover, gitScan, checklist, projectModel];

/** VS Code passes --node-ipc; `preflight lsp --stdio` and other editors use stdio (also the default). */
function connect(): Connection {
  const argv = process.argv;
  const transport = argv.some(
    (a) => a === '--node-ipc' || a === '--stdio' || a.startsWith('--socket=') || a.startsWith('--pipe='),
  );
  return transport
    ? createConnection(ProposedFeatures.all)
    : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
}

const connection = connect();
const paths = new WorkspacePaths();
const log = new Logger(connection);
const documents = new Documents(connection, paths);
const settings = new Settings(connection);
const analyzer = new Analyzer(documents, settings, paths, log);
const scheduler = new ServerScheduler();
const trust = new Trust();
// Edits and opens are foreground work: background workspace work pauses while the user types.
documents.onDidOpen(() => scheduler.touch());
documents.onDidChange(() => scheduler.touch());
const watchers: Array<(changes: readonly FileEvent[]) => void> = [];
connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const listener of watchers) listener(changes);
});
const services: Services = {
  connection,
  documents,
  settings,
  paths,
  analyzer,
  log,
  scheduler,
  trust,
  client: {},
  refreshDiagnostics: () => undefined,
  onWatchedFiles: (listener) => watchers.push(listener),
  get worker() {
    return worker;
  },
};
const worker = new WorkspaceWorker(services);

for (const feature of FEATURES) feature.register(services);
connection.onNotification(WorkspaceTrustedNotification, () => trust.grant());

connection.onInitialize(async (params): Promise<InitializeResult> => {
  services.client = params.capabilities;
  trust.initialize(params.initializationOptions);
  settings.canPull = !!params.capabilities.workspace?.configuration;
  paths.setFolders(params.workspaceFolders, params.rootUri);
  await initParsers();
  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'preflight' },
  };
  for (const feature of FEATURES) Object.assign(result.capabilities, feature.capabilities?.(params.capabilities));
  return result;
});

connection.onInitialized(() => {
  if (services.client.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      paths.addFolders(e.added, e.removed);
      documents.relocate();
      analyzer.invalidate();
      services.refreshDiagnostics();
    });
  }
  startWorkspaceWorker(services, worker);
  for (const feature of FEATURES) {
    Promise.resolve(feature.initialized?.(services)).catch((error: unknown) =>
      log.error(`Preflight: ${feature.name} failed to start: ${describeError(error)}`),
    );
  }
});

// Last line of defence: log and keep serving rather than dying on one bad file.
process.on('uncaughtException', (error) => log.error(`Preflight internal error: ${describeError(error)}`));
process.on('unhandledRejection', (error) => log.error(`Preflight internal error: ${describeError(error)}`));

connection.listen();
