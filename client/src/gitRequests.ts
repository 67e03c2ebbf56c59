// Typed calls of the server's git requests (names and types from server/src/protocol.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GitRequests } from '../../server/src/protocol';

export function gitRequest<M extends keyof GitRequests>(
  client: LanguageClient,
  method: M,
  params: GitRequests[M][0],
  token?: vscode.CancellationToken,
): Promise<GitRequests[M][1]> {
  return client.sendRequest<GitRequests[M][1]>(method, params, token);
}

/** Every workspace folder on disk; the server maps each to its repository. */
export function folderUris(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString());
}
