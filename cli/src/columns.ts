// Text in aligned columns by display width (a Chinese character takes two
// terminal columns), for `rnn runs`. Written here: it is the same dozen lines
// the help's layout uses, and table libraries draw borders `rnn` does not want.
import stringWidth from 'string-width';

/** Printable ASCII is one column a character; string-width (Intl.Segmenter) is kept for the rest, being 20x slower. */
const width = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text));

/** Rows as lines, each column as wide as its widest cell plus two spaces; `rightAligned` columns (numbers) align right. */
export function columns(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((row) => row.map((cell, i) => {
    const pad = ' '.repeat(widths[i] - width(cell));
    return rightAligned.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
  }).join('  ').trimEnd());
}
