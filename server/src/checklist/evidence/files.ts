// Evidence from files: .gitignore coverage, .env.example completeness, tracked secrets files.
import ignore from 'ignore';
import { isTestPath } from '../../core/languages';
import { declaredNames } from '../../workspace/envReads';
import { baseName, capped, dirName, notApplicable, plural, type EvalContext } from '../context';
import { stringList, type ChecklistItem } from '../items';
import type { EvidenceEntry, Verdict } from '../types';

/** Example files that document variables, under their common names. */
const EXAMPLE_NAMES = [
  '.env.example',
  '.env.sample',
  '.env.template',
  '.env.dist',
  '.env.local.example',
  '.env.example.local',
  'env_template',
  'env.example',
  'example.env',
  'sample.env',
  '.env.defaults',
];
const SECRETISH = /^(\.env(\..+)?|.*\.(pem|key|p12|pfx)|id_(rsa|dsa|ecdsa|ed25519)|secrets\.toml)$/;
const KEY_FILE = /\.(pem|key|p12|pfx)$/;
const VENV_NAMES = ['.venv', 'venv', 'env', '.virtualenv'];

interface Probe {
  path: string;
  /** Why this project needs it ignored: "Node app in frontend/". */
  why: string;
  /** Any one of these ignored is enough (virtualenv folder names when none exists yet). */
  anyOf?: string[];
}

const at = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);
const where = (dir: string): string => (dir ? ` in ${dir}/` : '');

/** What this workspace must ignore, derived from its apps and the files that exist. */
function requiredProbes(item: ChecklistItem, ctx: EvalContext): Probe[] {
  const base = stringList(item, 'mustIgnore');
  const probes: Probe[] = [];
  const add = (p: Probe): void => {
    if (!probes.some((x) => x.path === p.path)) probes.push(p);
  };
  const dirs = ['', ...ctx.stacks.apps.map((a) => a.dir)];
  for (const dir of new Set(dirs))
    for (const name of base) add({ path: at(dir, name), why: `environment file${where(dir)}` });
  for (const app of ctx.stacks.apps) {
    const node = app.manifests.some((m) => baseName(m) === 'package.json');
    const python = app.languages.includes('python');
    if (node) {
      add({ path: at(app.dir, 'node_modules/'), why: `Node packages of ${app.description}` });
      // .env.local is the convention of front-end tooling (Vite, Next.js, Create React App), not of Node servers.
      if (
        app.kind === 'front-end' ||
        app.frameworks.some((f) => ['nextjs', 'nuxt', 'sveltekit', 'bundler'].includes(f.id))
      )
        add({ path: at(app.dir, '.env.local'), why: `local environment file of ${app.description}` });
    }
    if (python) {
      const existing = VENV_NAMES.filter((v) => ctx.repo.exists(at(app.dir, `${v}/pyvenv.cfg`)));
      for (const v of existing) add({ path: at(app.dir, `${v}/`), why: `the virtualenv${where(app.dir)} exists` });
      if (!existing.length && !ctx.stacks.apps.some((a) => a !== app && !a.dir && a.languages.includes('python')))
        add({
          path: at(app.dir, '.venv/'),
          anyOf: VENV_NAMES.map((v) => at(app.dir, `${v}/`)),
          why: `virtualenv of ${app.description}`,
        });
    }
    if (app.frameworks.some((f) => f.id === 'streamlit'))
      add({ path: at(app.dir, '.streamlit/secrets.toml'), why: `Streamlit secrets of ${app.description}` });
  }
  // Streamlit secrets next to any .streamlit/ folder, wherever it is.
  for (const f of ctx.files)
    if (/(^|\/)\.streamlit\/[^/]+$/.test(f.path))
      add({
        path: at(dirName(dirName(f.path)), '.streamlit/secrets.toml'),
        why: `a .streamlit/ folder exists${where(dirName(dirName(f.path)))}`,
      });
  // Key files: only where such files exist or the code names one.
  const keyFiles = ctx.files.filter((f) => KEY_FILE.test(f.path));
  const readers = ctx.files.filter((f) => f.keyFileRef !== undefined && !isTestPath(f.path));
  if (keyFiles.length || readers.length) {
    const why = keyFiles.length
      ? `key files exist (${keyFiles[0].path})`
      : `the code names a key file (${readers[0].path}:${readers[0].keyFileRef})`;
    add({ path: 'key.pem', why });
    add({ path: 'server.key', why });
  }
  return probes;
}

/** Probe paths git does not ignore yet (what the Fix button adds patterns for). */
export function missingIgnores(item: ChecklistItem, ctx: EvalContext): string[] {
  return requiredProbes(item, ctx)
    .filter((p) => !(p.anyOf ?? [p.path]).some((x) => ctx.repo.isIgnored(x)))
    .map((p) => p.path);
}

/**
 * Example env files that exist: walked ones, plus the common names at the root and in app folders (the walk skips
 * ignored ones).
 */
export function existingExamples(ctx: EvalContext): string[] {
  const out = new Set(ctx.files.map((f) => f.path).filter((p) => EXAMPLE_NAMES.includes(baseName(p))));
  for (const dir of new Set(['', ...ctx.stacks.apps.map((a) => a.dir)]))
    for (const name of EXAMPLE_NAMES) if (ctx.repo.exists(at(dir, name))) out.add(at(dir, name));
  return [...out].sort();
}

/** Existing secret-looking files (not examples) that git would have to ignore. */
function secretFiles(ctx: EvalContext): string[] {
  return ctx.files
    .map((f) => f.path)
    .filter(
      (p) => SECRETISH.test(baseName(p)) && !EXAMPLE_NAMES.includes(baseName(p)) && !/\.example$|\.sample$/.test(p),
    );
}

/** Every path the gitignore item asks git about (so the answers come from git's own rules). */
export function ignoreProbes(item: ChecklistItem, ctx: EvalContext): string[] {
  const examples = existingExamples(ctx);
  return [...requiredProbes(item, ctx).flatMap((p) => p.anyOf ?? [p.path]), ...secretFiles(ctx), ...examples];
}

export function gitignoreCovers(item: ChecklistItem, ctx: EvalContext): Verdict {
  const evidence: EvidenceEntry[] = [];
  const hasGitignore = ctx.repo.exists('.gitignore') || ctx.files.some((f) => baseName(f.path) === '.gitignore');
  const probes = requiredProbes(item, ctx);
  const missing = probes.filter((p) => !(p.anyOf ?? [p.path]).some((x) => ctx.repo.isIgnored(x)));
  if (ctx.repo.ignoreFileProblem) evidence.push({ message: ctx.repo.ignoreFileProblem, level: 'problem' });
  for (const p of missing)
    evidence.push({
      message: `${p.path} is not ignored: ${p.why}`,
      path: ctx.repo.exists('.gitignore') ? '.gitignore' : undefined,
      level: 'problem',
    });
  // Example files must stay committable: ignored and untracked means teammates never get them.
  const tracked = new Set(ctx.repo.git?.tracked ?? []);
  const examples = existingExamples(ctx);
  const wronglyIgnored = examples.filter((p) => ctx.repo.isIgnored(p) && !tracked.has(p));
  for (const p of wronglyIgnored)
    evidence.push({
      message: `${p} is ignored, but it should be committed (add !${baseName(p)})`,
      path: p,
      level: 'problem',
    });
  // Real files next to the probes: a secrets file that exists and is not ignored is the worst case.
  const real = secretFiles(ctx).filter((p) => !ctx.repo.isIgnored(p) && !tracked.has(p));
  for (const p of real) evidence.push({ message: `${p} exists and is not ignored by git`, path: p, level: 'problem' });
  if (!evidence.length) {
    return {
      state: 'pass',
      summary: `git ignores all ${plural(probes.length, 'path')} this project needs ignored.`,
      evidence: probes.map((p) => ({ message: `${p.path} is ignored: ${p.why}`, level: 'info' as const })),
    };
  }
  const count = Math.max(1, missing.length + wronglyIgnored.length + real.length);
  return {
    state: 'fail',
    summary: hasGitignore
      ? `${plural(count, 'path')} not handled by .gitignore.`
      : `No .gitignore; ${plural(count, 'path')} not ignored.`,
    evidence,
    fixes: [{ id: 'gitignore-add', title: 'Add the missing patterns to .gitignore' }],
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
function exampleFiles(ctx: EvalContext, preferred: string): Map<string, Set<string>> {
  const paths = new Set(existingExamples(ctx));
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
export function missingEnvNames(
  ctx: EvalContext,
  preferred: string,
): { missing: MissingEnv[]; readCount: number; examples: Map<string, Set<string>> } {
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
      if (known) {
        known.more++;
        continue;
      }
      const nearest = [...examples.keys()]
        .filter((e) => f.path.startsWith(dirName(e) ? `${dirName(e)}/` : ''))
        .sort((a, b) => b.length - a.length)[0];
      byName.set(r.name, { name: r.name, path: f.path, line: r.line, more: 0, target: nearest ?? preferred });
    }
  }
  return {
    missing: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
    readCount: readNames.size,
    examples,
  };
}

export function envExampleComplete(item: ChecklistItem, ctx: EvalContext): Verdict {
  const preferred = typeof item.evidence.params.file === 'string' ? item.evidence.params.file : '.env.example';
  const { missing, readCount, examples } = missingEnvNames(ctx, preferred);
  if (!readCount) return notApplicable('the code reads no environment variables');
  if (!missing.length) {
    return {
      state: 'pass',
      summary: `All ${plural(readCount, 'variable')} the code reads are in ${[...examples.keys()].join(', ')}.`,
      evidence: [...examples.keys()].map((p) => ({
        message: `${p} declares ${plural(examples.get(p)?.size ?? 0, 'name')}`,
        path: p,
        level: 'info' as const,
      })),
    };
  }
  const evidence: EvidenceEntry[] = [];
  if (!examples.size)
    evidence.push({
      message: `There is no ${preferred}; the code reads ${plural(readCount, 'variable')}.`,
      level: 'problem',
    });
  for (const m of missing)
    evidence.push({
      message:
        `${m.name} is read here${m.more ? ` (and in ${plural(m.more, 'other place')})` : ''} but missing ` +
        `from ${m.target}`,
      path: m.path,
      line: m.line,
      level: 'problem',
    });
  return {
    state: 'fail',
    summary: examples.size
      ? `${plural(missing.length, 'variable')} missing from ${[...new Set(missing.map((m) => m.target))].join(', ')}.`
      : `No ${preferred} (${plural(readCount, 'variable')} read).`,
    evidence: capped(evidence),
    fixes: [
      {
        id: 'env-example-add',
        title: examples.size
          ? `Add ${plural(missing.length, 'missing name')} to ${[...new Set(missing.map((m) => m.target))].join(', ')}`
          : `Create ${preferred} with ${plural(missing.length, 'name')}`,
      },
    ],
  };
}

export function noTrackedSecretFiles(item: ChecklistItem, ctx: EvalContext): Verdict {
  if (!ctx.repo.git)
    return {
      state: 'unknown',
      summary: `Cannot check: ${ctx.repo.gitProblem ?? 'no git repository'}.`,
      evidence: [
        {
          message: `Tracked files come from git ls-files; ${ctx.repo.gitProblem ?? 'no git repository'}.`,
          level: 'info',
        },
      ],
    };
  const secret = ignore().add(stringList(item, 'patterns'));
  const allowed = ignore().add(stringList(item, 'allow'));
  const tracked = ctx.repo.git.tracked.filter((p) => secret.ignores(p) && !allowed.ignores(p));
  if (!tracked.length)
    return {
      state: 'pass',
      summary: ctx.repo.git.tracked.length
        ? `None of the ${plural(ctx.repo.git.tracked.length, 'tracked file')} is a secrets file.`
        : 'No files are tracked yet.',
      evidence: [],
    };
  return {
    state: 'fail',
    summary: `${plural(tracked.length, 'secrets file')} tracked by git.`,
    evidence: capped(
      tracked.map((p) => ({
        message: `${p} is tracked: rotate what it holds, then git rm --cached "${p}"`,
        path: p,
        level: 'problem' as const,
      })),
    ),
  };
}
