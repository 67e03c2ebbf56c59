// The workspace folders the git requests name (server/src/protocol.ts); the server maps each to its repository.
import * as vscode from 'vscode';

/** Every workspace folder on disk. */
export function folderUris(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString());
}
