// The fix harness over ../shared/realworld: every fix offered on every finding of every project is applied to
// a copy in memory and checked (parses, clears its finding, adds none). Every fix also needs a verdict in
// fixes.tsv, judged by reading the diff: `correct`, or `wrong` with why (a fix judged wrong fails).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import { mask } from '../../server/src/core/masking';
import { detectSecrets } from '../../server/src/secrets/detect';
import { initParsers } from '../../server/src/parse/parser';
import { readTextFile } from '../../server/src/workspace/readText';
import { walkFiles } from '../../server/src/workspace/walk';
import { REPO } from '../helpers/core';
import { checkFixes, correct, type FixOutcome } from '../helpers/fixCheck';
import { lineKey, projects, REALWORLD } from './verdicts';

const FIX_VERDICTS_FILE = join(REPO, 'test', 'realworld', 'fixes.tsv');

export interface RealFix extends FixOutcome {
  project: string;
  /** The finding's line, keyed like verdicts.tsv. */
  text: string;
}

export interface FixVerdict {
  project: string;
  path: string;
  rule: string;
  text: string;
  title: string;
  verdict: 'correct' | 'wrong';
  reason: string;
}

export const fixKey = (x: {
  project: string;
  path: string;
  rule?: string;
  ruleId?: string;
  text: string;
  title: string;
}) => [x.project, x.path, x.rule ?? x.ruleId, x.text, x.title].join('\t');

export function readFixVerdicts(file = FIX_VERDICTS_FILE): FixVerdict[] {
  if (!existsSync(file)) return [];
  const out: FixVerdict[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim() || raw.startsWith('#') || i === 0) return;
      const cols = raw.split('\t');
      if (cols.length !== 7 || !['correct', 'wrong'].includes(cols[5]) || !cols[6].trim())
        throw new Error(`${file}:${i + 1}: want 7 tab-separated columns with correct/wrong and a reason`);
      const [project, path, rule, text, title, verdict, reason] = cols;
      out.push({ project, path, rule, text, title, verdict: verdict as 'correct' | 'wrong', reason });
    });
  return out;
}

/** Every fix of every finding in one project. */
function projectFixes(project: string): RealFix[] {
  const root = join(REALWORLD, project);
  const readFile = (rel: string): string | undefined => {
    const r = readTextFile(join(root, rel));
    return r.ok ? r.text : undefined;
  };
  const out: RealFix[] = [];
  for (const f of walkFiles([root])) {
    const read = readTextFile(f.absPath);
    if (!read.ok) continue;
    const lines = read.text.split('\n');
    for (const o of checkFixes(f.relPath, read.text, { readFile }))
      out.push({ ...o, project, text: lineKey(lines[o.line - 1] ?? '') });
  }
  return out;
}

export async function allRealFixes(): Promise<RealFix[]> {
  await initParsers();
  return projects().flatMap(projectFixes);
}

/** The fix as a unified diff (two lines of context), every secret the detector sees masked on both sides. */
export function diffOf(o: FixOutcome): string {
  const masked = (text: string) => {
    let out = text;
    for (const h of detectSecrets(o.before, { path: o.path }).sort((x, y) => y.start - x.start))
      out = out.split(h.value).join(mask(h.value));
    return out;
  };
  const patch = structuredPatch('a', 'b', masked(o.before), masked(o.after), '', '', { context: 2 });
  return patch.hunks.map((h) => h.lines.join('\n')).join('\n...\n');
}

export { correct };
