// Project-model facts per handler, as plain data keyed by `path:line`, for rules that run one file at a time
// (`rate-limit-missing` and `debug-endpoint` read them through `AnalyzeOptions.handlerFacts`).
import type { HandlerFacts } from '../core/types';
import type { ProjectModel } from './project';

export type HandlerHints = Record<string, HandlerFacts>;

export const hintKey = (file: string, line: number): string => `${file}:${line}`;

export function handlerHints(model: ProjectModel): HandlerHints {
  const out: HandlerHints = {};
  for (const e of model.endpoints()) {
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
  return out;
}
