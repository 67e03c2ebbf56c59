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

/** Every rule's keywords: counted per document across edits, so a keystroke does not rescan the file. */
const RULE_KEYWORDS = RULES.flatMap((r) => r.keywords ?? []);
type Kind = 'open' | 'change' | 'save' | 'close';

export class Documents {
  private readonly open = new Map<string, OpenDocument>();
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
      this.emit('open', d);
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const d = this.open.get(t.uri);
      if (!d) return;
      for (const change of contentChanges) this.applyChange(d, change, t.version);
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
      d.parsed.dispose();
      this.emit('close', d);
    });
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
