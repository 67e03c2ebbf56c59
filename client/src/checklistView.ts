// The checklist sidebar: a webview view fed by the language server's checklist requests, plus the
// "Preflight n/m" status bar item. The webview gets data as messages; it never receives HTML built from data.
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ChecklistChangedNotification,
  ChecklistDecisionRequest,
  ChecklistFixRequest,
  ChecklistRequest,
  type ChecklistChangedParams,
  type ChecklistFixId,
  type ChecklistFolderDto,
} from '../../server/src/protocol';
import type { FromView, ToView } from '../../media/src/types';

const CHECKLIST_VIEW_ID = 'preflight.checklist';

const FIXES: readonly ChecklistFixId[] = [
  'env-example-add',
  'gitignore-add',
  'hook-install',
  'staged-scan',
  'history-scan',
  'run-audit',
];
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096;

/** A webview message after validation: a Fix names one of the server's fixes. */
type Checked = Exclude<FromView, { type: 'fix' }> | { type: 'fix'; folderUri: string; fix: ChecklistFixId };

/** Messages from the webview are validated before use: the webview is a separate, less trusted context. */
function parseMessage(raw: unknown): Checked | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
      return { type: m.type };
    case 'open':
      return str(m.folderUri) && str(m.path)
        ? { type: 'open', folderUri: m.folderUri, path: m.path, line: typeof m.line === 'number' ? m.line : undefined }
        : undefined;
    case 'link':
      return str(m.href) ? { type: 'link', href: m.href } : undefined;
    case 'fix':
      return str(m.folderUri) && FIXES.includes(m.fix as ChecklistFixId)
        ? { type: 'fix', folderUri: m.folderUri, fix: m.fix as ChecklistFixId }
        : undefined;
    case 'decide':
      return str(m.folderUri) && str(m.id) && (m.action === 'tick' || m.action === 'untick')
        ? { type: 'decide', folderUri: m.folderUri, id: m.id, action: m.action }
        : undefined;
    case 'waive':
      return str(m.folderUri) && str(m.id) ? { type: 'waive', folderUri: m.folderUri, id: m.id } : undefined;
    default:
      return undefined;
  }
}

export class ChecklistView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private readonly status: vscode.StatusBarItem;
  private readonly summaries = new Map<string, ChecklistChangedParams>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly client: () => LanguageClient,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem('preflight.checklistStatus', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Preflight checklist';
    this.status.command = { title: 'Open the Preflight checklist', command: `${CHECKLIST_VIEW_ID}.focus` };
    this.disposables.push(
      this.status,
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.push()),
    );
  }

  /** Listens to the server; call once the client exists (handlers survive restarts). */
  attach(client: LanguageClient): void {
    this.disposables.push(
      client.onNotification(ChecklistChangedNotification, (p) => {
        this.summaries.set(p.folderUri, p);
        this.updateStatus();
        if (!p.busy) void this.push();
        else void this.view?.webview.postMessage({ type: 'busy', folderUri: p.folderUri } satisfies ToView);
      }),
    );
  }

  private updateStatus(): void {
    const all = [...this.summaries.values()];
    if (!all.length) {
      this.status.hide();
      return;
    }
    const done = all.reduce((n, s) => n + s.done, 0);
    const total = all.reduce((n, s) => n + s.total, 0);
    const failed = all.reduce((n, s) => n + s.failed, 0);
    const busy = all.some((s) => s.busy);
    this.status.text = `${busy ? '$(sync~spin)' : failed ? '$(warning)' : '$(pass)'} Preflight ${done}/${total}`;
    this.status.tooltip = `Preflight checklist: ${done} of ${total} done, ${failed} failing. Click to open.`;
    this.status.show();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extension.extensionUri, 'out', 'media');
    const css = vscode.Uri.joinPath(this.extension.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media, css] };
    view.webview.html = this.html(view.webview, media, css);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseMessage(raw);
        if (m) void this.handle(m);
      }),
      view.onDidChangeVisibility(() => {
        if (view.visible) void this.push();
      }),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  private html(webview: vscode.Webview, media: vscode.Uri, css: vscode.Uri): string {
    // A fresh random nonce per render: only our bundled script (carrying it) may run.
    const nonce = randomBytes(16).toString('base64');
    const csp = [
      `default-src 'none'`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const uri = (base: vscode.Uri, file: string): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(base, file)).toString();
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${uri(media, 'codicon.css')}">
<link rel="stylesheet" href="${uri(css, 'checklist.css')}">
<title>Preflight checklist</title></head>
<body><main id="app" aria-live="polite"><p class="muted">Loading the checklist…</p></main>
<script nonce="${nonce}" src="${uri(media, 'checklist.js')}"></script></body></html>`;
  }

  /** Sends every folder's checklist to the webview (only when it is visible). */
  async push(): Promise<void> {
    if (!this.view?.visible) return;
    let folders: ChecklistFolderDto[];
    try {
      folders = (await this.client().sendRequest(ChecklistRequest, {})).folders;
    } catch (error) {
      void this.view?.webview.postMessage({
        type: 'error',
        message: `The checklist is not available: ${error instanceof Error ? error.message : String(error)}`,
      } satisfies ToView);
      return;
    }
    for (const f of folders)
      if (f.report)
        this.summaries.set(f.folderUri, {
          folderUri: f.folderUri,
          done: f.report.summary.done,
          total: f.report.summary.total,
          failed: f.report.summary.failed,
          busy: f.busy,
        });
    this.updateStatus();
    await this.view?.webview.postMessage({
      type: 'state',
      folders,
      trusted: vscode.workspace.isTrusted,
    } satisfies ToView);
  }

  private folderPath(folderUri: string): string | undefined {
    return vscode.workspace.workspaceFolders?.find(
      (f) => f.uri.toString() === folderUri || f.uri.fsPath === vscode.Uri.parse(folderUri).fsPath,
    )?.uri.fsPath;
  }

  private async handle(m: Checked): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
        case 'refresh':
          return await this.push();
        case 'open':
          return await this.open(m.folderUri, m.path, m.line);
        case 'link':
          return await this.openLink(m.href);
        case 'fix': {
          const r = await vscode.window.withProgress(
            { location: { viewId: CHECKLIST_VIEW_ID }, title: 'Preflight' },
            () =>
              this.client().sendRequest(ChecklistFixRequest, {
                folderUri: m.folderUri,
                fix: m.fix,
                trusted: vscode.workspace.isTrusted,
              }),
          );
          void (r.ok
            ? vscode.window.showInformationMessage(`Preflight: ${r.message}`)
            : vscode.window.showErrorMessage(`Preflight: ${r.message}`));
          return await this.push();
        }
        case 'decide': {
          const r = await this.client().sendRequest(ChecklistDecisionRequest, {
            folderUri: m.folderUri,
            id: m.id,
            action: m.action,
          });
          if (!r.ok) void vscode.window.showErrorMessage(`Preflight: ${r.message}`);
          return await this.push();
        }
        case 'waive': {
          const reason = await vscode.window.showInputBox({
            title: `Waive "${m.id}"`,
            prompt: 'Why is it acceptable to ship with this item failing? (stored in .preflight/checklist.json)',
            ignoreFocusOut: true,
            validateInput: (v) => (v.trim() ? undefined : 'A waiver needs a reason.'),
          });
          if (!reason?.trim()) return;
          const r = await this.client().sendRequest(ChecklistDecisionRequest, {
            folderUri: m.folderUri,
            id: m.id,
            action: 'waive',
            reason,
          });
          if (!r.ok) void vscode.window.showErrorMessage(`Preflight: ${r.message}`);
          return await this.push();
        }
      }
    } catch (error) {
      this.output.error(`Preflight checklist: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`Preflight: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Opens a workspace file at a line; paths outside the folder are refused. */
  private async open(folderUri: string, path: string, line?: number): Promise<void> {
    const root = this.folderPath(folderUri);
    if (!root) return;
    const abs = join(root, path);
    const rel = relative(root, abs);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return;
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(vscode.Uri.file(abs), {
      selection: new vscode.Range(pos, pos),
      preview: true,
    });
  }

  /** Item bodies may link out: only http(s), and only after the user confirms. */
  private async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    if (uri.scheme !== 'https' && uri.scheme !== 'http') return;
    const open = 'Open';
    if (
      (await vscode.window.showInformationMessage(
        `Open ${uri.toString(true)} in your browser?`,
        { modal: true },
        open,
      )) === open
    )
      await vscode.env.openExternal(uri);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function registerChecklistView(
  extension: vscode.ExtensionContext,
  client: () => LanguageClient,
  output: vscode.LogOutputChannel,
): ChecklistView {
  const view = new ChecklistView(extension, client, output);
  extension.subscriptions.push(
    view,
    vscode.window.registerWebviewViewProvider(CHECKLIST_VIEW_ID, view, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
  );
  return view;
}
