// Stack detection: which apps a workspace holds (a monorepo has several, e.g. backend/ + frontend/), and
// for each its languages, frameworks, package managers, lockfiles and deploy files. Pure: it sees the
// workspace only through `ProjectTree`, so the checklist, the CLI and the project model share it.
import { isTestPath } from '../core/languages';

/** What stack detection needs from the workspace. */
export interface ProjectTree {
  /** Workspace-relative paths (forward slashes) of the walked files; lockfiles may be absent (the walk skips them). */
  paths: readonly string[];
  /** A small text file's content, or undefined. */
  read: (rel: string) => string | undefined;
  exists: (rel: string) => boolean;
}

export type Language = 'python' | 'javascript' | 'typescript';
/** What an app is, which decides the checklist items that apply to it. */
export type AppKind = 'web-server' | 'front-end' | 'streamlit' | 'bot' | 'other';

export interface Framework {
  id: string;
  /** Display name: "FastAPI", "python-telegram-bot". */
  name: string;
  kind: AppKind;
  /** Where it was seen: a manifest or a code file. */
  from: string;
}

export interface App {
  /** Workspace-relative folder ('' = the root). */
  dir: string;
  languages: Language[];
  frameworks: Framework[];
  /** The most telling kind among the frameworks (a web server wins over a front end, a front end over a bot). */
  kind: AppKind;
  manifests: string[];
  packageManagers: string[];
  /** Lockfiles that pin this app's dependencies: in its folder or a folder above it (workspaces). */
  lockfiles: string[];
  /** Dockerfile, compose files, Procfile, vercel.json, fly.toml... inside the app folder. */
  deploy: string[];
  /** One line: "FastAPI backend in backend/". */
  description: string;
}

export interface StackReport {
  apps: App[];
  /** Deploy files outside every app folder (e.g. a root docker-compose.yml of a monorepo). */
  deploy: string[];
  /** One line for the top of the sidebar: "FastAPI backend in backend/, React front end in frontend/". */
  summary: string;
}

interface FrameworkSpec {
  id: string;
  name: string;
  kind: AppKind;
  /** Package names in manifests (lower case). */
  packages: string[];
  /** Import forms in code. */
  code: RegExp;
  family: 'python' | 'js';
}

const PY_WEB: Array<[string, string, string[], RegExp]> = [
  ['fastapi', 'FastAPI', ['fastapi'], /^\s*(from\s+fastapi\b|import\s+fastapi\b)/m],
  ['flask', 'Flask', ['flask'], /^\s*(from\s+flask\s+import|import\s+flask\b)/m],
  ['django', 'Django', ['django'], /^\s*(from\s+django\b|import\s+django\b)/m],
  ['starlette', 'Starlette', ['starlette'], /^\s*from\s+starlette\.applications\s+import/m],
  ['quart', 'Quart', ['quart'], /^\s*from\s+quart\s+import/m],
  ['litestar', 'Litestar', ['litestar'], /^\s*from\s+litestar\s+import/m],
  ['sanic', 'Sanic', ['sanic'], /^\s*from\s+sanic\s+import/m],
];
const JS_WEB: Array<[string, string, string[], RegExp]> = [
  ['nextjs', 'Next.js', ['next'], /from\s+['"]next\/(server|navigation|router)['"]/],
  ['express', 'Express', ['express'], /(require\(\s*|from\s+)['"]express['"]/],
  ['fastify', 'Fastify', ['fastify'], /(require\(\s*|from\s+)['"]fastify['"]/],
  ['koa', 'Koa', ['koa'], /(require\(\s*|from\s+)['"]koa['"]/],
  ['hono', 'Hono', ['hono'], /from\s+['"]hono['"]/],
  ['nestjs', 'NestJS', ['@nestjs/core'], /from\s+['"]@nestjs\/core['"]/],
  ['sveltekit', 'SvelteKit', ['@sveltejs/kit'], /from\s+['"]@sveltejs\/kit['"]/],
  ['nuxt', 'Nuxt', ['nuxt'], /from\s+['"]nuxt/],
];
const FRONT: Array<[string, string, string[], RegExp]> = [
  ['react', 'React', ['react'], /from\s+['"]react['"]/],
  ['vue', 'Vue', ['vue'], /from\s+['"]vue['"]/],
  ['svelte', 'Svelte', ['svelte'], /from\s+['"]svelte['"]/],
  ['angular', 'Angular', ['@angular/core'], /from\s+['"]@angular\/core['"]/],
];
const PY_BOTS: Array<[string, string, string[], RegExp]> = [
  ['aiogram', 'aiogram', ['aiogram'], /^\s*(from\s+aiogram\b|import\s+aiogram\b)/m],
  ['python-telegram-bot', 'python-telegram-bot', ['python-telegram-bot'], /^\s*from\s+telegram(\.ext)?\s+import/m],
  ['telebot', 'pyTelegramBotAPI', ['pytelegrambotapi'], /^\s*(import\s+telebot\b|from\s+telebot\b)/m],
  ['discord.py', 'discord.py', ['discord.py', 'py-cord'], /^\s*(import\s+discord\b|from\s+discord\.ext\b)/m],
  ['slack-bolt', 'Slack Bolt', ['slack-bolt', 'slack_bolt'], /^\s*from\s+slack_bolt\b/m],
];
const JS_BOTS: Array<[string, string, string[], RegExp]> = [
  ['telegraf', 'Telegraf', ['telegraf'], /(require\(\s*|from\s+)['"]telegraf['"]/],
  ['grammy', 'grammY', ['grammy'], /(require\(\s*|from\s+)['"]grammy['"]/],
  ['node-telegram-bot-api', 'node-telegram-bot-api', ['node-telegram-bot-api'], /['"]node-telegram-bot-api['"]/],
  ['discord.js', 'discord.js', ['discord.js'], /(require\(\s*|from\s+)['"]discord\.js['"]/],
];

const spec = (
  family: 'python' | 'js',
  kind: AppKind,
  rows: Array<[string, string, string[], RegExp]>,
): FrameworkSpec[] => rows.map(([id, name, packages, code]) => ({ id, name, kind, packages, code, family }));

const FRAMEWORKS: FrameworkSpec[] = [
  ...spec('python', 'web-server', PY_WEB),
  {
    id: 'streamlit',
    name: 'Streamlit',
    kind: 'streamlit',
    packages: ['streamlit'],
    code: /^\s*import\s+streamlit\b/m,
    family: 'python',
  },
  {
    id: 'gradio',
    name: 'Gradio',
    kind: 'streamlit',
    packages: ['gradio'],
    code: /^\s*import\s+gradio\b/m,
    family: 'python',
  },
  ...spec('python', 'bot', PY_BOTS),
  ...spec('js', 'web-server', JS_WEB),
  ...spec('js', 'front-end', FRONT),
  ...spec('js', 'bot', JS_BOTS),
  // A bundler without a UI framework still means browser code (vanilla JS front ends).
  ...spec('js', 'front-end', [['bundler', 'JavaScript', ['webpack', 'vite', 'parcel', 'rollup'], /^$a/]]),
];

/** Kinds in order of precedence when an app has several frameworks. */
const KIND_ORDER: AppKind[] = ['web-server', 'streamlit', 'front-end', 'bot', 'other'];

const NODE_LOCKS: Array<[string, string]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];
const PY_LOCKS: Array<[string, string]> = [
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['Pipfile.lock', 'pipenv'],
  ['pdm.lock', 'pdm'],
  ['requirements.lock', 'rye'],
];
/** @public API of the project model for the checklist's consumers (not used yet). */
export const LOCKFILE_NAMES = [...NODE_LOCKS, ...PY_LOCKS].map(([n]) => n);

const DEPLOY =
  /(^|\/)(Dockerfile(\.[\w.-]+)?|[\w.-]*\.Dockerfile|(docker-)?compose(\.[\w.-]+)?\.ya?ml|docker-compose\.[\w.-]+\.ya?ml|Procfile|vercel\.json|fly\.toml|netlify\.toml|render\.yaml|railway\.(json|toml)|app\.yaml|azure\.yaml|serverless\.ya?ml)$/;
const REQUIREMENTS = /^requirements[\w.-]*\.(txt|in)$/;
/** Folders whose manifests are examples, tests or docs, not apps of this project. */
const NOT_APP =
  /(^|\/)(examples?|samples?|fixtures?|docs?|demo|e2e|playwright[\w-]*|cypress|node_modules|vendor|third_party)(\/|$)/;
const CODE = /\.(py|[cm]?[jt]sx?|vue|svelte)$/;

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const dirName = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);
/** True when `path` is `dir` itself or inside it. */
export const isInside = (path: string, dir: string): boolean => !dir || path === dir || path.startsWith(`${dir}/`);

/** The folder a manifest makes an app: requirements/*.txt belong to the folder above. */
function manifestDir(path: string): string | undefined {
  const name = baseName(path);
  const dir = dirName(path);
  if (NOT_APP.test(dir) || isTestPath(`${path}`)) return undefined;
  if (REQUIREMENTS.test(name)) return baseName(dir) === 'requirements' ? dirName(dir) : dir;
  if (['package.json', 'pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg'].includes(name)) return dir;
  return undefined;
}

/** Lower-case package names declared in a manifest's text (a loose reading, enough to name frameworks). */
function declaredPackages(name: string, text: string): string[] {
  if (name === 'package.json') {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const out: string[] = [];
      for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const deps = json[key];
        if (deps && typeof deps === 'object') out.push(...Object.keys(deps));
      }
      return out.map((s) => s.toLowerCase());
    } catch {
      return [];
    }
  }
  const out: string[] = [];
  // Requirement lines, TOML dependency arrays ("fastapi>=0.1"), Poetry tables (fastapi = "^0.1"), setup.py lists.
  for (const m of text.matchAll(/^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(["',]|[=<>~!^ ]|$)/gm))
    out.push(m[1]);
  for (const m of text.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*([=<>~!;][^"']*)?["']/g))
    out.push(m[1]);
  return out.map((s) => s.toLowerCase().replace(/_/g, '-'));
}

/**
 * True when a manifest declares dependencies (a package.json with only scripts, a pyproject with only ruff settings do
 * not).
 */
export function declaresDependencies(name: string, text: string): boolean {
  if (name === 'package.json') return /"(dev|peer|optional)?[dD]ependencies"\s*:\s*\{\s*"/.test(text);
  if (name === 'pyproject.toml')
    return /^\s*dependencies\s*=\s*\[\s*["']|^\[tool\.poetry\.(group\.\w+\.)?dependencies\]/m.test(text);
  if (name === 'setup.py') return /install_requires/.test(text);
  if (name === 'setup.cfg') return /install_requires\s*=\s*\S/.test(text);
  return /^\s*[A-Za-z0-9]/m.test(text);
}

/** A requirements file's text with the files it includes (`-r base.txt`), so a one-line requirements.txt tells all. */
export function requirementsText(tree: Pick<ProjectTree, 'read'>, path: string, depth = 0): string {
  const text = tree.read(path) ?? '';
  if (depth > 3) return text;
  const parts = [text.replace(/^\s*-[rc]\s+.*$/gm, '')];
  for (const m of text.matchAll(/^\s*-[rc]\s+(\S+)/gm)) {
    const target = m[1].startsWith('/') ? undefined : normalise(join(dirName(path), m[1]));
    if (target) parts.push(requirementsText(tree, target, depth + 1));
  }
  return parts.join('\n');
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return out.join('/');
}

/** A requirements file whose every requirement is pinned with `==` or carries `--hash` works as a lockfile. */
export function pinnedRequirements(text: string): boolean {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const reqs = joined
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*/, '').trim())
    .filter((l) => l && !l.startsWith('-'));
  return reqs.length > 0 && reqs.every((l) => /--hash=|==|@\s*(https?|file|git\+)/.test(l));
}

function languagesOf(paths: readonly string[]): Language[] {
  const out = new Set<Language>();
  for (const p of paths) {
    if (/\.py$/.test(p)) out.add('python');
    else if (/\.(tsx?|mts|cts)$/.test(p) && !/\.d\.ts$/.test(p)) out.add('typescript');
    else if (/\.([cm]?jsx?|vue|svelte)$/.test(p) && !/(^|\/)[\w.-]+\.config\.[cm]?js$/.test(p)) out.add('javascript');
  }
  return (['python', 'typescript', 'javascript'] as const).filter((l) => out.has(l));
}

const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
};

const KIND_NOUN: Record<AppKind, string> = {
  'web-server': 'web app',
  'front-end': 'front end',
  streamlit: 'app',
  bot: 'bot',
  other: 'project',
};

function describe(app: Omit<App, 'description'>): string {
  const main = app.frameworks.filter((f) => f.kind === app.kind && f.id !== 'bundler').map((f) => f.name);
  const names = main.length ? main.join(' + ') : app.languages.map((l) => LANGUAGE_NAMES[l]).join('/');
  const last = baseName(app.dir).toLowerCase();
  let noun = KIND_NOUN[app.kind];
  if (app.kind === 'web-server' && /^(backend|api|server|service)s?$/.test(last)) noun = 'backend';
  if (app.kind === 'bot' && app.frameworks.some((f) => /telegram|aiogram|telebot|telegraf|grammy/.test(f.id)))
    noun = main.length ? 'Telegram bot' : 'bot';
  return `${names || 'Unknown'} ${noun}${app.dir ? ` in ${app.dir}/` : ''}`;
}

/** Reads up to this many code files per app to find frameworks a manifest does not name. */
const MAX_CODE_PROBES = 400;
const PROBE_BYTES = 16 * 1024;

export function detectStacks(tree: ProjectTree): StackReport {
  const paths = [...tree.paths].sort();
  // 1. App folders: where manifests are (plus the root when loose code sits outside every manifest folder).
  const manifestsByDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = manifestDir(p);
    if (dir === undefined) continue;
    const text = tree.read(p) ?? '';
    if (baseName(p) === 'setup.py' && !/\bsetup\s*\(/.test(text)) continue; // a settings module named setup.py
    if (!manifestsByDir.has(dir)) manifestsByDir.set(dir, []);
    manifestsByDir.get(dir)?.push(p);
  }
  const code = paths.filter((p) => CODE.test(p) && !isTestPath(p) && !NOT_APP.test(p));
  const dirs = [...manifestsByDir.keys()];
  const ownerOf = (p: string): string | undefined =>
    dirs.filter((d) => isInside(p, d)).sort((a, b) => b.length - a.length)[0];

  if (code.some((p) => ownerOf(p) === undefined)) {
    dirs.push('');
    manifestsByDir.set('', []);
  }
  const apps: App[] = [];
  for (const dir of dirs.sort()) {
    const manifests = manifestsByDir.get(dir) ?? [];
    const own = code.filter((p) => ownerOf(p) === dir);
    const languages = languagesOf(own);
    const frameworks: Framework[] = [];
    const add = (f: FrameworkSpec, from: string): void => {
      if (!frameworks.some((x) => x.id === f.id)) frameworks.push({ id: f.id, name: f.name, kind: f.kind, from });
    };
    const textOf = (m: string): string =>
      REQUIREMENTS.test(baseName(m)) ? requirementsText(tree, m) : (tree.read(m) ?? '');
    for (const m of manifests) {
      const pkgs = new Set(declaredPackages(baseName(m), textOf(m)));
      for (const f of FRAMEWORKS) if (f.packages.some((p) => pkgs.has(p))) add(f, m);
    }
    // Code imports find frameworks that manifests leave out (no manifest, or a loose requirements file).
    let probes = 0;
    for (const p of own) {
      if (probes++ >= MAX_CODE_PROBES) break;
      const family = /\.py$/.test(p) ? 'python' : 'js';
      const text = (tree.read(p) ?? '').slice(0, PROBE_BYTES);
      for (const f of FRAMEWORKS)
        if (f.family === family && !frameworks.some((x) => x.id === f.id) && f.code.test(text)) add(f, p);
    }
    // A folder with no code of its own (tooling-only manifests, a monorepo root over its apps) is no app.
    if (
      !own.length &&
      (dirs.length > 1 || !manifests.some((m) => declaresDependencies(baseName(m), tree.read(m) ?? '')))
    )
      continue;
    // A manifest's frameworks count only for its own ecosystem's code (Django's package.json for Tailwind is no Node
    // server).
    const kinds = new Set(frameworks.map((f) => f.kind));
    const kind = KIND_ORDER.find((k) => kinds.has(k)) ?? 'other';
    const node = manifests.some((m) => baseName(m) === 'package.json');
    const python = manifests.some((m) => baseName(m) !== 'package.json');
    const lockfiles: string[] = [];
    const managers = new Set<string>();
    for (let d = dir; ; d = dirName(d)) {
      for (const [name, manager] of [...(node ? NODE_LOCKS : []), ...(python ? PY_LOCKS : [])]) {
        const lock = join(d, name);
        if (tree.exists(lock)) {
          lockfiles.push(lock);
          managers.add(manager);
        }
      }
      if (!d) break;
    }
    for (const m of manifests) {
      const name = baseName(m);
      const text = textOf(m);
      if (REQUIREMENTS.test(name)) {
        managers.add('pip');
        if (pinnedRequirements(text)) lockfiles.push(m);
      } else if (name === 'Pipfile') managers.add('pipenv');
      else if (name === 'pyproject.toml' && /^\[tool\.poetry/m.test(text)) managers.add('poetry');
      else if (name === 'pyproject.toml' && /^\[tool\.uv/m.test(text)) managers.add('uv');
      else if (name === 'package.json') {
        const pm = /"packageManager"\s*:\s*"(\w+)@/.exec(text)?.[1];
        if (pm) managers.add(pm);
        else if (![...managers].some((x) => ['npm', 'yarn', 'pnpm', 'bun'].includes(x))) managers.add('npm');
      }
    }
    const deploy = paths.filter((p) => DEPLOY.test(p) && ownerOf(p) === dir && !NOT_APP.test(p));
    const app = { dir, languages, frameworks, kind, manifests, packageManagers: [...managers], lockfiles, deploy };
    apps.push({ ...app, description: describe(app) });
  }
  const covered = new Set(apps.flatMap((a) => a.deploy));
  const deploy = paths.filter((p) => DEPLOY.test(p) && !covered.has(p) && !NOT_APP.test(p));
  const shown = apps.filter((a) => a.kind !== 'other' || apps.length === 1);
  return { apps, deploy, summary: (shown.length ? shown : apps).map((a) => a.description).join(', ') };
}

/** The app a workspace-relative path belongs to (the deepest app folder holding it). */
export function appOf(report: StackReport, path: string): App | undefined {
  return report.apps.filter((a) => isInside(path, a.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** True when some app uses one of the frameworks. @public API of the project model (not used yet). */
export const usesFramework = (report: StackReport, ...ids: string[]): boolean =>
  report.apps.some((a) => a.frameworks.some((f) => ids.includes(f.id)));
