// The Keras-style layer table of a model: `rnn summary` prints it and the
// language server sends it to editors ("RNN: Show Model Summary"), so the two
// always look alike.
import type { LayerSummary } from '../../shared';
import { formatCount } from './layers-doc';

/** An output shape as Keras prints it: (batch, 50, 64). */
export function kerasShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')})`;
}

/** A Keras-style layer table: layer (type), output shape, parameters, total. */
export function layerTable(model: string, layers: readonly LayerSummary[], totalParams: number): string {
  const rows = layers.map((l) => [l.name, kerasShape(l.outputShape), formatCount(l.params)]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = (cells: string[]) =>
    ' ' + cells.map((c, i) => (i === 2 ? c.padStart(widths[i] - 2) : c.padEnd(widths[i]))).join('');
  const width = widths.reduce((a, b) => a + b, 0);
  return [
    `Model: "${model}"`,
    '─'.repeat(width),
    line(header),
    '═'.repeat(width),
    ...rows.map(line),
    '═'.repeat(width),
    `Total params: ${formatCount(totalParams)}`,
  ].join('\n');
}
