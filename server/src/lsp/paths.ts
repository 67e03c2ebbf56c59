// Maps document URIs to the paths the core sees (workspace-relative, forward slashes) and back.
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceFolder } from 'vscode-languageserver/node';

export interface Located {
  /** Absolute file-system path, or undefined for untitled/virtual documents. */
  fsPath?: string;
  /** Folder the path is relative to (workspace folder, else the file's own folder). */
  root?: string;
  /** The path given to the core: relative to `root` when inside a workspace folder. */
  path: string;
}

const toSlashes = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** A path inside a folder root as the core sees it: relative to the root, forward slashes. */
export const inFolder = (root: string, fsPath: string): string =>
  fsPath
    .slice(root.length + 1)
    .split('\\')
    .join('/');

export class WorkspacePaths {
  private roots: string[] = [];

  setFolders(folders: readonly WorkspaceFolder[] | null | undefined, rootUri?: string | null): void {
    const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.roots = uris
      .map(uriToFsPath)
      .filter((p): p is string => !!p)
      // Longest first, so nested folders win.
      .sort((a, b) => b.length - a.length);
  }

  addFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => uriToFsPath(f.uri)));
    const kept = this.roots.filter((r) => !gone.has(r));
    const extra = added.map((f) => uriToFsPath(f.uri)).filter((p): p is string => !!p);
    this.roots = [...kept, ...extra].sort((a, b) => b.length - a.length);
  }

  /** The workspace folders' file-system paths (longest first). */
  folderPaths(): readonly string[] {
    return this.roots;
  }

  locate(uri: string): Located {
    const fsPath = uriToFsPath(uri);
    if (!fsPath) return { path: uri.replace(/^[a-z-]+:/i, '') || 'untitled' };
    for (const root of this.roots) {
      const rel = relative(root, fsPath);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { fsPath, root, path: toSlashes(rel) };
    }
    return { fsPath, root: undefined, path: toSlashes(fsPath) };
  }

  /** Absolute path of a path the core produced for a file located as `base` (e.g. `.env.example`). */
  resolve(base: Located, path: string): string | undefined {
    if (isAbsolute(path)) return path;
    if (base.root) return join(base.root, path);
    // Outside any workspace folder the core saw an absolute path: relative paths mean "next to it".
    return base.fsPath ? join(dirname(base.fsPath), path) : undefined;
  }
}

export function uriToFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function fsPathToUri(path: string): string {
  return pathToFileURL(path).href;
}
