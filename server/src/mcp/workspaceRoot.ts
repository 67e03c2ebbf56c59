// The one folder the MCP server may read or write: every path an agent names is resolved against it, symlinks
// included, and refused when it leads outside.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** A refusal the agent should read: becomes a tool error, never a crash. */
export class ToolError extends Error {}

export class WorkspaceRoot {
  readonly path: string;

  constructor(root: string) {
    this.path = realpathSync(root);
  }

  /** True when `abs` (already real) is the root or below it. */
  contains(abs: string): boolean {
    const rel = relative(this.path, abs);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }

  /**
   * The real absolute path of `path` (relative to the root, or absolute inside it). A path that does not
   * exist yet is judged by its nearest existing parent, so a symlinked folder cannot smuggle a write outside.
   */
  resolve(path: string): string {
    if (typeof path !== 'string' || !path.trim()) throw new ToolError('a path is required');
    if (path.includes('\0')) throw new ToolError('the path contains a NUL character');
    const abs = resolve(this.path, path);
    let existing = abs;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    const real = resolve(realpathSync(existing), relative(existing, abs));
    if (!this.contains(real)) throw new ToolError(`${path} is outside the workspace root ${this.path}`);
    return real;
  }

  /** Forward-slash path relative to the root, for results. */
  display(abs: string): string {
    return relative(this.path, abs).split(sep).join('/') || '.';
  }
}
