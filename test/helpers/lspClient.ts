// A real LSP client for tests and benchmarks: spawns the bundled server and speaks JSON-RPC over stdio.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO } from './core';

export interface StartOptions {
  /** Advertise pull diagnostics (textDocument/diagnostic) and refresh support. Default true. */
  pull?: boolean;
  /** Answer for workspace/configuration (section `preflight`), per scope URI; default {}. */
  settings?: (scopeUri: string | undefined) => unknown;
  workspaceFolder?: string;
  /** Command line; default: node out/cli.js lsp --stdio (the server the extension starts). */
  command?: string[];
  /** Advertise codeAction/resolve for edits (actions may come without an edit, resolved on demand). */
  codeActionResolve?: boolean;
  /** Sent as `initializationOptions` (e.g. `{ workspaceTrusted: false }`, as VS Code in Restricted Mode). */
  initializationOptions?: unknown;
  /** Environment of the server process (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface TestClient {
  conn: ProtocolConnection;
  logs: string[];
  /** Resolves with the next log line matching. */
  nextLog(match: RegExp): Promise<string>;
  /** Resolves with the next publishDiagnostics for the uri (push mode). */
  nextPublish(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Resolves when the server next asks the client to re-pull diagnostics. */
  nextRefresh(): Promise<void>;
  open(uri: string, languageId: string, text: string, version?: number): Promise<void>;
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport>;
  pullItems(uri: string): Promise<Diagnostic[]>;
  stop(): Promise<void>;
  child: ChildProcess;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

function capabilities(pull: boolean, resolve = false): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: false },
      workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      ...(pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    textDocument: {
      synchronization: { didSave: true, dynamicRegistration: false },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        ...(resolve ? { dataSupport: true, resolveSupport: { properties: ['edit'] } } : {}),
      },
      publishDiagnostics: { relatedInformation: false, versionSupport: true, codeDescriptionSupport: true },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}

export async function startServer(options: StartOptions = {}): Promise<TestClient> {
  const [cmd, ...args] = options.command ?? ['node', join(REPO, 'out', 'cli.js'), 'lsp', '--stdio'];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO, env: options.env ?? process.env });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  const logWaiters: Array<{ match: RegExp; resolve: (s: string) => void }> = [];
  const publishWaiters: Array<{
    uri: string;
    pred: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  const refreshWaiters: Array<() => void> = [];
  conn.onNotification(LogMessageNotification.type, (p) => {
    logs.push(p.message);
    for (const w of logWaiters.splice(0)) {
      if (w.match.test(p.message)) w.resolve(p.message);
      else logWaiters.push(w);
    }
  });
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of publishWaiters.splice(0)) {
      if (w.uri === p.uri && w.pred(p)) w.resolve(p);
      else publishWaiters.push(w);
    }
  });
  conn.onRequest(ConfigurationRequest.type, (p) =>
    p.items.map((item) => (item.section === 'preflight' ? (options.settings?.(item.scopeUri) ?? {}) : null)),
  );
  conn.onRequest(DiagnosticRefreshRequest.method, () => {
    for (const r of refreshWaiters.splice(0)) r();
    return null;
  });
  conn.onRequest(RegistrationRequest.method, () => null);
  conn.listen();
  const folder = options.workspaceFolder;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder ? fileUri(folder) : null,
    workspaceFolders: folder ? [{ uri: fileUri(folder), name: 'ws' }] : null,
    capabilities: capabilities(options.pull ?? true, options.codeActionResolve),
    initializationOptions: options.initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  const client: TestClient = {
    conn,
    logs,
    child,
    nextLog: (match) =>
      new Promise((resolve) => {
        const seen = logs.find((l) => match.test(l));
        if (seen) resolve(seen);
        else logWaiters.push({ match, resolve });
      }),
    nextPublish: (uri, pred = () => true) => new Promise((resolve) => publishWaiters.push({ uri, pred, resolve })),
    nextRefresh: () => new Promise((resolve) => refreshWaiters.push(resolve)),
    open: (uri, languageId, text, version = 1) =>
      conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } }),
    pull: (uri, previousResultId) =>
      conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId }),
    pullItems: async (uri) => {
      const r = await conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      if (r.kind !== 'full') throw new Error('expected a full report');
      return r.items;
    },
    stop: async () => {
      try {
        await conn.sendRequest(ShutdownRequest.type);
        await conn.sendNotification(ExitNotification.type);
      } catch {
        /* already gone */
      }
      conn.dispose();
      if (child.exitCode === null)
        await new Promise((r) => {
          child.once('exit', r);
          setTimeout(() => child.kill(), 2000).unref();
        });
      if (stderr.trim()) process.stderr.write(`server stderr: ${stderr}\n`);
    },
  };
  return client;
}

/** Applies LSP text edits to a text exactly as a client does (inserts at one position in array order). */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 0, text), edits);
}

/** The edits a WorkspaceEdit makes to one document. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  const out: TextEdit[] = [];
  for (const c of edit.documentChanges ?? [])
    if ('textDocument' in c && c.textDocument.uri === uri) out.push(...(c.edits as TextEdit[]));
  return out;
}
