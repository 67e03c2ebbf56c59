// Converts the core's UTF-16 offsets to LSP positions/ranges and back, for open documents and disk files.
import type { Position, Range, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../core/types';

/** Anything that maps offsets to positions: an open TextDocument or a wrapped disk file. */
export interface OffsetMap {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** An offset map over plain text (a file that is not open in the editor). */
export function offsetMapOf(text: string): OffsetMap {
  return TextDocument.create('file:///', 'plaintext', 0, text);
}

export function toRange(map: OffsetMap, start: number, end: number): Range {
  return { start: map.positionAt(start), end: map.positionAt(end) };
}

export function toLspEdits(map: OffsetMap, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(map, e.start, e.end), newText: e.newText }));
}

/** True when two ranges share at least one position (touching ranges count, as LSP clients do). */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
