// The project model of every workspace folder, held by the workspace worker: one `ProjectModel` per folder,
// built in the background after start (one file per `scheduler.idle()`), updated one file at a time when a file
// is saved, created, changed on disk or deleted, and built again when the settings that choose its files change
// (exclude, size limit, vendored code). The per-handler facts the rules read go to the server's thread
// (`hints`), which re-checks the open documents; the endpoints view and the checklist read this same model.
import { basename } from 'node:path';
import { familyOf, languageIdForPath } from '../../core/languages';
import { factsOfText } from '../../model/build';
import { handlerHints, type HandlerHints } from '../../model/hints';
import { ProjectModel } from '../../model/project';
import { initParsers } from '../../parse/parser';
import {
  EndpointsChangedNotification,
  type EndpointDto,
  type EndpointsFolderDto,
  type PreflightSettings,
} from '../../protocol';
import { isExcluded } from '../../workspace/analysisOptions';
import { readTextFile } from '../../workspace/readText';
import { walkFiles } from '../../workspace/walk';
import { describeError } from '../log';
import { fsPathToUri, inFolder } from '../paths';
import type { WorkerHost } from './host';
import type { FileChange } from './messages';

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
  hintsJson: string;
  /** Workspace-relative paths changed while the build runs (with the editor's text): re-read once it ends. */
  pending: Map<string, string | undefined>;
  error?: string;
}

const isModelFile = (rel: string): boolean => {
  const family = familyOf(languageIdForPath(rel));
  return family === 'python' || family === 'js';
};

export class ModelService {
  private readonly folders = new Map<string, Folder>();
  private settle?: NodeJS.Timeout;
  /** The comparison after a settings change: a model asked for meanwhile waits for its outcome. */
  private settingsCheck: Promise<void> = Promise.resolve();

  constructor(private readonly h: WorkerHost) {}

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
      hintsJson: previous?.hintsJson ?? '',
      pending: new Map(),
    };
    this.folders.set(root, folder);
    folder.building = this.build(folder).finally(() => (folder.building = undefined));
  }

  /** Settings changed: folders whose walk settings differ are built again, the others re-resolved. */
  settingsChanged(): void {
    this.settingsCheck = (async () => {
      for (const folder of this.all()) {
        const settings = await this.h.settings(folder.uri);
        if (this.folders.get(folder.root) !== folder) continue;
        if (folder.walk && walkKey(folder.walk) !== walkKey(settings)) this.start(folder.root, folder);
        else if (folder.ready && JSON.stringify(settings.publicEndpoints) !== folder.publicEndpoints)
          await this.republish(folder);
      }
    })().catch((error: unknown) =>
      this.h.log('error', `Preflight: the project model could not follow a settings change: ${describeError(error)}`),
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

  /** The folder of a path, the path in it, and the walk settings its model was built with. */
  walkOf(fsPath: string): { root: string; rel: string; walk?: WalkSettings } | undefined {
    const folder = this.folderOf(fsPath);
    if (!folder) return undefined;
    const rel = inFolder(folder.root, fsPath);
    return { root: folder.root, rel, walk: folder.walk };
  }

  private async build(folder: Folder): Promise<void> {
    await initParsers();
    try {
      const settings = await this.h.settings(folder.uri);
      folder.walk = {
        exclude: settings.exclude,
        maxFileSizeKb: settings.maxFileSizeKb,
        includeVendored: settings.includeVendored,
      };
      const maxBytes = settings.maxFileSizeKb * 1024;
      let step = 0;
      for (const file of walkFiles([folder.root], { cwd: folder.root, ...folder.walk })) {
        // The walk reads folders synchronously: pause every few dozen entries, and before every parse.
        if (++step % 32 === 0) await this.h.scheduler.idle();
        if (!this.current(folder)) return; // the folder was removed or is being built again
        if (!isModelFile(file.relPath)) continue;
        await this.h.scheduler.idle();
        const read = readTextFile(file.absPath, { maxBytes });
        const facts = read.ok ? factsOfText(file.relPath, read.text) : undefined;
        if (facts) folder.model.update(facts);
      }
      folder.error = undefined;
    } catch (error) {
      folder.error = describeError(error);
      this.h.log('error', `Preflight: the project model of ${folder.name} could not be built: ${folder.error}`);
    }
    if (!this.current(folder)) return;
    folder.ready = true;
    for (const [rel, text] of folder.pending) this.readFile(folder, rel, text);
    folder.pending.clear();
    await this.republish(folder);
  }

  /** Re-reads one file into the model: the editor's text when it is open, else the disk (gone: removed). */
  private readFile(folder: Folder, rel: string, open: string | undefined): void {
    if (!isModelFile(rel)) return;
    if (isExcluded(folder.walk?.exclude ?? [], rel)) {
      folder.model.remove(rel);
      return;
    }
    let text = open;
    if (text === undefined) {
      const read = readTextFile(`${folder.root}/${rel}`, { maxBytes: (folder.walk?.maxFileSizeKb ?? 4096) * 1024 });
      text = read.ok ? read.text : undefined;
    }
    const facts = text === undefined ? undefined : factsOfText(rel, text);
    if (facts) folder.model.update(facts);
    else folder.model.remove(rel);
  }

  /** Files changed (saved, created, changed on disk, deleted): update their facts, then the findings. */
  changed(changes: readonly FileChange[]): void {
    for (const { fsPath, deleted, text } of changes) {
      const folder = this.folderOf(fsPath);
      if (!folder) continue;
      const rel = inFolder(folder.root, fsPath);
      if (!isModelFile(rel)) continue;
      if (!folder.ready) {
        folder.pending.set(rel, text);
        continue;
      }
      if (deleted) folder.model.remove(rel);
      else this.readFile(folder, rel, text);
      // Saves come in bursts (save all, a branch switch): resolve once they settle, in a typing pause.
      clearTimeout(this.settle);
      this.settle = setTimeout(() => void this.republishAll(), 50);
    }
  }

  private async republishAll(): Promise<void> {
    for (const f of this.all()) if (f.ready) await this.republish(f);
  }

  /** Resolves the endpoints again; when the rules' facts differ, the server's thread re-checks open documents. */
  private async republish(folder: Folder): Promise<void> {
    const settings = await this.h.settings(folder.uri);
    await this.h.scheduler.idle();
    if (!this.current(folder)) return;
    let hints: HandlerHints;
    try {
      // Resolved with the inventory's options, so the endpoints view and the checklist reuse this pass.
      folder.publicEndpoints = JSON.stringify(settings.publicEndpoints);
      hints = handlerHints(folder.model, { publicEndpoints: settings.publicEndpoints });
    } catch (error) {
      this.h.once(`model:${folder.root}`, 'error', `Preflight: resolving endpoints failed: ${describeError(error)}`);
      return;
    }
    const json = JSON.stringify(hints);
    this.h.post({ kind: 'notify', method: EndpointsChangedNotification.method, params: { folderUri: folder.uri } });
    if (json === folder.hintsJson) return;
    folder.hintsJson = json;
    this.h.post({ kind: 'hints', root: folder.root, hints });
  }

  async endpoints(folderUri: string | undefined): Promise<EndpointsFolderDto[]> {
    const roots = this.all()
      .filter((f) => !folderUri || f.uri === folderUri)
      .map((f) => f.root);
    const out: EndpointsFolderDto[] = [];
    for (const root of roots) {
      await this.ready(root);
      const folder = this.folders.get(root);
      if (!folder) continue;
      const settings = await this.h.settings(folder.uri);
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
      out.push({ folderUri: folder.uri, name: folder.name, endpoints, error: folder.error });
    }
    return out;
  }
}
