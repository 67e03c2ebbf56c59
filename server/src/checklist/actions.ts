// The Fix buttons: file edits (.gitignore, .env.example), the hook, the staged and history scans, the audit.
// Shared by the language server and tests; every action returns a sentence for the user.
import { writeAtomic } from '../workspace/atomicWrite';
import { join } from 'node:path';
import { installHook } from '../git/hook';
import type { HookCommand } from '../git/hookScript';
import { scanHistory } from '../git/history';
import { recordHistoryScan, recordStagedScan } from '../git/records';
import { scanStaged } from '../git/staged';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';
import { runAudit } from './audit';
import { baseName, dirName, plural } from './context';
import type { Evaluation } from './evaluate';
import { existingExamples, missingEnvNames, missingIgnores } from './evidence/files';
import { gitignoreWithPatterns, envExampleWithNames, patternFor } from './fixText';
import { stringList } from './items';
import { recordsDir, writeRecord } from '../workspace/scanRecords';
import type { FixId } from './types';

export interface ActionOptions {
  /** How the hook runs the CLI (the extension's node/Electron and bundled cli.js). */
  hookCommand: HookCommand;
  /** The dependency audit runs other programs: only in a trusted workspace. */
  trusted: boolean;
  signal?: AbortSignal;
  onProgress?(message: string): void;
}

export interface ActionResult {
  message: string;
  /** Workspace-relative files written. */
  changed: string[];
}

/** The current text, undefined when missing; a symlink, special or huge file is refused, never replaced. */
function readOrUndefined(path: string, root: string): string | undefined {
  const read = readGuardedText(path, { maxBytes: MAX_STATE_FILE_BYTES, within: root });
  if (read.ok) return read.text;
  if (read.reason === 'missing') return undefined;
  throw new Error(`${path.slice(root.length + 1)} ${read.detail}: left as it is.`);
}

function fixGitignore(ev: Evaluation): ActionResult {
  const item = ev.items.find((i) => i.evidence.kind === 'gitignore-covers');
  if (!item) return { message: 'No .gitignore item is defined.', changed: [] };
  const repo = ev.ctx.repo;
  const missing = missingIgnores(item, ev.ctx).map(patternFor);
  // A missing `.env` gets the whole family (`.env.local`, `.env.production`...) with it; templates stay tracked below.
  const patterns = [...new Set(missing.flatMap((p) => (p === '.env' ? ['.env', '.env.*'] : [p])))];
  const examples = existingExamples(ev.ctx);
  const keep = [...new Set([...stringList(item, 'mustNotIgnore'), ...examples.map(baseName)])].filter(
    (k) =>
      (patterns.includes('.env.*') && k.startsWith('.env.')) ||
      examples.some((e) => baseName(e) === k && repo.isIgnored(e)),
  );
  const path = join(ev.ctx.root, '.gitignore');
  const next = gitignoreWithPatterns(readOrUndefined(path, ev.ctx.root), patterns, keep);
  if (!next) return { message: '.gitignore already has these patterns.', changed: [] };
  writeAtomic(path, next);
  return { message: `Added ${plural(patterns.length, 'pattern')} to .gitignore.`, changed: ['.gitignore'] };
}

function fixEnvExample(ev: Evaluation): ActionResult {
  const item = ev.items.find((i) => i.evidence.kind === 'env-example-complete');
  const preferred = typeof item?.evidence.params.file === 'string' ? item.evidence.params.file : '.env.example';
  const { missing } = missingEnvNames(ev.ctx, preferred);
  const byTarget = new Map<string, string[]>();
  for (const m of missing) byTarget.set(m.target, [...(byTarget.get(m.target) ?? []), m.name]);
  const changed: string[] = [];
  for (const [target, names] of byTarget) {
    const path = join(ev.ctx.root, ...target.split('/'));
    const next = envExampleWithNames(readOrUndefined(path, ev.ctx.root), names);
    if (next) {
      writeAtomic(path, next);
      changed.push(target);
    }
  }
  return {
    message: changed.length
      ? `Added ${plural(missing.length, 'name')} to ${changed.join(', ')}.`
      : 'Nothing was missing.',
    changed,
  };
}

/** Folders whose dependencies can be audited: those with a Node lockfile or a requirements.txt. */
function auditDirs(ev: Evaluation): string[] {
  const dirs = ev.ctx.files
    .map((f) => f.path)
    .filter((p) => /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|requirements\.txt)$/.test(p))
    .map(dirName);
  // the walk skips lockfiles
  for (const n of ['package-lock.json', 'requirements.txt']) if (ev.ctx.repo.exists(n)) dirs.push('');
  return [...new Set(dirs)];
}

export async function runFix(ev: Evaluation, fix: FixId, options: ActionOptions): Promise<ActionResult> {
  const root = ev.ctx.root;
  switch (fix) {
    case 'gitignore-add':
      return fixGitignore(ev);
    case 'env-example-add':
      return fixEnvExample(ev);
    case 'hook-install': {
      const status = await installHook(root, options.hookCommand);
      return { message: `Pre-commit hook ${status.message}.`, changed: [] };
    }
    case 'staged-scan': {
      const result = await scanStaged({ cwd: root, signal: options.signal });
      await recordStagedScan(result.root, result.findings);
      return {
        message: result.findings.length
          ? `The staged scan found ${plural(result.findings.length, 'secret')}: ${result.findings
              .slice(0, 3)
              .map((f) => `${f.path}:${f.line} ${f.masked}`)
              .join(', ')}.`
          : `The staged scan is clean (${plural(result.filesScanned, 'file')} scanned).`,
        changed: [],
      };
    }
    case 'history-scan': {
      const result = await scanHistory({
        cwd: root,
        signal: options.signal,
        onProgress: (done, total) => options.onProgress?.(`${done} of ${total} commits`),
      });
      await recordHistoryScan(result.root, result.commitsScanned, result.findings);
      return {
        message: result.findings.length
          ? `The history scan found ${plural(result.findings.length, 'secret')} in ` +
            `${plural(result.commitsScanned, 'commit')}.`
          : `History is clean (${plural(result.commitsScanned, 'commit')} scanned).`,
        changed: [],
      };
    }
    case 'run-audit': {
      if (!options.trusted)
        return {
          message: 'The dependency audit runs npm/pip-audit, so it only runs in a trusted workspace.',
          changed: [],
        };
      const dirs = auditDirs(ev);
      if (!dirs.length)
        return { message: 'Nothing to audit: no package-lock.json or requirements.txt found.', changed: [] };
      const record = await runAudit(root, dirs, { signal: options.signal });
      writeRecord(recordsDir(root, ev.ctx.repo.git?.gitDir), 'audit', record);
      return {
        message:
          record.tools.map((t) => `${t.tool}${t.dir ? ` (${t.dir})` : ''}: ${t.message}`).join('; ') ||
          'No audit tool applied.',
        changed: [],
      };
    }
  }
}
