// The gates view: for the probe sequence of a chosen epoch, each gate's
// activation and the cell and hidden states as heatmaps (time step across,
// unit down), under the input sequence drawn on the same time axis. For text
// models the probe text instead, each token coloured by the activation of the
// unit the learner clicked (the way Karpathy et al. found quote and line-length
// cells).
import { t, type InsightLayer, type InsightProbeRecord } from '../../../core/src/shared';
import { formatNumber } from '../chart';
import { className } from '../confusion-view';
import type { Theme } from '../theme';
import { cssColour, divergingScale, sequentialScale, textOn, type ColourScale } from './colour-scale';
import { Heatmap } from './heatmap';
import { epochsOf, type DecodedTrace, type InsightData, type LayerInsight } from './insight-data';
import { choice, colourBar, element, legendText, shortNumber } from './legend';
import { epochName } from './gradients-view';
import { axisFont, PlotFrame } from './plot-frame';
import { hideTooltip, showTooltip } from './tooltip';

const INPUT_HEIGHT = 90;

/** A gate by its name; lstm's "cell" gate is the candidate of the cell state, not a gate that opens and shuts. */
export function gateTitle(name: string, info: InsightLayer | undefined): string {
  return info?.cell === 'lstm' && name === 'cell' ? t('cell candidate') : t('{0} gate', name);
}

/** What a trace series is: a gate (its index in the layer's gates) or a state. */
export function seriesTitle(index: number, name: string, info: InsightLayer | undefined): string {
  const gates = info?.gates.length ?? 0;
  if (index < gates) return gateTitle(name, info);
  if (name === 'cell') return t('cell state');
  if (name === 'hidden') return t('hidden state');
  return name;
}

const scales = new WeakMap<Float32Array, { themeKey: string; scale: ColourScale }>();

/** The scale of a series, made once per series and theme (a redraw reuses it, and with it the heatmap's image). */
function scaleFor(values: Float32Array, theme: Theme): ColourScale {
  const known = scales.get(values);
  if (known?.themeKey === theme.key) return known.scale;
  const scale = makeScale(values, theme);
  scales.set(values, { themeKey: theme.key, scale });
  return scale;
}

/** Gates live in [0, 1] and read best on viridis; states and tanh candidates are signed and read best around zero. */
function makeScale(values: Float32Array, theme: Theme): ColourScale {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { low = Math.min(low, v); high = Math.max(high, v); }
  if (low >= 0 && high <= 1) return sequentialScale(0, 1, theme);
  return divergingScale(Math.max(Math.abs(low), Math.abs(high), 1e-6), theme);
}

export class GatesView {
  private readonly controls = element('div', undefined, 'bar');
  private readonly inputBox = element('div', undefined, 'insight-plot');
  private readonly tokens = element('p', undefined, 'insight-tokens');
  private readonly maps = element('div');
  private readonly inputFrame: PlotFrame;
  private heatmaps: Heatmap[] = [];
  /** The epoch the learner chose; the latest traced one when unset. */
  private chosenEpoch?: number;
  private unit = 0;
  private colourSeries = -1;
  private redraw: () => void = () => undefined;
  private lastProbe?: InsightProbeRecord;
  lastRenderMs = 0;
  shownEpoch?: number;

  constructor(pane: HTMLElement) {
    pane.append(legendText(t('The gates and states of each unit as the probe sequence goes through the layer, for the chosen epoch: time step across, unit down. A gate near 1 (bright) lets everything through, near 0 (dark) shuts; a state is coloured by its sign. Click a unit\'s row to colour the probe text by that unit.')));
    pane.append(this.controls, this.inputBox, this.tokens, this.maps);
    this.inputFrame = new PlotFrame(this.inputBox, undefined, (fx, _fy, x, y) => this.hoverInput(fx, x, y));
    this.tokens.addEventListener('mousemove', (event) => {
      const token = (event.target as HTMLElement).closest<HTMLElement>('.token');
      if (token?.dataset.value) showTooltip(event.clientX, event.clientY, [token.title], Number(token.dataset.value));
      else hideTooltip();
    });
    this.tokens.addEventListener('mouseleave', hideTooltip);
  }

  /** The heatmaps drawn, one per series of the shown trace (for tests). */
  get heatmapList(): readonly Heatmap[] {
    return this.heatmaps;
  }

  render(data: InsightData, layer: LayerInsight, theme: Theme, width: number, redraw: () => void): void {
    const began = performance.now();
    this.redraw = redraw;
    const epochs = epochsOf(layer.traces);
    const epoch = this.chosenEpoch !== undefined && layer.traces.has(this.chosenEpoch) ? this.chosenEpoch : epochs[epochs.length - 1];
    this.shownEpoch = epoch;
    const record = epoch === undefined ? undefined : layer.traces.get(epoch);
    const trace = record ? data.decode(record) : null;
    this.controls.replaceChildren(choice(t('Epoch'), epochs.map((e) => ({ value: String(e), text: epochName(e) })), String(epoch ?? ''), (value) => {
      this.chosenEpoch = Number(value);
      this.redraw();
    }));
    if (!trace) {
      this.maps.replaceChildren(element('p', t('No epoch has a trace yet.'), 'muted'));
      this.inputBox.hidden = true;
      this.tokens.hidden = true;
      return;
    }
    this.unit = Math.min(this.unit, trace.units - 1);
    if (this.colourSeries < 0 || this.colourSeries >= trace.series.length) this.colourSeries = trace.series.length - 1;
    this.renderInput(data.probe, trace, theme, width);
    this.renderMaps(layer.info, trace, theme, width);
    this.renderTokens(data.probe, layer.info, trace, theme);
    this.lastRenderMs = performance.now() - began;
  }

  private renderMaps(info: InsightLayer | undefined, trace: DecodedTrace, theme: Theme, width: number): void {
    while (this.heatmaps.length < trace.series.length) {
      const box = element('div', undefined, 'insight-map');
      box.append(element('h3'), element('div'), element('div', undefined, 'insight-plot'));
      const index = this.heatmaps.length;
      this.heatmaps.push(new Heatmap(box.lastElementChild as HTMLElement, (row) => {
        this.unit = row;
        this.colourSeries = index;
        this.redraw();
      }));
      this.maps.append(box);
    }
    // A layer with fewer series than the last one drawn (a gru after an lstm) hides the rest.
    Array.from(this.maps.children).forEach((box, i) => ((box as HTMLElement).hidden = i >= trace.series.length));
    if (this.maps.firstElementChild?.tagName === 'P') this.maps.firstElementChild.remove();
    const rowHeight = Math.max(1, Math.min(8, Math.floor(256 / trace.units)));
    trace.series.forEach((series, index) => {
      const box = this.maps.children[index] as HTMLElement;
      const title = seriesTitle(index, series.name, info);
      box.dataset.series = series.name;
      box.dataset.index = String(index);
      box.children[0].textContent = title;
      const scale = scaleFor(series.values, theme);
      box.children[1].replaceChildren(colourBar(scale, '', shortNumber));
      const { steps, units } = trace;
      const values = series.values;
      this.heatmaps[index].render({
        cols: steps,
        rows: units,
        value: (col, row) => values[col * units + row],
        grid: { values, colStride: units, rowStride: 1 },
        scale,
        colTick: (col) => String(col + 1),
        rowTick: (row) => String(row),
        yTitle: t('unit'),
        rowHeight,
        markedRow: index === this.colourSeries ? this.unit : undefined,
        identity: [values, scale],
        describe: (col, row) => {
          const value = values[col * units + row];
          return { lines: [title, t('time step {0}', col + 1), t('unit {0}', row), formatNumber(value)], value };
        },
      }, theme, width);
    });
  }

  /** The features of the probe sequence as lines over the same time axis (each scaled to its own range). */
  private renderInput(probe: InsightProbeRecord | undefined, trace: DecodedTrace, theme: Theme, width: number): void {
    const input = probe?.tokens ? undefined : probe?.input;
    this.inputBox.hidden = !input?.length;
    if (!input?.length) return;
    const context = this.inputFrame.begin(width, INPUT_HEIGHT);
    const { margins, plotWidth, plotHeight } = this.inputFrame;
    const features = input[0]?.length ?? 0;
    const colours = [theme.roles.batch, theme.roles.validation, theme.roles.train, ...theme.overlays];
    const x = (step: number) => margins.left + ((step + 0.5) / trace.steps) * plotWidth;
    for (let f = 0; f < features; f++) {
      const column = input.map((row) => row[f]);
      const low = Math.min(...column);
      const high = Math.max(...column);
      const y = (v: number) => margins.top + plotHeight - ((v - low) / (high > low ? high - low : 1)) * plotHeight;
      context.strokeStyle = colours[f % colours.length];
      context.lineWidth = theme.highContrast ? 2 : 1.5;
      context.beginPath();
      column.forEach((v, step) => (step === 0 ? context.moveTo(x(step), y(v)) : context.lineTo(x(step), y(v))));
      context.stroke();
    }
    context.strokeStyle = theme.foreground;
    context.fillStyle = theme.foreground;
    context.font = axisFont(theme.fontFamily);
    context.strokeRect(margins.left - 0.5, margins.top - 0.5, plotWidth + 1, plotHeight + 1);
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    context.fillText(t('input'), margins.left - 4, margins.top + plotHeight / 2);
  }

  private hoverInput(fx: number, clientX: number, clientY: number): void {
    const input = this.lastProbe?.input;
    if (!input?.length) return;
    const step = Math.min(input.length - 1, Math.floor(fx * input.length));
    const names = this.lastProbe?.features;
    const lines = [t('time step {0}', step + 1), ...input[step].map((v, f) => `${names?.[f] ?? t('feature {0}', f + 1)}: ${formatNumber(v)}`)];
    showTooltip(clientX, clientY, lines, input[step][0]);
  }

  /** The probe text, each token shaded by the chosen unit's value in the chosen series at that step. */
  private renderTokens(probe: InsightProbeRecord | undefined, info: InsightLayer | undefined, trace: DecodedTrace, theme: Theme): void {
    this.lastProbe = probe;
    const tokens = probe?.tokens;
    this.tokens.hidden = !tokens;
    if (!tokens) return;
    const series = trace.series[this.colourSeries];
    const scale = scaleFor(series.values, theme);
    const caption = element('span', t('Probe text coloured by unit {0} ({1}):', this.unit, seriesTitle(this.colourSeries, series.name, info)), 'muted');
    const spans = tokens.map((token, step) => {
      const value = series.values[step * trace.units + this.unit];
      const colour = scale.at(value);
      const span = element('span', className(token), 'token');
      span.style.background = cssColour(colour);
      span.style.color = textOn(colour);
      span.title = `${t('time step {0}', step + 1)} · ${className(token)}: ${formatNumber(value)}`;
      span.dataset.value = String(value);
      return span;
    });
    const text = element('span', undefined, 'token-text');
    text.append(...spans);
    this.tokens.replaceChildren(caption, element('br'), text);
  }
}
