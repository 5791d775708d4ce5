// Positions in a .rnn text. Diagnostics, the syntax tree and every front end
// speak in these, so they live on the ground floor.

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units (what LSP expects). */
  character: number;
  /** 0-based offset into the text. */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}
