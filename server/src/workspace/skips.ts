// What a workspace walk leaves out by default (dependencies, generated and binary files) and why.

/** Why a path was not scanned; shown by `--verbose` and usable as evidence. */
export type SkipReason =
  | 'gitignored'
  | 'preflightignored'
  | 'excluded'
  | 'dependency-dir'
  | 'virtualenv'
  | 'vendored'
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
  gitignored: 'ignored by .gitignore',
  preflightignored: 'ignored by .preflightignore',
  excluded: 'matches an exclude pattern',
  'dependency-dir': 'installed dependencies',
  virtualenv: 'Python virtual environment',
  vendored: 'vendored third-party code',
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
  ['third_party', 'vendored'],
  ['third-party', 'vendored'],
]);

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
export function skipDirReason(name: string, entryNames: readonly string[] | undefined): SkipReason | undefined {
  const byName = SKIPPED_DIRS.get(name);
  if (byName) return byName;
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
  if (lower.endsWith('.map')) return 'source-map';
  return undefined;
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
