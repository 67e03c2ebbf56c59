// The language server's project model: one `ProjectModel` per workspace folder, built in the background
// after start (one file per `scheduler.idle()`, so diagnostics after a keystroke never wait for it) and
// updated one file at a time when a file is saved, created, changed on disk or deleted. Editor findings
// read it through `AnalyzeOptions.handlerFacts`, the same per-handler facts `preflight lint` passes, so the
// editor and the CLI agree; the sidebar's endpoint view asks for the inventory (`preflight/endpoints`).
import { basename } from 'node:path';
import { FileChangeType } from 'vscode-languageserver/node';
import { familyOf, languageIdForPath } from '../core/languages';
import { factsOfText } from '../model/build';
import { handlerHints, hintKey, type HandlerHints } from '../model/hints';
import { ProjectModel } from '../model/project';
import { initParsers } from '../parse/parser';
import { EndpointsChangedNotification, EndpointsRequest, type EndpointDto, type EndpointsFolderDto } from '../protocol';
import { readTextFile } from '../workspace/readText';
import { walkFiles } from '../workspace/walk';
import { describeError } from './log';
import { fsPathToUri, uriToFsPath } from './paths';
import type { Feature, Services } from './services';

interface Folder {
  root: string;
  uri: string;
  name: string;
  model: ProjectModel;
  /** False until the first background build has read every file. */
  ready: boolean;
  building?: Promise<void>;
  /** Per-handler facts for the rules, recomputed after the model changes. */
  hints?: HandlerHints;
  hintsJson: string;
  /** Workspace-relative paths changed while the build runs: re-read once it ends. */
  pending: Set<string>;
  error?: string;
}

const isModelFile = (rel: string): boolean => {
  const family = familyOf(languageIdForPath(rel));
  return family === 'python' || family === 'js';
};

class ProjectModelService {
  private readonly folders = new Map<string, Folder>();
  private settle?: NodeJS.Timeout;

  constructor(private readonly s: Services) {}

  setFolders(roots: readonly string[]): void {
    for (const root of [...this.folders.keys()]) if (!roots.includes(root)) this.folders.delete(root);
    for (const root of roots) {
      if (this.folders.has(root)) continue;
      const folder: Folder = {
        root,
        uri: fsPathToUri(root),
        name: basename(root),
        model: new ProjectModel(),
        ready: false,
        hintsJson: '{}',
        pending: new Set(),
      };
      this.folders.set(root, folder);
      folder.building = this.build(folder).finally(() => (folder.building = undefined));
    }
  }

  all(): Folder[] {
    return [...this.folders.values()];
  }

  /** The folder holding an absolute path (longest root wins for nested folders). */
  folderOf(fsPath: string): Folder | undefined {
    return this.all()
      .filter((f) => fsPath.startsWith(`${f.root}/`) || fsPath.startsWith(`${f.root}\\`))
      .sort((a, b) => b.root.length - a.root.length)[0];
  }

  /** The facts the rules see for a handler at a 1-based line of a workspace-relative file. */
  handlerFacts(
    root: string | undefined,
    path: string,
  ): ((line: number) => HandlerHints[string] | undefined) | undefined {
    const hints = root ? this.folders.get(root)?.hints : undefined;
    return hints ? (line) => hints[hintKey(path, line)] : undefined;
  }

  private async build(folder: Folder): Promise<void> {
    await initParsers();
    try {
      const settings = await this.s.settings.get(folder.uri);
      const maxBytes = settings.maxFileSizeKb * 1024;
      let step = 0;
      for (const file of walkFiles([folder.root], {
        cwd: folder.root,
        exclude: settings.exclude,
        maxFileSizeKb: settings.maxFileSizeKb,
      })) {
        // The walk reads folders synchronously: pause every few dozen entries, and before every parse.
        if (++step % 32 === 0) await this.s.scheduler.idle();
        if (!this.folders.has(folder.root)) return; // the folder was removed meanwhile
        if (!isModelFile(file.relPath)) continue;
        await this.s.scheduler.idle();
        const read = readTextFile(file.absPath, { maxBytes });
        const facts = read.ok ? factsOfText(file.relPath, read.text) : undefined;
        if (facts) folder.model.update(facts);
      }
      folder.error = undefined;
    } catch (error) {
      folder.error = describeError(error);
      this.s.log.error(`Preflight: the project model of ${folder.name} could not be built: ${folder.error}`);
    }
    folder.ready = true;
    for (const rel of folder.pending) this.readFile(folder, rel);
    folder.pending.clear();
    await this.republish(folder);
  }

  /** Re-reads one file into the model: from the editor when it is open, else from disk (gone: removed). */
  private readFile(folder: Folder, rel: string): void {
    if (!isModelFile(rel)) return;
    const abs = `${folder.root}/${rel}`;
    const open = this.s.documents.all().find((d) => d.location.fsPath === abs);
    let text: string | undefined = open?.parsed.currentText;
    if (text === undefined) {
      const read = readTextFile(abs, { maxBytes: 4 * 1024 * 1024 });
      text = read.ok ? read.text : undefined;
    }
    const facts = text === undefined ? undefined : factsOfText(rel, text);
    if (facts) folder.model.update(facts);
    else folder.model.remove(rel);
  }

  /** A file changed (saved, created, changed on disk, deleted): update its facts, then the findings. */
  changed(fsPath: string, deleted: boolean): void {
    const folder = this.folderOf(fsPath);
    if (!folder) return;
    const rel = fsPath
      .slice(folder.root.length + 1)
      .split('\\')
      .join('/');
    if (!isModelFile(rel)) return;
    if (!folder.ready) {
      folder.pending.add(rel);
      return;
    }
    if (deleted) folder.model.remove(rel);
    else this.readFile(folder, rel);
    // Saves come in bursts (save all, a branch switch): resolve once they settle, in a typing pause.
    clearTimeout(this.settle);
    this.settle = setTimeout(() => void this.republishAll(), 50);
  }

  private async republishAll(): Promise<void> {
    for (const f of this.all()) if (f.ready) await this.republish(f);
  }

  /** Resolves the endpoints again; when the rules' facts differ, re-checks the open documents. */
  private async republish(folder: Folder): Promise<void> {
    await this.s.scheduler.idle();
    let hints: HandlerHints;
    try {
      hints = handlerHints(folder.model);
    } catch (error) {
      this.s.log.once(
        `model:${folder.root}`,
        'error',
        `Preflight: resolving endpoints failed: ${describeError(error)}`,
      );
      return;
    }
    const json = JSON.stringify(hints);
    void this.s.connection.sendNotification(EndpointsChangedNotification, { folderUri: folder.uri });
    if (json === folder.hintsJson && folder.hints) return;
    folder.hints = hints;
    folder.hintsJson = json;
    this.s.analyzer.invalidate();
    this.s.refreshDiagnostics();
  }

  async endpoints(folder: Folder): Promise<EndpointsFolderDto> {
    if (folder.building) await folder.building;
    const settings = await this.s.settings.get(folder.uri);
    const list = folder.model.endpoints({ publicEndpoints: settings.publicEndpoints });
    const endpoints: EndpointDto[] = list.map((e) => ({
      framework: e.framework,
      kind: e.kind,
      method: e.method,
      path: e.path,
      uri: fsPathToUri(`${folder.root}/${e.file}`),
      file: e.file,
      line: e.line,
      auth: e.auth,
      authBy: e.authBy,
      rateLimited: e.rateLimited,
      rateLimitBy: e.rateLimitBy,
      ai: e.ai?.chain.join(' → '),
      unknown: e.unknown,
    }));
    return { folderUri: folder.uri, name: folder.name, endpoints, error: folder.error };
  }
}

let current: ProjectModelService | undefined;

export const projectModel: Feature = {
  name: 'project model',
  register(s: Services) {
    const service = new ProjectModelService(s);
    current = service;
    s.analyzer.useHandlerFacts((d) => service.handlerFacts(d.location.root, d.location.path));
    s.documents.onDidSave((d) => {
      if (d.location.fsPath) service.changed(d.location.fsPath, false);
    });
    s.onWatchedFiles((changes) => {
      for (const c of changes) {
        const path = uriToFsPath(c.uri);
        if (path) service.changed(path, c.type === FileChangeType.Deleted);
      }
    });
    s.connection.onRequest(EndpointsRequest, async ({ folderUri }) => {
      const folders = service.all().filter((f) => !folderUri || f.uri === folderUri);
      return { folders: await Promise.all(folders.map((f) => service.endpoints(f))) };
    });
  },
  initialized(s: Services) {
    const service = current;
    if (!service) return;
    service.setFolders(s.paths.folderPaths());
    if (s.client.workspace?.workspaceFolders)
      s.connection.workspace.onDidChangeWorkspaceFolders(() => service.setFolders(s.paths.folderPaths()));
  },
};
