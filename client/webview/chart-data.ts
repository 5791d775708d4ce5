// Turns runs into the series each chart plots. Pure (no DOM), so it is
// tested in Node and the chart classes stay thin. Series of a metric carry the
// metric's name (loss, val_loss, mae) as the run files do; the others are words.
import { baselineName, t, type Baseline } from '../../core/src/shared';
import type { RunData } from './run-data';
import { debiasedEma } from './smoothing';

export type XAxis = 'step' | 'epoch';
export type YScale = 'linear' | 'log';

/** How a series is drawn; the chart maps a role to a theme colour and a dash. */
export type SeriesRole =
  | 'batch'
  | 'batch-smoothed'
  | 'train'
  | 'validation'
  | 'baseline'
  | 'persistence'
  | 'seasonal'
  | 'forecast'
  | 'overlay-train'
  | 'overlay-validation';

export interface Series {
  label: string;
  role: SeriesRole;
  /** Index of the overlay (0-based) for overlay roles, to vary their colour. */
  overlay?: number;
  xs: readonly number[];
  ys: readonly (number | null)[];
  /** 'break': a null leaves a gap in the line (default: the line spans missing points). */
  gaps?: 'span' | 'break';
}

export interface ChartOptions {
  xAxis: XAxis;
  yScale: YScale;
  smoothing: number;
}

/** Loss curves: per batch (raw and smoothed), per epoch, validation, baseline, and the overlays' epoch curves. */
export function lossSeries(run: RunData, overlays: readonly RunData[], options: ChartOptions): Series[] {
  const series: Series[] = [];
  const batchXs = options.xAxis === 'step' ? run.batchStep : run.batchEpoch;
  const positive = options.yScale === 'log' ? positiveOnly : identity;
  if (run.batchLoss.length > 0) {
    const raw = positive(run.batchLoss);
    series.push({ label: t('batch loss'), role: 'batch', xs: batchXs, ys: raw });
    if (options.smoothing > 0) {
      series.push({ label: t('batch loss (smoothed)'), role: 'batch-smoothed', xs: batchXs, ys: debiasedEma(raw, options.smoothing) });
    }
  }
  const epochXs = epochPositions(run, options.xAxis);
  series.push({ label: 'loss', role: 'train', xs: epochXs, ys: positive(run.epochs.map((e) => e.loss)) });
  if (run.epochs.some((e) => e.val_loss !== undefined)) {
    series.push({ label: 'val_loss', role: 'validation', xs: epochXs, ys: positive(run.epochs.map((e) => e.val_loss ?? null)) });
  }
  const span = xSpan([batchXs, epochXs]);
  for (const baseline of baselineLines(run)) {
    if (span && Number.isFinite(baseline.loss) && (options.yScale === 'linear' || baseline.loss > 0)) {
      series.push({ label: baseline.label, role: baseline.role, xs: span, ys: span.map(() => baseline.loss) });
    }
  }
  overlays.forEach((other, index) => {
    const xs = epochPositions(other, options.xAxis);
    series.push({ label: `${other.label}: loss`, role: 'overlay-train', overlay: index, xs, ys: positive(other.epochs.map((e) => e.loss)) });
    if (other.epochs.some((e) => e.val_loss !== undefined)) {
      series.push({
        label: `${other.label}: val_loss`, role: 'overlay-validation', overlay: index, xs,
        ys: positive(other.epochs.map((e) => e.val_loss ?? null)),
      });
    }
  });
  return series;
}

/** The run's baselines as loss lines: each named (runs before named baselines: one line of baselineLoss). */
function baselineLines(run: RunData): { label: string; role: SeriesRole; loss: number }[] {
  const start = run.start;
  if (start?.baselines?.length) return start.baselines.map((b) => ({ label: baselineName(b), role: baselineRole(b.name), loss: b.loss }));
  return start?.baselineLoss !== undefined ? [{ label: t('baseline'), role: 'baseline', loss: start.baselineLoss }] : [];
}

export function baselineRole(name: Baseline['name']): SeriesRole {
  return name === 'persistence' ? 'persistence' : name === 'seasonal_naive' ? 'seasonal' : 'baseline';
}

/** The metric besides the loss (accuracy or MAE) per epoch, train and validation, with the overlays'. */
export function metricSeries(run: RunData, overlays: readonly RunData[], options: ChartOptions): Series[] {
  const metric = run.metric;
  if (!metric) return [];
  const series: Series[] = [];
  const add = (source: RunData, label: string, role: SeriesRole, roleVal: SeriesRole, overlay?: number) => {
    const xs = epochPositions(source, options.xAxis);
    series.push({ label: `${label}${metric}`, role, overlay, xs, ys: source.epochs.map((e) => e.metrics[metric] ?? null) });
    if (source.epochs.some((e) => e.metrics[`val_${metric}`] !== undefined)) {
      series.push({ label: `${label}val_${metric}`, role: roleVal, overlay, xs, ys: source.epochs.map((e) => e.metrics[`val_${metric}`] ?? null) });
    }
  };
  add(run, '', 'train', 'validation');
  overlays.forEach((other, index) => add(other, `${other.label}: `, 'overlay-train', 'overlay-validation', index));
  return series;
}

/** The x axis as the axis title, the selector and the legend name it. */
export function axisLabel(axis: XAxis): string {
  return axis === 'step' ? t('step') : t('epoch');
}

function epochPositions(run: RunData, xAxis: XAxis): number[] {
  return run.epochs.map((e) => (xAxis === 'step' ? e.step : e.epoch));
}

function xSpan(columns: readonly (readonly number[])[]): number[] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const xs of columns) {
    if (xs.length === 0) continue;
    min = Math.min(min, xs[0]);
    max = Math.max(max, xs[xs.length - 1]);
  }
  if (!Number.isFinite(min)) return undefined;
  return min === max ? [min] : [min, max];
}

const identity = <T>(values: readonly T[]): readonly T[] => values;

/** A log axis cannot show zero or negative values: they become gaps. */
function positiveOnly(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 ? v : null));
}

/**
 * uPlot wants every series on one shared, sorted x column. Series are each
 * sorted by x already, so this merges their x values and places every y on it
 * (null where a series has no point), in O(total points · log).
 */
export function alignSeries(series: readonly Series[]): { x: number[]; ys: (number | null)[][] } {
  const nonEmpty = series.filter((s) => s.xs.length > 0);
  const widest = nonEmpty.reduce<Series | undefined>((a, s) => (!a || s.xs.length > a.xs.length ? s : a), undefined);
  let x: number[];
  if (widest && nonEmpty.every((s) => s === widest || isSubset(s.xs, widest.xs))) {
    x = widest.xs.slice();
  } else {
    const all = new Float64Array(nonEmpty.reduce((n, s) => n + s.xs.length, 0));
    let at = 0;
    for (const s of nonEmpty) for (const v of s.xs) all[at++] = v;
    all.sort();
    x = [];
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) x.push(all[i]);
  }
  const ys = series.map((s) => {
    const column: (number | null)[] = new Array(x.length).fill(null);
    let j = 0;
    for (let i = 0; i < s.xs.length; i++) {
      while (j < x.length && x[j] < s.xs[i]) j++;
      if (j < x.length && x[j] === s.xs[i]) column[j] = s.ys[i] ?? null;
    }
    return column;
  });
  return { x, ys };
}

/** Whether every value of sorted `small` occurs in sorted `big`. */
function isSubset(small: readonly number[], big: readonly number[]): boolean {
  let j = 0;
  for (const v of small) {
    while (j < big.length && big[j] < v) j++;
    if (j === big.length || big[j] !== v) return false;
  }
  return true;
}
