// What one analysis sees, built the same way for every face (the language server, the checklist, the CLI and
// MCP through it): which files the settings leave out, and the AnalyzeOptions of one file on disk.
import ignore, { type Ignore } from 'ignore';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { AnalyzeOptions, SeveritySetting } from '../core/types';
import { findGitRoot } from './ignoreRules';

/** The settings every face applies alike: `preflight.*` in the editor and the sidebar, flags in the CLI. */
export interface AnalysisSettings {
  /** Per-rule severity or 'off' (`preflight.rules`, `--rule`). */
  rules: Readonly<Record<string, SeveritySetting>>;
  /** Gitignore-syntax patterns relative to the folder (`preflight.exclude`, `--exclude`). */
  exclude: readonly string[];
  /** Larger files are skipped (`preflight.maxFileSizeKb`, `--max-file-size`). */
  maxFileSizeKb: number;
  /** Also check vendored code and build output (`preflight.includeVendored`, `--include-vendored`). */
  includeVendored: boolean;
}

/** A repository's accepted secrets (secrets/baseline.ts), by its root; undefined when it has none. */
export type BaselineOf = (
  root: string,
) => { isBaselined(ruleId: string, path: string, value: string): boolean } | undefined;

/** A file on disk being analysed. */
export interface FileOnDisk {
  absPath: string;
  /** The folder its analysis path (and every path a rule passes back) is relative to. */
  base: string;
}

const matchers = new WeakMap<readonly string[], Ignore>();

/**
 * Whether `preflight.exclude` / `--exclude` patterns leave out a path relative to the folder. Gitignore
 * syntax, as in a `.preflightignore`: `build/` drops everything below build/, a pattern without a slash
 * matches names anywhere (`*.gen.py`), `src/**\/generated/**` is anchored. A path outside the folder
 * (absolute or `../`) is matched by its name only.
 */
export function isExcluded(patterns: readonly string[], relPath: string, isDir = false): boolean {
  if (!patterns.length) return false;
  let ig = matchers.get(patterns);
  if (!ig) matchers.set(patterns, (ig = ignore().add([...patterns])));
  const inside = relPath && !isAbsolute(relPath) && !relPath.startsWith('../') && relPath !== '..';
  const path = inside ? relPath : basename(relPath);
  return !!path && ig.ignores(isDir ? `${path}/` : path);
}

/** The root whose `.preflight/baseline.json` applies to a file: its git repository, else the folder. */
export function baselineRootOf(file: FileOnDisk, gitRootOf = findGitRoot): string {
  return gitRootOf(dirname(file.absPath)) ?? file.base;
}

/**
 * The core's options for one file: severities from the settings, git-ignore checks and the baseline of the
 * file's repository (paths rules pass are relative to `file.base`), plus what only some faces have.
 */
export function analysisOptions(
  file: FileOnDisk,
  settings: Pick<AnalysisSettings, 'rules'>,
  sources: {
    isGitIgnored?: (absPath: string) => boolean;
    baselineOf?: BaselineOf;
    /** `findGitRoot` or a run's memoised one (`createGitRootFinder`). */
    gitRootOf?: (start: string) => string | undefined;
  },
  extra: Pick<AnalyzeOptions, 'readFile' | 'ruleTimes' | 'handlerFacts' | 'keywordsPresent'> = {},
): AnalyzeOptions {
  const options: AnalyzeOptions = { severities: { ...settings.rules }, ...extra };
  const { isGitIgnored, baselineOf } = sources;
  if (isGitIgnored) options.isGitIgnored = (p) => isGitIgnored(isAbsolute(p) ? p : resolve(file.base, p));
  const root = baselineRootOf(file, sources.gitRootOf);
  const baseline = baselineOf?.(root);
  if (baseline) {
    const path = relative(root, file.absPath).split(sep).join('/');
    options.isBaselined = (ruleId, secret) => baseline.isBaselined(ruleId, path, secret);
  }
  return options;
}
