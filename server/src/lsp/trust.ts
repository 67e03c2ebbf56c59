// Workspace trust, as the client states it. VS Code's client sends `initializationOptions.workspaceTrusted`
// (false in Restricted Mode) and the `preflight/workspaceTrusted` notification when the user grants trust
// (trust is never taken back without a reload). Until then the server starts no program at all (no git:
// a repository's own config can make git run programs; no hook install; no dependency audit), while the
// read-only analysis of open files and of the workspace goes on. A client that says nothing (Neovim,
// `preflight lsp --stdio` run by hand) is treated like the CLI: the user chose to run it there.
import { refusePrograms } from '../workspace/programs';

/** Said wherever a feature is off, and shown at the top of the checklist. */
export const RESTRICTED_REASON =
  'this folder is not trusted (Restricted Mode), so Preflight runs no programs here: git state (tracked files, the ' +
  'hook, staged and history scans) and the dependency audit are off, while open files are still checked. Trust the ' +
  'folder to turn them on';

export class Trust {
  private trustedNow = true;
  private readonly listeners: Array<() => void> = [];

  get trusted(): boolean {
    return this.trustedNow;
  }

  /** From the initialize request's `initializationOptions`. */
  initialize(options: unknown): void {
    const stated = (options as { workspaceTrusted?: unknown } | null | undefined)?.workspaceTrusted;
    this.trustedNow = stated !== false;
    refusePrograms(this.trustedNow ? undefined : RESTRICTED_REASON);
  }

  /** The user trusted the workspace: programs may run from now on. */
  grant(): void {
    if (this.trustedNow) return;
    this.trustedNow = true;
    refusePrograms(undefined);
    for (const listener of this.listeners) listener();
  }

  onGranted(listener: () => void): void {
    this.listeners.push(listener);
  }
}
