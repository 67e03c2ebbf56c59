// Evidence from files: .gitignore coverage, .env.example completeness, tracked secrets files.
import ignore from 'ignore';
import { isTestPath } from '../../core/languages';
import { declaredNames } from '../../workspace/envReads';
import { baseName, capped, dirName, plural, type EvalContext } from '../context';
import { stringList, type ChecklistItem } from '../items';
import type { EvidenceEntry, Verdict } from '../types';

/** Example files that document variables (the item's `file` parameter first). */
const EXAMPLE_NAMES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env', 'sample.env'];
const SECRETISH = /^(\.env(\..+)?|.*\.(pem|key|p12|pfx)|id_(rsa|dsa|ecdsa|ed25519)|secrets\.toml)$/;

export function gitignoreCovers(item: ChecklistItem, ctx: EvalContext): Verdict {
  const must = stringList(item, 'mustIgnore');
  const mustNot = stringList(item, 'mustNotIgnore');
  const evidence: EvidenceEntry[] = [];
  const hasGitignore = ctx.repo.exists('.gitignore');
  if (!hasGitignore) evidence.push({ message: 'There is no .gitignore at the project root.', level: 'problem' });
  const missing = must.filter((p) => !ctx.repo.isIgnored(p));
  for (const p of missing) evidence.push({ message: `${p} is not ignored`, path: hasGitignore ? '.gitignore' : undefined, level: 'problem' });
  const wronglyIgnored = mustNot.filter((p) => ctx.repo.isIgnored(p));
  for (const p of wronglyIgnored) evidence.push({ message: `${p} is ignored, but it should be committed (add !${p})`, path: '.gitignore', level: 'problem' });
  // Real files next to the probes: a secrets file that exists and is not ignored is the worst case.
  const real = ctx.files.map((f) => f.path).filter((p) => SECRETISH.test(baseName(p)) && !EXAMPLE_NAMES.includes(baseName(p)) && !ctx.repo.isIgnored(p));
  for (const p of real) evidence.push({ message: `${p} exists and is not ignored by git`, path: p, level: 'problem' });
  if (!evidence.length) {
    return { state: 'pass', summary: `.gitignore covers all ${must.length} secret and environment paths.`, evidence: [{ message: `Ignored: ${must.join(', ')}${mustNot.length ? `; kept: ${mustNot.join(', ')}` : ''}`, path: '.gitignore', level: 'info' }] };
  }
  const count = missing.length + wronglyIgnored.length + real.length;
  return {
    state: 'fail',
    summary: hasGitignore ? `${plural(count, 'path')} not handled by .gitignore.` : 'No .gitignore.',
    evidence,
    fixes: missing.length || wronglyIgnored.length || !hasGitignore || real.length ? [{ id: 'gitignore-add', title: 'Add the missing patterns to .gitignore' }] : [],
  };
}

/** Example files that apply to a code file: in its folder or any folder above it, up to the root. */
function examplesFor(path: string, examples: Map<string, Set<string>>): Set<string>[] {
  const out: Set<string>[] = [];
  for (let d = dirName(path); ; d = dirName(d)) {
    for (const name of EXAMPLE_NAMES) {
      const hit = examples.get(d ? `${d}/${name}` : name);
      if (hit) out.push(hit);
    }
    if (!d) break;
  }
  return out;
}

/** Every example file in the workspace, with the names it declares. */
export function exampleFiles(ctx: EvalContext, preferred: string): Map<string, Set<string>> {
  const paths = new Set(ctx.files.map((f) => f.path).filter((p) => EXAMPLE_NAMES.includes(baseName(p))));
  if (ctx.repo.exists(preferred)) paths.add(preferred); // even when an ignore rule hides it from the walk
  const out = new Map<string, Set<string>>();
  for (const p of paths) out.set(p, declaredNames(ctx.repo.read(p) ?? ''));
  return out;
}

export interface MissingEnv {
  name: string;
  path: string;
  line: number;
  more: number;
  /** The example file the name belongs in. */
  target: string;
}

/** Variables read by non-test code and missing from the example file that applies to the reader. */
export function missingEnvNames(ctx: EvalContext, preferred: string): { missing: MissingEnv[]; readCount: number; examples: Map<string, Set<string>> } {
  const examples = exampleFiles(ctx, preferred);
  const byName = new Map<string, MissingEnv>();
  const readNames = new Set<string>();
  for (const f of ctx.files) {
    if (isTestPath(f.path)) continue;
    for (const r of f.envReads) {
      readNames.add(r.name);
      const applicable = examplesFor(f.path, examples);
      if (applicable.some((names) => names.has(r.name))) continue;
      const known = byName.get(r.name);
      if (known) { known.more++; continue; }
      const nearest = [...examples.keys()].filter((e) => f.path.startsWith(dirName(e) ? `${dirName(e)}/` : '')).sort((a, b) => b.length - a.length)[0];
      byName.set(r.name, { name: r.name, path: f.path, line: r.line, more: 0, target: nearest ?? preferred });
    }
  }
  return { missing: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), readCount: readNames.size, examples };
}

export function envExampleComplete(item: ChecklistItem, ctx: EvalContext): Verdict {
  const preferred = typeof item.evidence.params.file === 'string' ? item.evidence.params.file : '.env.example';
  const { missing, readCount, examples } = missingEnvNames(ctx, preferred);
  if (!readCount) return { state: 'pass', summary: 'The code reads no environment variables.', evidence: [] };
  if (!missing.length) {
    return { state: 'pass', summary: `All ${plural(readCount, 'variable')} the code reads are in ${[...examples.keys()].join(', ')}.`, evidence: [...examples.keys()].map((p) => ({ message: `${p} declares ${plural(examples.get(p)?.size ?? 0, 'name')}`, path: p, level: 'info' as const })) };
  }
  const evidence: EvidenceEntry[] = [];
  if (!examples.size) evidence.push({ message: `There is no ${preferred}; the code reads ${plural(readCount, 'variable')}.`, level: 'problem' });
  for (const m of missing) evidence.push({ message: `${m.name} is read here${m.more ? ` (and in ${plural(m.more, 'other place')})` : ''} but missing from ${m.target}`, path: m.path, line: m.line, level: 'problem' });
  return {
    state: 'fail',
    summary: examples.size ? `${plural(missing.length, 'variable')} missing from ${[...new Set(missing.map((m) => m.target))].join(', ')}.` : `No ${preferred} (${plural(readCount, 'variable')} read).`,
    evidence: capped(evidence),
    fixes: [{ id: 'env-example-add', title: examples.size ? `Add ${plural(missing.length, 'missing name')} to ${[...new Set(missing.map((m) => m.target))].join(', ')}` : `Create ${preferred} with ${plural(missing.length, 'name')}` }],
  };
}

export function noTrackedSecretFiles(item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.repo.git) return { state: 'unknown', summary: `Cannot check: ${ctx.repo.gitProblem ?? 'no git repository'}.`, evidence: [{ message: `Tracked files come from git ls-files; ${ctx.repo.gitProblem ?? 'no git repository'}.`, level: 'info' }] };
  const secret = ignore().add(stringList(item, 'patterns'));
  const allowed = ignore().add(stringList(item, 'allow'));
  const tracked = ctx.repo.git.tracked.filter((p) => secret.ignores(p) && !allowed.ignores(p));
  if (!tracked.length) return { state: 'pass', summary: ctx.repo.git.tracked.length ? `None of the ${plural(ctx.repo.git.tracked.length, 'tracked file')} is a secrets file.` : 'No files are tracked yet.', evidence: [] };
  return {
    state: 'fail',
    summary: `${plural(tracked.length, 'secrets file')} tracked by git.`,
    evidence: capped(tracked.map((p) => ({ message: `${p} is tracked: rotate what it holds, then git rm --cached "${p}"`, path: p, level: 'problem' as const }))),
  };
}
