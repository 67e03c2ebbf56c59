// The endpoint inventory in the sidebar: a native tree view fed by the language server's project model
// (`preflight/endpoints`), refreshed when the server says the endpoints may have changed. One row per route
// or bot handler: method and full path, auth / rate-limit / AI flags, click to open the handler.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  EndpointsChangedNotification,
  EndpointsRequest,
  type EndpointDto,
  type EndpointsFolderDto,
} from '../../server/src/protocol';

const ENDPOINTS_VIEW_ID = 'preflight.endpoints';
const REFRESH_DELAY_MS = 300;

type Node = { folder: EndpointsFolderDto } | { endpoint: EndpointDto };

const AUTH_TEXT: Record<EndpointDto['auth'], string> = {
  yes: 'auth',
  public: 'public',
  no: 'no auth',
  unknown: 'auth ?',
};

/** `auth · no limit · AI`: what a row says next to its path. */
function flags(e: EndpointDto): string {
  const parts = [AUTH_TEXT[e.auth], e.rateLimited ? 'limited' : 'no limit'];
  if (e.ai) parts.push('AI');
  return parts.join(' · ');
}

/** Plain-text details (a MarkdownString would render markup that the project's code put in a name). */
function tooltip(e: EndpointDto): string {
  const lines = [
    `${e.method} ${e.path || '(no path)'}  (${e.framework})`,
    `auth: ${e.auth}${e.authBy ? ` (${e.authBy})` : ''}`,
    `rate limit: ${e.rateLimited ? (e.rateLimitBy ?? 'yes') : 'none'}`,
  ];
  if (e.ai) lines.push(`paid AI call: ${e.ai}`);
  if (e.unknown) lines.push(`unknown: ${e.unknown}`);
  lines.push(`${e.file}:${e.line}`);
  return lines.join('\n');
}

/** Needs attention: reaches paid AI without a limit, or has no auth. */
function icon(e: EndpointDto): vscode.ThemeIcon {
  if (e.ai && !e.rateLimited) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (e.auth === 'no' || e.auth === 'unknown') return new vscode.ThemeIcon('unlock');
  return new vscode.ThemeIcon(e.kind === 'bot' ? 'comment-discussion' : 'symbol-method');
}

class EndpointsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  view?: vscode.TreeView<Node>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(undefined), REFRESH_DELAY_MS);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node && 'endpoint' in node) return [];
    if (node) return node.folder.endpoints.map((endpoint) => ({ endpoint }));
    const client = this.client();
    if (!client?.isRunning()) return [];
    let folders: EndpointsFolderDto[];
    try {
      folders = (await client.sendRequest(EndpointsRequest, {})).folders;
    } catch (error) {
      this.setMessage(`Could not list the endpoints: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
    const count = folders.reduce((n, f) => n + f.endpoints.length, 0);
    const errors = folders.filter((f) => f.error).map((f) => `${f.name}: ${f.error}`);
    this.setMessage(
      errors.length ? errors.join('; ') : count ? undefined : 'No routes or bot handlers found in this workspace.',
    );
    // One folder: its endpoints at the top level; several: one branch per folder.
    if (folders.length === 1) return folders[0].endpoints.map((endpoint) => ({ endpoint }));
    return folders.map((folder) => ({ folder }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('folder' in node) {
      const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.folder.endpoints.length} endpoint(s)`;
      return item;
    }
    const e = node.endpoint;
    const item = new vscode.TreeItem(`${e.method} ${e.path || '(no path)'}`, vscode.TreeItemCollapsibleState.None);
    item.description = flags(e);
    item.tooltip = tooltip(e);
    item.iconPath = icon(e);
    item.contextValue = 'preflight.endpoint';
    const line = Math.max(0, e.line - 1);
    item.command = {
      command: 'vscode.open',
      title: 'Open the handler',
      arguments: [vscode.Uri.parse(e.uri), { selection: new vscode.Range(line, 0, line, 0) }],
    };
    return item;
  }

  private setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }
}

export function registerEndpointsView(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
): { attach(lc: LanguageClient): void; refresh(): void } {
  const provider = new EndpointsProvider(client);
  provider.view = vscode.window.createTreeView(ENDPOINTS_VIEW_ID, { treeDataProvider: provider });
  context.subscriptions.push(provider.view);
  return {
    attach(lc: LanguageClient) {
      context.subscriptions.push(lc.onNotification(EndpointsChangedNotification, () => provider.refresh()));
    },
    refresh: () => provider.refresh(),
  };
}
