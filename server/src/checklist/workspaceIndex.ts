// Per-folder index of file facts for the checklist: walks the workspace, re-analyses only files whose
// size or mtime changed, keeps facts (never trees), and yields to the event loop so servers stay responsive.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CancelToken, SeveritySetting } from '../core/types';
import { initParsers } from '../parse/parser';
import { analysisOptions } from '../workspace/analysisOptions';
import { createGitIgnoreChecker } from '../workspace/ignoreRules';
import { readTextFile } from '../workspace/readText';
import { walkFiles, type WalkedFile } from '../workspace/walk';
import { createBaselineLookup } from '../secrets/baselineLookup';
import { hintsByFile, type HandlerHints } from '../model/hints';
import { scanFile, type FileFacts } from './fileFacts';

interface Entry {
  mtimeMs: number;
  size: number;
  /** The project-model hints the file was analysed with (`hintsByFile` key; '' for none). */
  hints: string;
  facts: FileFacts;
}

export interface RefreshOptions {
  severities?: Record<string, SeveritySetting>;
  exclude?: readonly string[];
  maxFileSizeKb?: number;
  /** `preflight.includeVendored`: walk vendored code and build output too. */
  includeVendored?: boolean;
  cancel?: CancelToken;
  /** Called now and then while files are analysed. */
  onProgress?(done: number, total: number): void;
  /**
   * Paths (workspace-relative) to re-analyse even if size and mtime look unchanged (e.g. a save within the same ms).
   */
  force?: ReadonlySet<string>;
  /**
   * Awaited between files: the language server passes `scheduler.idle()`, so the walk and the analysis
   * pause while the user types. Without it the index yields to the event loop every SLICE_MS.
   */
  pause?: () => Promise<void>;
  /**
   * The project model's per-handler facts, so cross-file findings (an AI call in a helper module, a limit on
   * the mount) are the ones lint and the editor show. A file whose hints changed is analysed again.
   */
  handlerHints?: HandlerHints;
  /**
   * Keep each file's facts for the project model (default true): the CLI's checklist builds its model from them;
   * the language server's worker holds a model already, and keeping a second copy cost it ~20 MB on 2,000 files.
   */
  modelFacts?: boolean;
}

export interface RefreshResult {
  analysed: number;
  reused: number;
  removed: number;
  cancelled: boolean;
  /** A corrupt baseline or similar: reported, analysis went on without it. */
  problems: string[];
}

const SLICE_MS = 30;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private settingsKey = '';

  constructor(readonly root: string) {}

  facts(): FileFacts[] {
    return [...this.entries.values()].map((e) => e.facts);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything (e.g. settings that change findings); the next refresh re-analyses all files. */
  clear(): void {
    this.entries.clear();
  }

  async refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
    await initParsers();
    const problems: string[] = [];
    const key = JSON.stringify([
      options.severities ?? {},
      options.exclude ?? [],
      options.maxFileSizeKb ?? 0,
      !!options.includeVendored,
    ]);
    if (key !== this.settingsKey) {
      this.entries.clear();
      this.settingsKey = key;
    }
    const isGitIgnored = createGitIgnoreChecker();
    // A corrupt baseline is reported; the analysis goes on without it.
    const baselineOf = createBaselineLookup((error) => problems.push(error.message));
    let sliceStart = Date.now();
    const breath = async (): Promise<void> => {
      if (options.pause) await options.pause();
      else if (Date.now() - sliceStart > SLICE_MS) await tick();
      else return;
      sliceStart = Date.now();
    };
    const walked: WalkedFile[] = [];
    let step = 0;
    for (const file of walkFiles([this.root], {
      cwd: this.root,
      exclude: options.exclude,
      maxFileSizeKb: options.maxFileSizeKb,
      includeVendored: options.includeVendored,
    })) {
      walked.push(file);
      // The walk reads directories synchronously: pause every few dozen entries, not only between analyses.
      if (++step % 32 === 0) await breath();
    }
    const hints = hintsByFile(options.handlerHints ?? {});
    const seen = new Set<string>();
    let analysed = 0;
    let reused = 0;
    for (let i = 0; i < walked.length; i++) {
      const file = walked[i];
      if (options.cancel?.isCancelled) return { analysed, reused, removed: 0, cancelled: true, problems };
      await breath();
      seen.add(file.relPath);
      let mtimeMs = 0;
      try {
        mtimeMs = statSync(file.absPath).mtimeMs;
      } catch {
        continue;
      }
      const known = this.entries.get(file.relPath);
      const hinted = hints.get(file.relPath);
      if (
        known &&
        known.mtimeMs === mtimeMs &&
        known.size === file.size &&
        known.hints === (hinted?.key ?? '') &&
        !options.force?.has(file.relPath)
      ) {
        reused++;
        continue;
      }
      const read = readTextFile(file.absPath, { maxBytes: (options.maxFileSizeKb ?? 1024) * 1024 });
      const facts: FileFacts = read.ok
        ? scanFile(
            file.relPath,
            read.text,
            analysisOptions(
              { absPath: file.absPath, base: this.root },
              { rules: options.severities ?? {} },
              { isGitIgnored, baselineOf },
              { handlerFacts: hinted?.at, readFile: (rel) => this.readOther(rel, options.maxFileSizeKb) },
            ),
            options.modelFacts ?? true,
          )
        : { path: file.relPath, findings: [], envReads: [], headers: [], ruleErrors: [] };
      this.entries.set(file.relPath, { mtimeMs, size: file.size, hints: hinted?.key ?? '', facts });
      analysed++;
      if (analysed % 50 === 0) options.onProgress?.(i + 1, walked.length);
    }
    let removed = 0;
    for (const path of [...this.entries.keys()])
      if (!seen.has(path)) {
        this.entries.delete(path);
        removed++;
      }
    options.onProgress?.(walked.length, walked.length);
    return { analysed, reused, removed, cancelled: false, problems };
  }

  /** Another file of the workspace, for rules that look beside the file (as `preflight lint` and the editor do). */
  private readOther(rel: string, maxFileSizeKb = 1024): string | undefined {
    const other = readTextFile(resolve(this.root, rel), {
      maxBytes: maxFileSizeKb * 1024,
      skipMinified: false,
      within: this.root,
    });
    return other.ok ? other.text : undefined;
  }
}
