// What a workspace walk leaves out by default (dependencies, generated and binary files) and why.

/** Why a path was not scanned (or a document not analysed); shown by `--verbose` and in the editor's log. */
export type SkipReason =
  | 'disabled'
  | 'gitignored'
  | 'preflightignored'
  | 'excluded'
  | 'dependency-dir'
  | 'virtualenv'
  | 'vendored'
  | 'build-output'
  | 'tool-dir'
  | 'lockfile'
  | 'minified'
  | 'source-map'
  | 'binary'
  | 'too-large'
  | 'symlink-outside-root'
  | 'symlink-inside-root'
  | 'broken-symlink'
  | 'special-file'
  | 'unreadable';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  disabled: 'Preflight is turned off here (preflight.enable)',
  gitignored: 'ignored by .gitignore',
  preflightignored: 'ignored by .preflightignore',
  excluded: 'matches an exclude pattern',
  'dependency-dir': 'installed dependencies',
  virtualenv: 'Python virtual environment',
  vendored: 'vendored third-party code',
  'build-output': 'build output',
  'tool-dir': 'version-control or tool cache directory',
  lockfile: 'lockfile',
  minified: 'minified file',
  'source-map': 'source map',
  binary: 'binary file',
  'too-large': 'larger than the size limit',
  'symlink-outside-root': 'symbolic link pointing outside the scanned folder',
  'symlink-inside-root': 'symbolic link (its target inside the scanned folder is scanned at its own path)',
  'broken-symlink': 'broken symbolic link',
  'special-file': 'not a regular file',
  unreadable: 'could not be read',
};

/** Directories never worth scanning: nobody writes their contents by hand. */
const SKIPPED_DIRS: ReadonlyMap<string, SkipReason> = new Map([
  ['.git', 'tool-dir'],
  ['.hg', 'tool-dir'],
  ['.svn', 'tool-dir'],
  ['.mypy_cache', 'tool-dir'],
  ['.pytest_cache', 'tool-dir'],
  ['.ruff_cache', 'tool-dir'],
  ['.tox', 'tool-dir'],
  ['.nox', 'tool-dir'],
  ['__pycache__', 'tool-dir'],
  ['node_modules', 'dependency-dir'],
  ['bower_components', 'dependency-dir'],
  ['jspm_packages', 'dependency-dir'],
  ['site-packages', 'dependency-dir'],
  ['.eggs', 'dependency-dir'],
  ['.venv', 'virtualenv'],
  ['venv', 'virtualenv'],
  ['vendor', 'vendored'],
  ['vendors', 'vendored'],
  ['third_party', 'vendored'],
  ['third-party', 'vendored'],
  ['dist', 'build-output'],
  ['.next', 'build-output'],
  ['.nuxt', 'build-output'],
  ['.svelte-kit', 'build-output'],
  ['.output', 'build-output'],
  ['.vercel', 'build-output'],
  ['.parcel-cache', 'build-output'],
  ['.angular', 'build-output'],
  ['storybook-static', 'build-output'],
  ['htmlcov', 'build-output'],
]);

/** Folders of served assets; a library folder inside one holds copied third-party code. */
const ASSET_PARENTS = /^(?:static|public|assets|www|wwwroot|js|css|scripts|javascripts|stylesheets|static_\w+)$/i;
const LIBRARY_DIRS = /^(?:lib|libs|plugins|external|bower_components)$/i;

/** Lockfiles: machine-written, full of integrity hashes that look like secrets to a naive scanner. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'conda-lock.yml',
  'cargo.lock',
  'composer.lock',
  'gemfile.lock',
  'go.sum',
  'mix.lock',
  'pubspec.lock',
  'packages.lock.json',
  'flake.lock',
  'podfile.lock',
  'gradle.lockfile',
]);

/** Extensions of formats that are binary by construction (checked before reading a byte). */
const BINARY_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'ico',
  'icns',
  'webp',
  'tif',
  'tiff',
  'avif',
  'heic',
  'psd',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  '7z',
  'rar',
  'tar',
  'jar',
  'war',
  'ear',
  'whl',
  'egg',
  'apk',
  'dmg',
  'iso',
  'exe',
  'dll',
  'so',
  'dylib',
  'a',
  'o',
  'obj',
  'lib',
  'class',
  'pyc',
  'pyo',
  'pyd',
  'wasm',
  'node',
  'bin',
  'mp3',
  'mp4',
  'm4a',
  'wav',
  'ogg',
  'flac',
  'mov',
  'avi',
  'mkv',
  'webm',
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'sqlite',
  'sqlite3',
  'db',
  'parquet',
  'npy',
  'npz',
  'pkl',
  'pickle',
  'h5',
  'pt',
  'onnx',
  'safetensors',
  'p12',
  'pfx',
  'jks',
  'keystore',
  'der',
]);

/** Extensions whose files are worth the minified-content sniff (generated bundles). */
const MINIFIABLE_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'tsx',
  'css',
  'scss',
  'less',
  'html',
  'htm',
  'svg',
  'vue',
]);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Reason to skip a directory found during a walk (never applied to a folder named on the command line). */
export function skipDirReason(
  name: string,
  entryNames: readonly string[] | undefined,
  parentName?: string,
): SkipReason | undefined {
  const byName = SKIPPED_DIRS.get(name);
  if (byName) return byName;
  if (parentName !== undefined && LIBRARY_DIRS.test(name) && ASSET_PARENTS.test(parentName)) return 'vendored';
  // Any folder holding pyvenv.cfg is a virtualenv, whatever it is called (env/, .env-3.11/, ...).
  if (entryNames?.includes('pyvenv.cfg')) return 'virtualenv';
  if (name.endsWith('.egg-info')) return 'dependency-dir';
  return undefined;
}

/** Reason to skip a file by its name alone; `explicit` files (named by the user) keep only hard limits. */
export function skipFileNameReason(name: string, explicit: boolean): SkipReason | undefined {
  const lower = name.toLowerCase();
  if (BINARY_EXTENSIONS.has(extensionOf(lower))) return 'binary';
  if (explicit) return undefined;
  if (LOCKFILES.has(lower)) return 'lockfile';
  if (/[.-]min\.(m?js|css)$/.test(lower) || /\.(bundle|chunk)\.m?js$/.test(lower)) return 'minified';
  if (VERSIONED_ASSET.test(lower)) return 'vendored';
  if (lower.endsWith('.map')) return 'source-map';
  return undefined;
}

/** `jquery-3.4.1.js`, `bootstrap-4.3.1.css`, `chart.umd.js`: a library copied with its release name. */
const VERSIONED_ASSET = /[-.@]v?\d+\.\d+(?:\.\d+)?(?:[-.][a-z0-9]+)?(?:\.min)?\.(?:m?js|css)$|\.umd(?:\.min)?\.m?js$/i;

/**
 * A file that opens like a published library: a `/*!` banner (the comment minifiers keep for licences,
 * `/*! Bootstrap v4.3.1 | MIT`), or an `@license`/`@preserve` tag or a "name vX.Y.Z" line with a licence
 * word in its first comment. Returns what it saw, for the skip line.
 */
export function vendoredBanner(head: string): string | undefined {
  const start = head.slice(0, 1500).replace(/^\uFEFF?(?:\s|#![^\n]*\n)*/, '');
  if (!start.startsWith('/*') && !start.startsWith('//')) return undefined;
  const end = start.startsWith('/*') ? start.indexOf('*/') : start.search(/\n(?!\s*\/\/)/);
  const comment = start.slice(0, end > 0 ? end : 1500);
  const firstLine = comment.split('\n').find((l) => /[A-Za-z0-9]/.test(l)) ?? '';
  const label = firstLine
    .replace(/^[\s/*!]+/, '')
    .trim()
    .slice(0, 60);
  if (start.startsWith('/*!')) return `licence banner "${label}"`;
  if (/@(?:license|preserve)\b/.test(comment)) return `@license comment "${label}"`;
  if (/\bv?\d+\.\d+\.\d+\b/.test(comment) && /\b(?:licen[sc]e[sd]?|copyright|\(c\))/i.test(comment))
    return `licence header "${label}"`;
  return undefined;
}

/**
 * Why a file is third-party or generated code by its path and start (for the editor, which sees one file;
 * the walker drops whole folders earlier). `relPath` uses forward slashes.
 */
export function generatedOrVendored(
  relPath: string,
  head: string,
): { reason: SkipReason; detail?: string } | undefined {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1];
  for (let i = 0; i < parts.length - 1; i++) {
    const reason = skipDirReason(parts[i], undefined, i > 0 ? parts[i - 1] : undefined);
    if (reason === 'vendored' || reason === 'build-output' || reason === 'dependency-dir')
      return { reason, detail: `in ${parts.slice(0, i + 1).join('/')}/` };
  }
  if (!isMinifiable(name)) return undefined;
  const byName = skipFileNameReason(name, false);
  if (byName === 'minified' || byName === 'vendored') return { reason: byName };
  if (looksMinified(head)) return { reason: 'minified' };
  const banner = vendoredBanner(head);
  return banner ? { reason: 'vendored', detail: banner } : undefined;
}

export function isMinifiable(name: string): boolean {
  return MINIFIABLE_EXTENSIONS.has(extensionOf(name));
}

/**
 * True when the start of a code file looks generated: the 4 KB window is full and averages more
 * than 250 characters a line (hand-written code rarely exceeds 100; bundles have one huge line).
 */
export function looksMinified(head: string): boolean {
  const window = head.slice(0, 4096);
  if (window.length < 4096) return false;
  let lines = 1;
  for (let i = window.indexOf('\n'); i !== -1; i = window.indexOf('\n', i + 1)) lines++;
  return window.length / lines > 250;
}
