import type { LayerSummary } from '../../core/src/shared';

const group = (n: number) => n.toLocaleString('en-US');
export const formatShape = (shape: readonly (number | null)[]) =>
  `(${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')})`;

/** A Keras-style layer table: layer (type), output shape, parameters, total. */
export function layerTable(model: string, layers: readonly LayerSummary[], totalParams: number): string {
  const rows = layers.map((l) => [l.name, formatShape(l.outputShape), group(l.params)]);
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
    `Total params: ${group(totalParams)}`,
  ].join('\n');
}
