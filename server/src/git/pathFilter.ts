// Which repository paths the git scans skip: `.preflightignore` (gitignore syntax, at the repo root),
// lockfiles, minified/bundled files, vendored folders and known binary extensions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'poetry.lock',
  'pipfile.lock', 'pdm.lock', 'uv.lock', 'cargo.lock', 'composer.lock', 'gemfile.lock', 'go.sum', 'flake.lock', 'packages.lock.json',
]);
const VENDORED = /(^|\/)(node_modules|bower_components|vendor|\.venv|venv|site-packages|__pycache__|\.git)\//;
const GENERATED = /\.(min\.(js|css|mjs)|bundle\.js|map)$|(^|\/)dist\/.*\.js$/i;
const BINARY_EXT = /\.(png|jpe?g|gif|webp|ico|bmp|tiff?|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|so|dylib|dll|exe|bin|o|a|wasm|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|ogg|wav|flac|sqlite3?|db|pyc|whl|egg)$/i;

/** Why a path is never scanned, or undefined when it is scanned. */
export function defaultSkipReason(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (LOCKFILES.has(name)) return 'lockfile';
  if (VENDORED.test(path)) return 'vendored';
  if (GENERATED.test(path)) return 'minified or generated';
  if (BINARY_EXT.test(name)) return 'binary';
  return undefined;
}

export class PreflightIgnoreError extends Error {}

/**
 * Loads `<root>/.preflightignore` and returns a matcher for repo-relative paths (forward slashes).
 * A missing file ignores nothing.
 */
export function loadPreflightIgnore(root: string): (path: string) => boolean {
  let text: string;
  try {
    text = readFileSync(join(root, '.preflightignore'), 'utf8');
  } catch {
    return () => false;
  }
  const ig = ignore().add(text);
  return (path: string) => {
    try { return path !== '' && ig.ignores(path); } catch { return false; }
  };
}

/** The combined filter the staged and history scans use. */
export function pathFilter(root: string): (path: string) => boolean {
  const ignored = loadPreflightIgnore(root);
  return (path: string) => defaultSkipReason(path) === undefined && !ignored(path);
}
