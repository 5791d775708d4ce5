// Conversions between the core's ranges (which also carry offsets) and LSP's.
import type { Position as CorePosition, Range as CoreRange } from '../../../core/src/syntax/ast';
import type { Position, Range } from 'vscode-languageserver';

export function toLspPosition(p: CorePosition): Position {
  return { line: p.line, character: p.character };
}

export function toLspRange(r: CoreRange): Range {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}

/** Whether two LSP ranges overlap or touch (a cursor at either end counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}
