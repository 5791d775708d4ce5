// Conversions between the core's ranges (which also carry offsets) and LSP's.
import type { Position as CorePosition, Range as CoreRange } from '../../../core/src/language';
import type { Position, Range } from 'vscode-languageserver';

export function toLspPosition(p: CorePosition): Position {
  return { line: p.line, character: p.character };
}

export function toLspRange(r: CoreRange): Range {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}
