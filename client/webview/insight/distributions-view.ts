// The distributions view: for a chosen epoch, histograms of the layer's
// weights and of their gradients, one small plot per block (input kernel,
// recurrent kernel, bias) and gate, the way TensorBoard shows them per layer
// but split where an RNN's parts differ.
import { t, type InsightHistogramsRecord } from '../../../core/src/shared';
import { formatNumber } from '../chart';
import type { Theme } from '../theme';
import { epochsOf, type LayerInsight } from './insight-data';
import { gateTitle } from './gates-view';
import { epochName } from './gradients-view';
import { choice, element, legendText, shortNumber } from './legend';
import { axisFont, PlotFrame } from './plot-frame';
import { showTooltip } from './tooltip';

type Histogram = InsightHistogramsRecord['histograms'][number];

const SMALL_WIDTH = 230;
const SMALL_HEIGHT = 110;

function blockName(block: Histogram['block']): string {
  if (block === 'input') return t('input kernel');
  if (block === 'recurrent') return t('recurrent kernel');
  return t('bias');
}

/** The bin of a histogram that `fx` (0..1 across the plot) falls in, with its edges. */
export function binAt(h: Histogram, fx: number): { bin: number; from: number; to: number } {
  const bins = h.counts.length;
  const bin = Math.min(bins - 1, Math.max(0, Math.floor(fx * bins)));
  const w = (h.max - h.min) / bins;
  return { bin, from: h.min + bin * w, to: h.min + (bin + 1) * w };
}

class SmallHistogram {
  readonly frame: PlotFrame;
  histogram?: Histogram;

  constructor(container: HTMLElement) {
    this.frame = new PlotFrame(container, { left: 8, right: 8, top: 4, bottom: 18 }, (fx, _fy, x, y) => {
      const h = this.histogram;
      if (!h) return;
      const { bin, from, to } = binAt(h, fx);
      showTooltip(x, y, [`[${formatNumber(from)}, ${formatNumber(to)}${bin === h.counts.length - 1 ? ']' : ')'}`, t('{0} values', h.counts[bin])], h.counts[bin]);
    });
  }

  render(h: Histogram, colour: string, theme: Theme): void {
    this.histogram = h;
    const context = this.frame.begin(SMALL_WIDTH, SMALL_HEIGHT);
    const { margins, plotWidth, plotHeight } = this.frame;
    const peak = Math.max(1, ...h.counts);
    const barWidth = plotWidth / h.counts.length;
    context.fillStyle = colour;
    h.counts.forEach((count, i) => {
      const height = (count / peak) * plotHeight;
      context.fillRect(margins.left + i * barWidth, margins.top + plotHeight - height, Math.max(1, barWidth - (barWidth > 3 ? 1 : 0)), height);
    });
    context.strokeStyle = theme.foreground;
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(margins.left, margins.top + plotHeight + 0.5);
    context.lineTo(margins.left + plotWidth, margins.top + plotHeight + 0.5);
    context.stroke();
    context.fillStyle = theme.foreground;
    context.font = axisFont(theme.fontFamily);
    context.textBaseline = 'top';
    context.textAlign = 'left';
    context.fillText(shortNumber(h.min), margins.left, margins.top + plotHeight + 4);
    context.textAlign = 'right';
    context.fillText(shortNumber(h.max), margins.left + plotWidth, margins.top + plotHeight + 4);
  }
}

export class DistributionsView {
  private readonly controls = element('div', undefined, 'bar');
  private readonly grid = element('div');
  private smalls: SmallHistogram[] = [];
  private chosenEpoch?: number;
  lastRenderMs = 0;

  constructor(pane: HTMLElement) {
    pane.append(legendText(t('How the layer\'s weights and their gradients are spread, for the chosen epoch: one histogram per block (input kernel, recurrent kernel, bias) and gate, bar height the number of values in each range. Weights that spread out are learning; gradients squeezed around zero carry little.')));
    pane.append(this.controls, this.grid);
  }

  /** The histograms drawn, in order (for tests). */
  get histograms(): readonly { histogram?: Histogram; frame: PlotFrame }[] {
    return this.smalls;
  }

  render(layer: LayerInsight, theme: Theme, redraw: () => void): void {
    const began = performance.now();
    const epochs = epochsOf(layer.histograms);
    const epoch = this.chosenEpoch !== undefined && layer.histograms.has(this.chosenEpoch) ? this.chosenEpoch : epochs[epochs.length - 1];
    this.controls.replaceChildren(choice(t('Epoch'), epochs.map((e) => ({ value: String(e), text: epochName(e) })), String(epoch ?? ''), (value) => {
      this.chosenEpoch = Number(value);
      redraw();
    }));
    const histograms = epoch === undefined ? [] : layer.histograms.get(epoch) ?? [];
    const groups: { of: Histogram['of']; title: string }[] = [{ of: 'weights', title: t('Weights') }, { of: 'gradients', title: t('Gradients') }];
    this.smalls = [];
    if (histograms.length === 0) {
      this.grid.replaceChildren(element('p', t('No epoch has histograms yet.'), 'muted'));
      this.lastRenderMs = performance.now() - began;
      return;
    }
    this.grid.replaceChildren(...groups.map(({ of, title }) => {
      const group = element('div');
      group.append(element('h3', title));
      const row = element('div', undefined, 'insight-smalls');
      for (const h of histograms.filter((x) => x.of === of)) {
        const box = element('figure', undefined, 'insight-small');
        box.dataset.of = h.of;
        box.dataset.block = h.block;
        box.dataset.gate = h.gate;
        const small = new SmallHistogram(box);
        box.append(element('figcaption', h.gate ? `${blockName(h.block)} · ${gateTitle(h.gate, layer.info)}` : blockName(h.block)));
        small.render(h, of === 'weights' ? theme.roles.train : theme.roles.validation, theme);
        this.smalls.push(small);
        row.append(box);
      }
      group.append(row);
      return group;
    }));
    this.lastRenderMs = performance.now() - began;
  }
}
