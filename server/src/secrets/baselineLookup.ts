// The baselines of the repositories a whole-workspace check touches (`preflight lint`, MCP), loaded once per
// root; `workspace/analysisOptions.ts` decides which root applies to a file.
import { BaselineError, loadBaseline, type Baseline } from './baseline';

/**
 * Returns `baselineOf(root)`: the root's baseline, or undefined when it has none (or no entries). Throws
 * BaselineError for a corrupt file unless `onError` is given (then that root counts as having none).
 */
export function createBaselineLookup(onError?: (err: BaselineError) => void): (root: string) => Baseline | undefined {
  const byRoot = new Map<string, Baseline | null>();
  return (root) => {
    if (!byRoot.has(root)) {
      try {
        const b = loadBaseline(root);
        byRoot.set(root, b.exists && b.data.entries.length ? b : null);
      } catch (err) {
        if (!(err instanceof BaselineError) || !onError) throw err;
        onError(err);
        byRoot.set(root, null);
      }
    }
    return byRoot.get(root) ?? undefined;
  };
}
