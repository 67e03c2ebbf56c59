// Project-model facts per handler, as plain data keyed by `path:line`, for rules that run one file at a time
// (`rate-limit-missing` and `debug-endpoint` read them through `AnalyzeOptions.handlerFacts`), and per function
// the parameters every caller passes a constant to (`xss-sink`).
import type { HandlerFacts } from '../core/types';
import type { InventoryOptions } from '../workspace/endpoints';
import type { ProjectModel } from './project';

export type HandlerHints = Record<string, HandlerFacts>;

export const hintKey = (file: string, line: number): string => `${file}:${line}`;

/** Pass the options the inventory is shown with (`publicEndpoints`), so both read one cached resolution. */
export function handlerHints(model: ProjectModel, options: InventoryOptions = {}): HandlerHints {
  const out: HandlerHints = {};
  for (const e of model.endpoints(options)) {
    const key = hintKey(e.file, e.line);
    const known = out[key];
    // A handler mounted twice is limited only if every mount limits it.
    const limited = e.rateLimited && (!known || known.rateLimitBy !== undefined);
    const paths = known?.paths ?? [];
    out[key] = {
      ai: known?.ai ?? (e.ai ? { call: e.ai.call, chain: e.ai.chain } : undefined),
      rateLimitBy: limited ? e.rateLimitBy : undefined,
      paths: e.kind === 'http' && e.path && !paths.includes(e.path) ? [...paths, e.path] : paths,
    };
  }
  // A handler is called by its framework with what a request carries, whatever its other callers pass.
  // Line 1 is where a Streamlit page's facts live (a page is known as one by having them): never shared.
  for (const c of model.constantParams()) {
    const key = hintKey(c.file, c.line);
    if (!out[key] && c.line > 1) out[key] = { constantParams: c.params };
  }
  return out;
}

/** The hints of each file, as one comparable string per file: a file is re-analysed when its string changes. */
export function hintsByFile(
  hints: HandlerHints,
): Map<string, { key: string; at: (line: number) => HandlerFacts | undefined }> {
  const grouped = new Map<string, HandlerHints>();
  for (const [key, facts] of Object.entries(hints)) {
    const file = key.slice(0, key.lastIndexOf(':'));
    let one = grouped.get(file);
    if (!one) grouped.set(file, (one = {}));
    one[key] = facts;
  }
  const out = new Map<string, { key: string; at: (line: number) => HandlerFacts | undefined }>();
  for (const [file, one] of grouped)
    out.set(file, { key: JSON.stringify(one), at: (line) => one[hintKey(file, line)] });
  return out;
}
