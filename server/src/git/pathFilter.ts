// Which repository paths the git scans skip: `.preflightignore` (gitignore syntax, at the repo root),
// lockfiles, minified/bundled files, vendored folders and known binary extensions.
import { join } from 'node:path';
import ignore from 'ignore';
import { MAX_IGNORE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';
import { skipDirReason, skipFileNameReason, type SkipReason } from '../workspace/skips';

/**
 * Why a path is never scanned (the same name-based rules as `preflight lint`'s walk: dependency and
 * tool folders, virtualenvs, vendored code, lockfiles, minified bundles, source maps, binary formats),
 * or undefined when it is scanned. Git already says which files are binary by content.
 */
export function defaultSkipReason(path: string): SkipReason | undefined {
  const parts = path.split('/');
  for (const dir of parts.slice(0, -1)) {
    const reason = skipDirReason(dir, undefined);
    // Build output is committed on purpose when it is staged, and a bundle can carry a baked-in key.
    if (reason && reason !== 'build-output') return reason;
  }
  return skipFileNameReason(parts[parts.length - 1], false);
}

/**
 * Loads `<root>/.preflightignore` and returns a matcher for repo-relative paths (forward slashes).
 * A missing file ignores nothing.
 */
function loadPreflightIgnore(root: string): (path: string) => boolean {
  const read = readGuardedText(join(root, '.preflightignore'), { maxBytes: MAX_IGNORE_FILE_BYTES, within: root });
  if (!read.ok) return () => false;
  const ig = ignore().add(read.text);
  return (path: string) => {
    try {
      return path !== '' && ig.ignores(path);
    } catch {
      return false;
    }
  };
}

/** The combined filter the staged and history scans use. */
export function pathFilter(root: string): (path: string) => boolean {
  const ignored = loadPreflightIgnore(root);
  return (path: string) => defaultSkipReason(path) === undefined && !ignored(path);
}
