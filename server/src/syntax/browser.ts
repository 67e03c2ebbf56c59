// Where a JS-family file runs: in a browser (no `process.env`; nothing in it is secret), on a server, or
// unknown. Decided from the file and then from its project: the nearest package.json (its dependencies and
// `browser` field) and the bundler config beside it, so a Vite app's `src/api.ts` counts as browser code even
// though nothing in the file says so. A fix that writes `process.env` is preferred only on the server side.
import type { AnalyzeOptions, SourceFile } from '../core/types';

export type JsRuntime = 'browser' | 'server' | 'unknown';

/** Files that run in Node whatever the project is: API routes, server-only modules, build configs. */
const SERVER_FILE = new RegExp(
  [
    String.raw`(^|/)(pages/api/.*|route|middleware|server|\+server|[\w.+-]+\.server|[\w-]+\.config)\.[cm]?[jt]sx?$`,
    String.raw`(^|/)(pages/api|app/api|server|api|backend|functions|lambda|scripts?|bin|cli|migrations)/`,
  ].join('|'),
  'i',
);
/** Folders whose files a web server hands to browsers as they are. */
const STATIC_PATH = /(^|\/)(public|static|assets|www)\//i;
const CLIENT_PATH = /(^|\/)(frontend|client|browser|components|views|widgets)\//i;

const NODE_MODULES = [
  ...['node:[\\w/]+', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'tls', 'dns'],
  ...['cluster', 'worker_threads', 'readline', 'express', 'fastify', 'koa', '@koa/[\\w-]+', '@nestjs/[\\w-]+'],
  ...['@hapi/hapi', 'dotenv(?:/config)?'],
].join('|');
/** Node-only imports and globals: code that cannot run in a browser. */
const STRONG_NODE = new RegExp(
  [
    String.raw`\bfrom\s+['"](?:${NODE_MODULES})['"]`,
    String.raw`\brequire\s*\(\s*['"](?:${NODE_MODULES})['"]\s*\)`,
    String.raw`\bimport\s+['"](?:${NODE_MODULES})['"]`,
    String.raw`\bprocess\.(?:argv|exit|cwd)\b|\b__dirname\b|\b__filename\b`,
  ].join('|'),
);
/** CommonJS and env reads: Node, unless the package is a front end (bundlers accept both). */
const WEAK_NODE = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=|\bprocess\.env\b/;
const STRONG_BROWSER =
  /\bfrom\s+['"](?:react-dom(?:\/client)?|vue|svelte|@angular\/core|jquery|preact|solid-js)['"]|\bimport\.meta\.env\b|\b(?:document\.(?:getElementById|querySelector(?:All)?|createElement|body|cookie)|window\.|localStorage|sessionStorage|navigator\.)/;
const DIRECTIVE = /['"]use (client|server)['"]/y;

/**
 * The file's `'use client'`/`'use server'` directive: the first thing after leading whitespace and comments.
 * Scanned by hand: a regex for "comments, then the directive" backtracks into every later `*\/` of the file
 * when there is no directive (over 20 ms per keystroke on a 5,000-line file).
 */
function directiveOf(text: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else break;
  }
  DIRECTIVE.lastIndex = i;
  return DIRECTIVE.exec(text)?.[1];
}

const FRONT_END_DEPS =
  /^(?:react-dom|vue|svelte|preact|solid-js|@angular\/core|jquery|lit|vite|webpack|parcel|react-scripts|@vitejs\/[\w-]+|@vue\/cli-service|@sveltejs\/vite-plugin-svelte|esbuild-loader|rollup)$/;
const FULL_STACK_DEPS = /^(?:next|nuxt|@sveltejs\/kit|@remix-run\/[\w-]+|astro|gatsby|@builder\.io\/qwik-city)$/;
const SERVER_DEPS =
  /^(?:express|fastify|koa|@nestjs\/core|@hapi\/hapi|hono|restify|socket\.io|ws|telegraf|grammy|node-telegram-bot-api|discord\.js|@slack\/bolt|dotenv|pg|mysql2|mongoose|sequelize|prisma|@prisma\/client|better-sqlite3|nodemailer|bullmq)$/;
const BUNDLER_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'webpack.config.js'];

interface PackageKind {
  frontEnd: boolean;
  fullStack: boolean;
  server: boolean;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The nearest package.json above the file (within what readFile can reach) and what kind of package it is. */
function nearestPackage(path: string, readFile: AnalyzeOptions['readFile']): PackageKind | undefined {
  if (!readFile) return undefined;
  for (let dir = dirOf(path); ; dir = dirOf(dir)) {
    const prefix = dir ? `${dir}/` : '';
    const text = readFile(`${prefix}package.json`);
    if (text !== undefined) return classify(text, prefix, readFile);
    if (!dir) return undefined;
  }
}

function classify(text: string, prefix: string, readFile: (path: string) => string | undefined): PackageKind {
  let pkg: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') pkg = parsed as Record<string, unknown>;
  } catch {
    // A broken package.json says nothing: the file's own signs decide.
  }
  const deps = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => {
    const v = pkg[k];
    return v && typeof v === 'object' ? Object.keys(v) : [];
  });
  const bundler = BUNDLER_CONFIGS.some((c) => readFile(`${prefix}${c}`) !== undefined);
  return {
    frontEnd: bundler || pkg.browser !== undefined || deps.some((d) => FRONT_END_DEPS.test(d)),
    fullStack: deps.some((d) => FULL_STACK_DEPS.test(d)),
    server: pkg.bin !== undefined || deps.some((d) => SERVER_DEPS.test(d)),
  };
}

export function jsRuntime(file: SourceFile, readFile?: AnalyzeOptions['readFile']): JsRuntime {
  const { path, languageId, text } = file;
  if (['vue', 'svelte', 'html'].includes(languageId) || /\.(vue|svelte|astro|html?)$/.test(path)) return 'browser';
  const directive = directiveOf(text);
  if (directive) return directive === 'client' ? 'browser' : 'server';
  const serverFile = SERVER_FILE.test(path);
  const node = STRONG_NODE.test(text);
  const browser = STRONG_BROWSER.test(text);
  if (node !== browser) return node ? 'server' : 'browser';
  if (node) return 'unknown'; // both: server-side rendering, universal code
  const component = languageId === 'javascriptreact' || languageId === 'typescriptreact';
  const pkg = nearestPackage(path, readFile);
  if (!pkg) {
    if (serverFile || WEAK_NODE.test(text)) return component ? 'unknown' : 'server';
    return component || STATIC_PATH.test(path) || CLIENT_PATH.test(path) ? 'browser' : 'unknown';
  }
  if (STATIC_PATH.test(path)) return 'browser';
  if (pkg.fullStack) return serverFile && !component ? 'server' : 'unknown';
  if (pkg.frontEnd) {
    if (!pkg.server) return serverFile && !component && !/(^|\/)src\//.test(path) ? 'unknown' : 'browser';
    if (serverFile && !component) return 'server';
    return component ? 'browser' : 'unknown';
  }
  if (component) return 'unknown';
  return pkg.server || serverFile || WEAK_NODE.test(text) ? 'server' : 'unknown';
}
