// The saturation plot of Karpathy, Johnson & Fei-Fei (2015): for each gate,
// the fraction of its activations on the probe batch that are left-saturated
// (below 0.1, nearly shut) against right-saturated (above 0.9, wide open), one
// point per gate and epoch, joined in epoch order so the learner sees where
// training takes each gate.
import { t, type InsightLayer } from '../../../core/src/shared';
import { formatNumber } from '../chart';
import type { Theme } from '../theme';
import { epochsOf, type LayerInsight } from './insight-data';
import { gateTitle } from './gates-view';
import { epochName } from './gradients-view';
import { element, legendText } from './legend';
import { axisFont, PlotFrame } from './plot-frame';
import { hideTooltip, showTooltip } from './tooltip';

const HOVER_RADIUS = 10;

export interface SaturationPoint {
  gate: string;
  epoch: number;
  low: number;
  high: number;
}

export class SaturationView {
  private readonly frame: PlotFrame;
  private readonly key = element('div', undefined, 'bar');
  private readonly plot = element('div', undefined, 'insight-plot');
  private readonly empty = element('p', undefined, 'muted');
  private points: SaturationPoint[] = [];
  private info?: InsightLayer;
  lastRenderMs = 0;

  constructor(pane: HTMLElement) {
    pane.append(legendText(t('For each gate, the share of its activations on the probe batch that are nearly shut (below 0.1, across) against nearly wide open (above 0.9, up); one point per epoch, the largest the latest. A gate near the origin works in its middle range; toward the corners it acts like a switch.')));
    pane.append(this.empty, this.plot, this.key);
    this.frame = new PlotFrame(this.plot, { left: 56, right: 16, top: 10, bottom: 40 }, (fx, fy, x, y) => this.hover(fx, fy, x, y));
  }

  render(layer: LayerInsight, theme: Theme, width: number): void {
    const began = performance.now();
    this.info = layer.info;
    this.points = epochsOf(layer.saturation).flatMap((epoch) => (layer.saturation.get(epoch) ?? []).map((g) => ({ gate: g.gate, epoch, low: g.low, high: g.high })));
    const gates = [...new Set(this.points.map((p) => p.gate))];
    // A plain rnn has no gates; nothing saturates but its tanh, which the gates view shows.
    this.empty.hidden = gates.length > 0;
    this.empty.textContent = t('This layer has no gates: its hidden state is in the gates view.');
    this.plot.hidden = gates.length === 0;
    const colours = [theme.roles.batch, theme.roles.validation, theme.roles.train, ...theme.overlays, theme.roles.baseline];
    const colourOf = (gate: string) => colours[gates.indexOf(gate) % colours.length];
    const side = Math.min(width, 420);
    const context = this.frame.begin(side, side - 40);
    const { margins, plotWidth, plotHeight } = this.frame;
    const x = (v: number) => margins.left + v * plotWidth;
    const y = (v: number) => margins.top + (1 - v) * plotHeight;
    context.font = axisFont(theme.fontFamily);
    context.strokeStyle = theme.grid;
    context.lineWidth = 1;
    // Low + high cannot exceed 1: the diagonal bounds where a point can be.
    context.beginPath();
    context.moveTo(x(0), y(1));
    context.lineTo(x(1), y(0));
    context.stroke();
    context.strokeStyle = theme.foreground;
    context.fillStyle = theme.foreground;
    context.strokeRect(margins.left - 0.5, margins.top - 0.5, plotWidth + 1, plotHeight + 1);
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const v of [0, 0.25, 0.5, 0.75, 1]) context.fillText(String(v), x(v), margins.top + plotHeight + 4);
    context.fillText(t('fraction left-saturated (< 0.1)'), margins.left + plotWidth / 2, margins.top + plotHeight + 20);
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const v of [0, 0.25, 0.5, 0.75, 1]) context.fillText(String(v), margins.left - 4, y(v));
    context.save();
    context.translate(12, margins.top + plotHeight / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'center';
    context.fillText(t('fraction right-saturated (> 0.9)'), 0, 0);
    context.restore();
    const lastEpoch = Math.max(0, ...this.points.map((p) => p.epoch));
    for (const gate of gates) {
      const path = this.points.filter((p) => p.gate === gate);
      context.strokeStyle = colourOf(gate);
      context.fillStyle = colourOf(gate);
      context.lineWidth = theme.highContrast ? 2 : 1;
      context.beginPath();
      path.forEach((p, i) => (i === 0 ? context.moveTo(x(p.low), y(p.high)) : context.lineTo(x(p.low), y(p.high))));
      context.stroke();
      for (const p of path) {
        context.beginPath();
        context.arc(x(p.low), y(p.high), p.epoch === lastEpoch ? 5 : 2.5, 0, 2 * Math.PI);
        context.fill();
      }
    }
    this.key.replaceChildren(...gates.map((gate) => {
      const item = element('span');
      const swatch = element('span', '', 'swatch');
      swatch.style.background = colourOf(gate);
      item.append(swatch, ` ${gateTitle(gate, layer.info)}`);
      return item;
    }));
    this.lastRenderMs = performance.now() - began;
  }

  /** The point of a gate and epoch in window coordinates (for tests). */
  pointAt(gate: string, epoch: number): { x: number; y: number } | undefined {
    const p = this.points.find((q) => q.gate === gate && q.epoch === epoch);
    return p && this.frame.clientPoint(p.low, 1 - p.high);
  }

  private hover(fx: number, fy: number, clientX: number, clientY: number): void {
    const { plotWidth, plotHeight } = this.frame;
    let best: SaturationPoint | undefined;
    let distance = HOVER_RADIUS;
    for (const p of this.points) {
      const d = Math.hypot((p.low - fx) * plotWidth, (1 - p.high - fy) * plotHeight);
      if (d <= distance) [best, distance] = [p, d];
    }
    if (!best) return hideTooltip();
    showTooltip(clientX, clientY, [gateTitle(best.gate, this.info), epochName(best.epoch), t('below 0.1: {0}', formatNumber(best.low)), t('above 0.9: {0}', formatNumber(best.high))], best.low);
  }
}
