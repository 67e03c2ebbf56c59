// Open documents: text kept in sync incrementally, each edit also applied to the syntax tree.
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocument } from '../parse/parser';
import { RULES } from '../rules';
import type { Located, WorkspacePaths } from './paths';
import { EditLog } from './provisional';

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  /** Positions and version (updated per change); its text always equals `parsed.currentText`. */
  doc: TextDocument;
  /** Text plus a syntax tree edited in step with every change, re-parsed lazily and incrementally. */
  readonly parsed: ParsedDocument;
  location: Located;
  /** The changes since the last complete analysis (carries its findings over them while typing). */
  readonly edits: EditLog;
}

type Listener = (d: OpenDocument) => void;

/**
 * How much text the documents the user is not editing may keep syntax trees for, most recently used first
 * (about 7,000 lines): a tree takes some 25 bytes of the parser's memory per character of text, which the
 * parser keeps once it has grown, so every big file left open would raise the server's memory for good. The
 * document in use always keeps its tree; another one is parsed again when the user comes back to it.
 * PREFLIGHT_IDLE_TREES_KB (tests) sets the amount.
 */
const IDLE_TREES_CHARS = Number(process.env.PREFLIGHT_IDLE_TREES_KB ?? 256) * 1024;

/** Every rule's keywords: counted per document across edits, so a keystroke does not rescan the file. */
const RULE_KEYWORDS = RULES.flatMap((r) => r.keywords ?? []);
type Kind = 'open' | 'change' | 'save' | 'close';

export class Documents {
  private readonly open = new Map<string, OpenDocument>();
  /** When each open document was last opened or changed (a counter), for IDLE_TREES_CHARS. */
  private readonly lastUse = new Map<string, number>();
  private uses = 0;
  private readonly listeners: Record<Kind, Listener[]> = { open: [], change: [], save: [], close: [] };

  constructor(
    connection: Connection,
    private readonly paths: WorkspacePaths,
  ) {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      this.open.get(t.uri)?.parsed.dispose();
      const d: OpenDocument = {
        uri: t.uri,
        languageId: t.languageId,
        doc: TextDocument.create(t.uri, t.languageId, t.version, t.text),
        parsed: new ParsedDocument(t.languageId, t.text, RULE_KEYWORDS),
        location: this.paths.locate(t.uri),
        edits: new EditLog(t.version),
      };
      this.open.set(t.uri, d);
      this.used(d);
      this.emit('open', d);
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const d = this.open.get(t.uri);
      if (!d) return;
      for (const change of contentChanges) this.applyChange(d, change, t.version);
      this.used(d);
      this.emit('change', d);
    });
    connection.onDidSaveTextDocument(({ textDocument: t }) => {
      const d = this.open.get(t.uri);
      if (d) this.emit('save', d);
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      const d = this.open.get(t.uri);
      if (!d) return;
      this.open.delete(t.uri);
      this.lastUse.delete(t.uri);
      d.parsed.dispose();
      this.emit('close', d);
    });
  }

  private used(d: OpenDocument): void {
    this.lastUse.set(d.uri, ++this.uses);
    this.trimIdleTrees();
  }

  /**
   * The documents not in use (all but the last opened or changed) keep their trees only within
   * IDLE_TREES_CHARS, most recently used first. Also called after an analysis, which re-parses a released tree.
   */
  trimIdleTrees(): void {
    if (this.open.size < 2) return;
    const byUse = [...this.open.values()].sort(
      (a, b) => (this.lastUse.get(b.uri) ?? 0) - (this.lastUse.get(a.uri) ?? 0),
    );
    let kept = 0;
    for (const o of byUse.slice(1)) {
      kept += o.parsed.currentText.length;
      if (kept > IDLE_TREES_CHARS) o.parsed.releaseTree();
    }
  }

  /** Applies one change to both the text and the tree; a change without range replaces everything. */
  private applyChange(d: OpenDocument, change: TextDocumentContentChangeEvent, version: number): void {
    if ('range' in change) {
      const start = d.doc.offsetAt(change.range.start);
      const end = d.doc.offsetAt(change.range.end);
      // Positions from the offsets: a client may send a column past the end of a line (clamped here).
      const at = { start: d.doc.positionAt(start), end: d.doc.positionAt(end) };
      d.edits.add({ version, start, end, length: change.text.length });
      d.parsed.applyEdit(start, end, change.text, {
        start: { row: at.start.line, column: at.start.character },
        end: { row: at.end.line, column: at.end.character },
      });
    } else {
      d.edits.reset(version);
      d.parsed.setText(change.text);
    }
    d.doc = TextDocument.update(d.doc, [change], version);
  }

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.open.values()];
  }

  /** Re-locates every document (after workspace folders change). */
  relocate(): void {
    for (const d of this.open.values()) d.location = this.paths.locate(d.uri);
  }

  onDidOpen(l: Listener): void {
    this.listeners.open.push(l);
  }
  onDidChange(l: Listener): void {
    this.listeners.change.push(l);
  }
  onDidSave(l: Listener): void {
    this.listeners.save.push(l);
  }
  onDidClose(l: Listener): void {
    this.listeners.close.push(l);
  }

  private emit(kind: Kind, d: OpenDocument): void {
    for (const l of this.listeners[kind]) l(d);
  }
}
