// The language server's project model: one `ProjectModel` per workspace folder, built in the background
// after start (one file per `scheduler.idle()`, so diagnostics after a keystroke never wait for it), updated
// one file at a time when a file is saved, created, changed on disk or deleted, and built again when the
// settings that choose its files change (exclude, size limit, vendored code). Editor findings read it through
// `AnalyzeOptions.handlerFacts`, the same per-handler facts `preflight lint` passes, so the editor and the CLI
// agree; the sidebar's endpoint view asks for the inventory (`preflight/endpoints`) and the checklist
// evaluates against this same model (`Services.projectModel`).
import { basename } from 'node:path';
import { FileChangeType } from 'vscode-languageserver/node';
import { familyOf, languageIdForPath } from '../core/languages';
import { factsOfText } from '../model/build';
import { handlerHints, hintKey, type HandlerHints } from '../model/hints';
import { ProjectModel } from '../model/project';
import { initParsers } from '../parse/parser';
import {
  EndpointsChangedNotification,
  EndpointsRequest,
  type EndpointDto,
  type EndpointsFolderDto,
  type PreflightSettings,
} from '../protocol';
import { isExcluded } from '../workspace/analysisOptions';
import { readTextFile } from '../workspace/readText';
import { walkFiles } from '../workspace/walk';
import { describeError } from './log';
import { fsPathToUri, uriToFsPath } from './paths';
import type { Feature, Services } from './services';

/** The settings that choose the model's files: a change builds the model again. */
type WalkSettings = Pick<PreflightSettings, 'exclude' | 'maxFileSizeKb' | 'includeVendored'>;

const walkKey = (s: WalkSettings): string => JSON.stringify([s.exclude, s.maxFileSizeKb, s.includeVendored]);

interface Folder {
  root: string;
  uri: string;
  name: string;
  model: ProjectModel;
  /** What the build walked with; `walkKey` of it, and `publicEndpoints` the hints were resolved with. */
  walk?: WalkSettings;
  publicEndpoints: string;
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
  /** The comparison after a settings change: a model asked for meanwhile waits for its outcome. */
  private settingsCheck: Promise<void> = Promise.resolve();

  constructor(private readonly s: Services) {}

  setFolders(roots: readonly string[]): void {
    for (const root of [...this.folders.keys()]) if (!roots.includes(root)) this.folders.delete(root);
    for (const root of roots) if (!this.folders.has(root)) this.start(root);
  }

  /** A new model for a folder, built in the background; the previous one's hints serve until it is ready. */
  private start(root: string, previous?: Folder): void {
    const folder: Folder = {
      root,
      uri: fsPathToUri(root),
      name: basename(root),
      model: new ProjectModel(),
      publicEndpoints: '[]',
      ready: false,
      hints: previous?.hints,
      hintsJson: previous?.hintsJson ?? '{}',
      pending: new Set(),
    };
    this.folders.set(root, folder);
    folder.building = this.build(folder).finally(() => (folder.building = undefined));
  }

  /** Settings changed: folders whose walk settings differ are built again, the others re-resolved. */
  settingsChanged(): void {
    this.settingsCheck = (async () => {
      for (const folder of this.all()) {
        const settings = await this.s.settings.get(folder.uri);
        if (this.folders.get(folder.root) !== folder) continue;
        if (folder.walk && walkKey(folder.walk) !== walkKey(settings)) this.start(folder.root, folder);
        else if (folder.ready && JSON.stringify(settings.publicEndpoints) !== folder.publicEndpoints)
          await this.republish(folder);
      }
    })().catch((error: unknown) =>
      this.s.log.error(`Preflight: the project model could not follow a settings change: ${describeError(error)}`),
    );
  }

  /** The folder's model once built (waiting for a build or rebuild under way). */
  async ready(root: string): Promise<ProjectModel | undefined> {
    await this.settingsCheck;
    for (;;) {
      const folder = this.folders.get(root);
      if (!folder?.building) return folder?.model;
      await folder.building;
    }
  }

  private current(folder: Folder): boolean {
    return this.folders.get(folder.root) === folder;
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
      folder.walk = {
        exclude: settings.exclude,
        maxFileSizeKb: settings.maxFileSizeKb,
        includeVendored: settings.includeVendored,
      };
      const maxBytes = settings.maxFileSizeKb * 1024;
      let step = 0;
      for (const file of walkFiles([folder.root], { cwd: folder.root, ...folder.walk })) {
        // The walk reads folders synchronously: pause every few dozen entries, and before every parse.
        if (++step % 32 === 0) await this.s.scheduler.idle();
        if (!this.current(folder)) return; // the folder was removed or is being built again
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
    if (!this.current(folder)) return;
    folder.ready = true;
    for (const rel of folder.pending) this.readFile(folder, rel);
    folder.pending.clear();
    await this.republish(folder);
  }

  /** Re-reads one file into the model: from the editor when it is open, else from disk (gone: removed). */
  private readFile(folder: Folder, rel: string): void {
    if (!isModelFile(rel)) return;
    if (isExcluded(folder.walk?.exclude ?? [], rel)) {
      folder.model.remove(rel);
      return;
    }
    const abs = `${folder.root}/${rel}`;
    const open = this.s.documents.all().find((d) => d.location.fsPath === abs);
    let text: string | undefined = open?.parsed.currentText;
    if (text === undefined) {
      const read = readTextFile(abs, { maxBytes: (folder.walk?.maxFileSizeKb ?? 4096) * 1024 });
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
    const settings = await this.s.settings.get(folder.uri);
    await this.s.scheduler.idle();
    if (!this.current(folder)) return;
    let hints: HandlerHints;
    try {
      // Resolved with the inventory's options, so the endpoints view and the checklist reuse this pass.
      folder.publicEndpoints = JSON.stringify(settings.publicEndpoints);
      hints = handlerHints(folder.model, { publicEndpoints: settings.publicEndpoints });
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

  async endpoints(root: string): Promise<EndpointsFolderDto | undefined> {
    await this.ready(root);
    const folder = this.folders.get(root);
    if (!folder) return undefined;
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
    s.projectModel = (root) => service.ready(root);
    s.settings.onDidChange(() => service.settingsChanged());
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
      const roots = service
        .all()
        .filter((f) => !folderUri || f.uri === folderUri)
        .map((f) => f.root);
      const folders = await Promise.all(roots.map((root) => service.endpoints(root)));
      return { folders: folders.filter((f) => f !== undefined) };
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
