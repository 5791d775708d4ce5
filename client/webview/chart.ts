// One uPlot chart. It rebuilds the plot only when the set of series or the
// axes change; new points only call setData, which is what keeps up with a
// fast run (uPlot draws 100,000 points in a few milliseconds).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignSeries, axisLabel, type Series, type XAxis, type YScale } from './chart-data';
import { roleColour, type Theme } from './theme';

export interface ChartLayout {
  xAxis: XAxis;
  yScale: YScale;
  theme: Theme;
  /** Label of the x axis when it is neither step nor epoch (e.g. "sample"). */
  xLabel?: string;
  /** Label of the y axis when it depends on the run (e.g. the metric's name). */
  yLabel?: string;
}

export class ChartView {
  private plot?: uPlot;
  private structure = '';
  private series: Series[] = [];
  private plotted: uPlot.AlignedData = [[]];

  constructor(
    private readonly container: HTMLElement,
    private readonly yLabel: string,
    private readonly height = 260,
  ) {
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height })).observe(container);
  }

  render(series: Series[], layout: ChartLayout): void {
    const aligned = alignSeries(series);
    this.series = series;
    this.plotted = [aligned.x, ...aligned.ys];
    const structure = JSON.stringify([series.map((s) => [s.label, s.role, s.overlay]), layout.xAxis, layout.xLabel, layout.yLabel, layout.yScale, layout.theme.key]);
    if (!this.plot || structure !== this.structure) {
      this.plot?.destroy();
      this.structure = structure;
      this.plot = new uPlot(this.options(series, layout), this.plotted, this.container);
    } else {
      this.plot.setData(this.plotted);
    }
  }

  /** Number of non-empty points per series label, for the test hook. */
  pointCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    this.series.forEach((s, i) => {
      counts[s.label] = (this.plotted[i + 1] as (number | null)[]).filter((v) => v !== null && v !== undefined).length;
    });
    return counts;
  }

  values(label: string): (number | null)[] | undefined {
    const index = this.series.findIndex((s) => s.label === label);
    return index < 0 ? undefined : (this.plotted[index + 1] as (number | null)[]).filter((v) => v !== null);
  }

  get yDistribution(): number | undefined {
    return this.plot?.scales.y?.distr;
  }

  get canvas(): HTMLCanvasElement | undefined {
    return this.plot?.ctx.canvas;
  }

  labelsAndColours(theme: Theme): { label: string; colour: string }[] {
    return this.series.map((s) => ({ label: s.label, colour: roleColour(theme, s.role, s.overlay) }));
  }

  private width(): number {
    return Math.max(240, this.container.clientWidth || 600);
  }

  private options(series: Series[], layout: ChartLayout): uPlot.Options {
    const { theme } = layout;
    const thick = theme.highContrast ? 1 : 0;
    const axis = (label: string): uPlot.Axis => ({
      label,
      stroke: theme.foreground,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      font: `11px ${theme.fontFamily}`,
      labelFont: `11px ${theme.fontFamily}`,
    });
    return {
      width: this.width(),
      height: this.height,
      scales: { x: { time: false }, y: { distr: layout.yScale === 'log' ? 3 : 1, log: 10 } },
      axes: [axis(layout.xLabel ?? axisLabel(layout.xAxis)), axis(layout.yLabel ?? this.yLabel)],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      series: [
        { label: layout.xLabel ?? axisLabel(layout.xAxis), value: (_u, v) => (v === null || v === undefined ? '–' : formatNumber(v)) },
        ...series.map((s): uPlot.Series => {
          // Markers help on sparse per-epoch curves and only clutter dense ones.
          const flat = s.role === 'baseline' || ((s.role === 'persistence' || s.role === 'seasonal') && s.ys.length <= 2);
          const markers = s.role !== 'batch' && s.role !== 'batch-smoothed' && !flat && s.xs.length <= 100;
          const dashed = s.role === 'baseline' || s.role === 'persistence' || s.role === 'seasonal' || s.role.startsWith('overlay');
          return {
            label: s.label,
            stroke: roleColour(theme, s.role, s.overlay),
            width: (s.role === 'batch' ? 1 : 2) + thick,
            alpha: s.role === 'batch' ? 0.35 : 1,
            dash: dashed ? [6, 4] : s.role === 'validation' ? [2, 2] : undefined,
            // A forecast is drawn in pieces (a validation window, then after the series): never joined across the gap.
            spanGaps: s.gaps !== 'break',
            points: { show: markers, size: 5 },
            value: (_u, v) => (v === null || v === undefined ? '–' : formatNumber(v)),
          };
        }),
      ],
    };
  }
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const magnitude = Math.abs(v);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5) ? v.toExponential(4) : v.toPrecision(5);
}
