// The gradients view: log10 ||dL/dh_t|| as a heat strip, time step across and
// epoch down (epoch 0 is the model at initialisation), the latest epoch's
// curve against the first's on a log axis, the first-to-last-step ratio in
// words, and every value in a table (for screen readers and the tests).
import { firstToLastRatio, t } from '../../../core/src/shared';
import { ChartView, formatNumber } from '../chart';
import type { Series } from '../chart-data';
import type { Theme } from '../theme';
import { cssColour, sequentialScale } from './colour-scale';
import { Heatmap } from './heatmap';
import { epochsOf, type LayerInsight } from './insight-data';
import { colourBar, element, legendText } from './legend';

export function epochName(epoch: number): string {
  return epoch === 0 ? t('initialisation') : t('epoch {0}', epoch);
}

export class GradientsView {
  private readonly summary = element('p', '', 'insight-summary');
  private readonly bar = element('div', undefined, 'colour-bar');
  private readonly heatmap: Heatmap;
  private readonly curve: ChartView;
  private readonly table = element('table', undefined, 'insight-values');
  lastRenderMs = 0;

  constructor(pane: HTMLElement) {
    pane.append(legendText(t('How strongly the loss still depends on the hidden state at each time step, after flowing back through all later steps: ||dL/dh_t||, on a log scale. Each row is an epoch (the first row is the model at initialisation), each column a time step. Colour fading toward the first steps means vanishing gradients: the early inputs barely teach the model; colour growing toward them means exploding gradients.')));
    pane.append(this.summary, this.bar);
    const strip = element('div', undefined, 'insight-plot');
    pane.append(strip);
    this.heatmap = new Heatmap(strip);
    pane.append(element('h3', t('Gradient norm per time step: first and latest epoch')));
    const chart = element('div', undefined, 'chart');
    pane.append(chart);
    this.curve = new ChartView(chart, 'log10 ||dL/dh_t||', 200);
    const details = element('details');
    details.append(element('summary', t('Values as a table')), element('div', undefined, 'table-scroll'));
    details.lastElementChild?.append(this.table);
    pane.append(details);
  }

  get heat(): Heatmap {
    return this.heatmap;
  }

  private tableOf?: readonly unknown[];

  /** `version` changes with every record the run takes in (InsightData.version). */
  render(layer: LayerInsight, theme: Theme, width: number, version: number): void {
    const began = performance.now();
    const epochs = epochsOf(layer.gradients);
    const rows = epochs.map((e) => layer.gradients.get(e) ?? []);
    const steps = Math.max(0, ...rows.map((r) => r.length));
    const logs = rows.map((r) => r.map((n) => (n > 0 ? Math.log10(n) : Number.NEGATIVE_INFINITY)));
    let low = Infinity;
    let high = -Infinity;
    for (const row of logs) for (const v of row) if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
    if (!Number.isFinite(low)) [low, high] = [0, 1];
    const scale = sequentialScale(low, high, theme);
    const zero = element('span', '', 'swatch-cell');
    zero.style.background = cssColour(scale.missing);
    this.bar.replaceChildren(colourBar(scale, 'log10 ||dL/dh_t||', (v) => v.toFixed(1)), zero, element('span', t('0 (underflow)'), 'muted'));
    this.heatmap.render({
      cols: steps,
      rows: epochs.length,
      value: (col, row) => logs[row][col] ?? Number.NaN,
      scale,
      colTick: (col) => String(col + 1),
      rowTick: (row) => String(epochs[row]),
      yTitle: t('epoch'),
      identity: [layer, version, theme.key],
      rowHeight: Math.max(6, Math.min(18, Math.floor(240 / Math.max(1, epochs.length)))),
      describe: (col, row) => {
        const norm = rows[row][col];
        return { lines: [epochName(epochs[row]), t('time step {0}', col + 1), `||dL/dh|| = ${formatNumber(norm)}`, `log10 = ${logs[row][col].toFixed(3)}`], value: norm };
      },
    }, theme, width);
    const last = epochs.length - 1;
    const ratio = last >= 0 ? describeRatio(epochs[last], firstToLastRatio(rows[last], layer.direction)) : '';
    // Time steps stay in input order for both directions, so a backward layer's first step is on the right.
    this.summary.textContent = layer.direction === 'backward'
      ? `${ratio} ${t('This direction reads the sequence from its last step to its first: its first step is the rightmost column.')}`
      : ratio;
    const xs = Array.from({ length: steps }, (_, i) => i + 1);
    // log10 on a linear axis rather than uPlot's log axis: norms span dozens of decades (1e-30 to 1e6), where its log ticks break down.
    const positive = (norms: number[]) => norms.map((n) => (n > 0 ? Math.log10(n) : null));
    const series: Series[] = [{ label: epochName(epochs[0] ?? 0), role: 'train', xs, ys: positive(rows[0] ?? []) }];
    if (last > 0) series.push({ label: epochName(epochs[last]), role: 'validation', xs, ys: positive(rows[last]) });
    this.curve.render(series, { xAxis: 'step', xLabel: t('time step'), yScale: 'linear', yLabel: 'log10 ||dL/dh_t||', theme });
    this.updateTable(layer, version);
    this.lastRenderMs = performance.now() - began;
  }

  /**
   * The table of every value, kept current whichever view is open (screen readers and tests read it). Thousands of
   * cells: rebuilt only when the records changed.
   */
  updateTable(layer: LayerInsight, version: number): void {
    if (this.tableOf?.[0] === layer && this.tableOf[1] === version) return;
    this.tableOf = [layer, version];
    const epochs = epochsOf(layer.gradients);
    this.fillTable(epochs, epochs.map((e) => layer.gradients.get(e) ?? []));
  }

  /** One row per epoch, one cell per time step; each cell keeps the exact value in data-value. */
  private fillTable(epochs: number[], rows: number[][]): void {
    const head = element('tr');
    head.append(element('th', t('epoch')), ...(rows[0] ?? []).map((_, i) => element('th', String(i + 1), 'number')));
    const body = rows.map((norms, r) => {
      const row = element('tr');
      row.dataset.epoch = String(epochs[r]);
      row.append(element('th', String(epochs[r])), ...norms.map((n) => {
        const cell = element('td', formatNumber(n), 'number');
        cell.dataset.value = String(n);
        return cell;
      }));
      return row;
    });
    this.table.replaceChildren(head, ...body);
  }
}

/** The latest epoch's first-to-last-step ratio, said the way a learner reads it. */
function describeRatio(epoch: number, ratio: number): string {
  const figure = formatNumber(ratio);
  if (!(ratio < 0.01 || ratio > 100)) return t('{0}: the gradient at the first step is {1} times the one at the last step: it reaches the early steps.', epochName(epoch), figure);
  return ratio < 0.01
    ? t('{0}: the gradient at the first step is {1} times the one at the last step: it vanishes going back through time.', epochName(epoch), figure)
    : t('{0}: the gradient at the first step is {1} times the one at the last step: it explodes going back through time.', epochName(epoch), figure);
}
