// Converts offsets into LSP positions (0-based line and UTF-16 column). The
// lexer only tracks offsets; one line table per text makes every position a
// binary search, which is cheaper than chevrotain's full position tracking.
import type { Position, Range } from './ast';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    // Without a \r, the native indexOf finds the lines: the first check of a session runs this loop before V8
    // has optimised it, where a loop over every character cost a 5,000-line file several milliseconds.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (code === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** The line of the previous lookup: the syntax tree is built in text order, so it usually still holds. */
  private lastLine = 0;

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? offset : this.text.length, this.text.length));
    const starts = this.lineStarts;
    const last = this.lastLine;
    if (starts[last] <= clamped && (last + 1 >= starts.length || clamped < starts[last + 1])) {
      return { line: last, character: clamped - starts[last], offset: clamped };
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    this.lastLine = low;
    return { line: low, character: clamped - starts[low], offset: clamped };
  }

  /** Range of a text that holds no line break (a token), from one lookup. */
  lineRange(start: number, length: number): Range {
    const from = this.positionAt(start);
    return { start: from, end: { line: from.line, character: from.character + length, offset: from.offset + length } };
  }

  /** Range of [start, end) in offsets. */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    const position = this.positionAt(offset);
    return position.offset - position.character;
  }

  /** The whitespace at the start of the line holding `offset`. */
  indentationAt(offset: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lineStartOf(offset), offset))![0];
  }

  get endOfText(): Range {
    return this.range(this.text.length, this.text.length);
  }
}

/** "line:column", 1-based, the way people and the CLI count. */
export function formatPosition(position: Position): string {
  return `${position.line + 1}:${position.character + 1}`;
}
