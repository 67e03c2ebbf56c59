// What every evidence evaluator receives: per-file facts, the endpoint inventory, repo facts, settings.
import type { SeveritySetting } from '../core/types';
import type { AppKind, StackReport } from '../model/stacks';
import type { Endpoint } from '../workspace/endpointTypes';
import type { FileFacts } from './fileFacts';
import type { ChecklistItem } from './items';
import type { RepoFacts } from './repoFacts';
import type { EvidenceEntry, Verdict } from './types';

export interface EvalContext {
  root: string;
  /** Facts of every walked file (workspace-relative paths). */
  files: readonly FileFacts[];
  endpoints: readonly Endpoint[];
  /** The apps of the workspace (stack detection): which items apply and what they require. */
  stacks: StackReport;
  repo: RepoFacts;
  /** `preflight.rules` severities: a rule set to "off" does not count as evidence. */
  severities: Readonly<Record<string, SeveritySetting>>;
  /** Ids of the rules this build has. */
  knownRules: ReadonlySet<string>;
  /** False while the background workspace analysis has not finished: code-based items say "unknown". */
  analysisComplete: boolean;
}

export type Evaluator = (item: ChecklistItem, ctx: EvalContext) => Verdict;

/** Longest evidence list sent for one item; the rest is summarised in one line. */
const MAX_EVIDENCE = 60;

export function capped(entries: EvidenceEntry[]): EvidenceEntry[] {
  if (entries.length <= MAX_EVIDENCE) return entries;
  return [...entries.slice(0, MAX_EVIDENCE), { message: `… and ${entries.length - MAX_EVIDENCE} more`, level: 'info' }];
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export function analysing(): Verdict {
  return {
    state: 'unknown',
    summary: 'Workspace analysis is still running.',
    evidence: [{ message: 'The background analysis of the workspace has not finished yet.', level: 'info' }],
  };
}

export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
export const dirName = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** An item that does not concern this workspace's stacks; `why` completes "not applicable: …". */
export function notApplicable(why: string): Verdict {
  return { state: 'not-applicable', summary: `Not applicable: ${why}.`, evidence: [] };
}

const KIND_WORDS: Record<AppKind, string> = {
  'web-server': 'web server',
  'front-end': 'front end',
  streamlit: 'Streamlit or Gradio app',
  bot: 'bot',
  other: 'app',
};

/** Names the kinds for "no web server or bot in this workspace". */
export const kindWords = (kinds: readonly AppKind[]): string => kinds.map((k) => KIND_WORDS[k]).join(' or ');

/** Apps of these kinds. */
export const appsOfKind = (ctx: EvalContext, kinds: readonly AppKind[]): EvalContext['stacks']['apps'] =>
  ctx.stacks.apps.filter((a) => kinds.includes(a.kind));
