// Builds a project model from files on disk (CLI, tests, benchmarks): walk, parse, keep facts, free trees.
// Yields to the event loop between slices so a server stays responsive while it builds in the background.
import { familyOf, languageIdForPath } from '../core/languages';
import type { CancelToken } from '../core/types';
import { initParsers, parse } from '../parse/parser';
import { readTextFile } from '../workspace/readText';
import { walkFiles, type WalkOptions } from '../workspace/walk';
import { moduleFacts } from './facts';
import { ProjectModel } from './project';
import type { ModuleFacts } from './types';

const SLICE_MS = 20;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Facts of one file's text; undefined when it is not code or fails to parse (that costs only this file). */
export function factsOfText(relPath: string, text: string): ModuleFacts | undefined {
  const languageId = languageIdForPath(relPath);
  const family = familyOf(languageId);
  if (!family || (family !== 'python' && family !== 'js')) return undefined;
  let tree: ReturnType<typeof parse> | undefined;
  try {
    tree = parse(languageId, text);
    return moduleFacts(family, tree!.rootNode, text, relPath);
  } catch {
    return undefined;
  } finally {
    tree?.delete();
  }
}

export interface BuildOptions extends WalkOptions {
  cancel?: CancelToken;
}

export async function buildProjectModel(
  roots: readonly string[],
  options: BuildOptions = {},
  model = new ProjectModel(),
): Promise<ProjectModel> {
  await initParsers();
  let slice = Date.now();
  for (const file of walkFiles(roots, options)) {
    if (options.cancel?.isCancelled) break;
    if (!familyOf(languageIdForPath(file.relPath))) continue;
    const read = readTextFile(file.absPath, { maxBytes: (options.maxFileSizeKb ?? 1024) * 1024 });
    if (!read.ok) continue;
    const facts = factsOfText(file.relPath, read.text);
    if (facts) model.update(facts);
    if (Date.now() - slice > SLICE_MS) {
      await tick();
      slice = Date.now();
    }
  }
  return model;
}
