// A file is a sequence of models, each starting on a line that begins with
// `model`. Cutting the text there gives regions that can be lexed or checked
// on their own: completion lexes only the model around the cursor, and the
// language server re-checks only the models an edit touched.

/** Absolute offsets, end exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Offsets where the text is cut: 0, then the start of every line that begins with the `model` keyword. */
export function modelCuts(text: string): number[] {
  const cuts = [0];
  for (let i = text.indexOf('model'); i >= 0; i = text.indexOf('model', i + 5)) {
    if (!startsModelLine(text, i)) continue;
    let lineStart = i;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    if (lineStart > 0) cuts.push(lineStart);
  }
  return cuts;
}

/** The model around the cursor: from the last line starting with `model` before it to the next one. */
export function modelRegion(text: string, cursor: number): OffsetRange {
  let start = 0;
  for (let i = text.lastIndexOf('model', cursor - 1); i >= 0; i = text.lastIndexOf('model', i - 1)) {
    if (startsModelLine(text, i)) {
      start = i;
      break;
    }
    if (i === 0) break;
  }
  let stop = text.length;
  for (let i = text.indexOf('model', Math.max(cursor, start + 1)); i >= 0; i = text.indexOf('model', i + 1)) {
    if (startsModelLine(text, i)) {
      stop = i;
      break;
    }
  }
  return { start, end: stop };
}

function startsModelLine(text: string, i: number): boolean {
  if (/[A-Za-z0-9_]/.test(text.charAt(i + 5))) return false;
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charAt(j);
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

