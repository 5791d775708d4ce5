// The Keras-style layer table of a model: `rnn summary` prints it and the
// language server sends it to editors ("RNN: Show Model Summary"), so the two
// always look alike. Its labels are in the process's language; the columns
// are padded by display width, since a Chinese character takes two columns of
// a terminal or a monospaced editor.
import stringWidth from 'string-width';
import { t, type LayerSummary } from '../../shared';
import { formatCount, trainingMemoryLine } from './layers-doc';
import type { ResourceEstimate } from '../check/resources';

/** An output shape as Keras prints it: (batch, 50, 64). */
export function kerasShape(shape: readonly (number | null)[]): string {
  const batch = t('batch');
  return `(${shape.map((d) => (d === null ? batch : String(d))).join(', ')})`;
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - stringWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(text))) + text;

/** A Keras-style layer table: layer (type), output shape, parameters, total; then the memory training needs, when estimated. */
export function layerTable(model: string, layers: readonly LayerSummary[], totalParams: number, resources?: ResourceEstimate): string {
  const rows = layers.map((l) => [l.name, kerasShape(l.outputShape), formatCount(l.params)]);
  const header = [t('Layer (type)'), t('Output Shape'), t('Param #')];
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i]))) + 2);
  const line = (cells: string[]) => ' ' + cells.map((c, i) => (i === 2 ? padStart(c, widths[i] - 2) : padEnd(c, widths[i]))).join('');
  const width = widths.reduce((a, b) => a + b, 0);
  return [
    t('Model: "{0}"', model),
    '─'.repeat(width),
    line(header),
    '═'.repeat(width),
    ...rows.map(line),
    '═'.repeat(width),
    t('Total params: {0}', formatCount(totalParams)),
    ...(resources ? [trainingMemoryLine(resources)] : []),
  ].join('\n');
}
