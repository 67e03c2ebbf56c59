// Turns core fixes (offset edits, other files, files to create) into one LSP WorkspaceEdit.
import { existsSync } from 'node:fs';
import { MAX_STATE_FILE_BYTES, readGuardedText } from '../workspace/guardedRead';
import type { ClientCapabilities, CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix, TextEdit } from '../core/types';
import { applyEdits } from '../syntax/fixes';
import { offsetMapOf, toLspEdits, type OffsetMap } from './convert';
import type { Documents, OpenDocument } from './documents';
import { fsPathToUri, type WorkspacePaths } from './paths';

interface Target {
  uri: string;
  /** Open documents: their version, so a stale edit is refused by the client. Disk files: null. */
  version: number | null;
  map: OffsetMap;
  edits: TextEdit[];
  /** The file does not exist yet: it is created with `createWith`. */
  missing: boolean;
  createWith?: string;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

const same = (a: TextEdit, b: TextEdit): boolean => a.start === b.start && a.end === b.end && a.newText === b.newText;

/**
 * Accumulates fixes, refusing any fix that would overlap one already taken (used one-by-one for a
 * quick fix and cumulatively for fix-all). Identical edits (the same import added twice) merge.
 */
export class EditPlan {
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly doc: OpenDocument,
    private readonly version: number,
    private readonly documents: Documents,
    private readonly paths: WorkspacePaths,
    private readonly client: ClientCapabilities,
  ) {}

  /** Adds the fix's edits when none conflicts; returns whether it was taken. */
  add(fix: Fix): boolean {
    const parts: Array<{ target: Target; edits: readonly TextEdit[]; create?: string }> = [
      { target: this.target(this.doc.uri), edits: fix.edits },
    ];
    for (const other of fix.otherFiles ?? []) {
      const abs = this.paths.resolve(this.doc.location, other.path);
      const target = abs ? this.target(fsPathToUri(abs), abs) : undefined;
      if (!target) return false;
      parts.push(
        target.missing
          ? { target, edits: [], create: other.createWith ?? applyEdits('', other.edits) }
          : { target, edits: other.edits },
      );
    }
    for (const { target, edits } of parts)
      for (const e of edits) if (target.edits.some((t) => !same(t, e) && overlaps(t, e))) return false;
    for (const { target, edits, create } of parts) {
      // Fixes creating the same file (a `.env.example` per secret) merge: each adds the lines it needs.
      if (create !== undefined) target.createWith = mergeCreated(target.createWith, create);
      for (const e of edits) if (!target.edits.some((t) => same(t, e))) target.edits.push(e);
    }
    return true;
  }

  isEmpty(): boolean {
    return [...this.targets.values()].every((t) => !t.edits.length && t.createWith === undefined);
  }

  /** The WorkspaceEdit, or undefined when the client cannot apply it (e.g. cannot create files). */
  toWorkspaceEdit(): WorkspaceEdit | undefined {
    const caps = this.client.workspace?.workspaceEdit;
    const targets = [...this.targets.values()].filter((t) => t.edits.length || t.createWith !== undefined);
    if (!caps?.documentChanges) {
      if (targets.some((t) => t.createWith !== undefined)) return undefined;
      return { changes: Object.fromEntries(targets.map((t) => [t.uri, toLspEdits(t.map, sorted(t.edits))])) };
    }
    const changes: Array<TextDocumentEdit | CreateFile> = [];
    for (const t of targets) {
      if (t.createWith !== undefined) {
        if (!caps.resourceOperations?.includes('create')) return undefined;
        changes.push({ kind: 'create', uri: t.uri, options: { ignoreIfExists: true } });
        changes.push({
          textDocument: { uri: t.uri, version: null },
          edits: [
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: t.createWith },
          ],
        });
      } else {
        changes.push({ textDocument: { uri: t.uri, version: t.version }, edits: toLspEdits(t.map, sorted(t.edits)) });
      }
    }
    return { documentChanges: changes };
  }

  private target(uri: string): Target;
  private target(uri: string, abs: string): Target | undefined;
  private target(uri: string, abs?: string): Target | undefined {
    let t = this.targets.get(uri);
    if (t) return t;
    const open = abs ? this.documents.all().find((o) => o.location.fsPath === abs) : this.doc;
    if (open) {
      t = {
        uri: open.uri,
        version: open === this.doc ? this.version : open.doc.version,
        map: open.doc,
        edits: [],
        missing: false,
      };
    } else if (abs && existsSync(abs)) {
      const read = readGuardedText(abs, { maxBytes: MAX_STATE_FILE_BYTES });
      if (!read.ok) return undefined;
      t = { uri, version: null, map: offsetMapOf(read.text), edits: [], missing: false };
    } else {
      t = { uri, version: null, map: offsetMapOf(''), edits: [], missing: true };
    }
    this.targets.set(uri, t);
    return t;
  }
}

/** New file content: what is there so far plus the lines of `add` it does not have yet, in order. */
function mergeCreated(current: string | undefined, add: string): string {
  if (current === undefined) return add;
  const have = new Set(current.split('\n'));
  const extra = add.split('\n').filter((l) => l && !have.has(l));
  if (!extra.length) return current;
  return `${current}${current.endsWith('\n') || !current ? '' : '\n'}${extra.join('\n')}\n`;
}

/** Edits in document order; inserts at one position keep the order they were taken in. */
function sorted(edits: readonly TextEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
}
