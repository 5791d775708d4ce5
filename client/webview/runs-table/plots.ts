// The selected runs' settings against a metric: a parallel-coordinates plot
// (one axis per differing setting, the metric last, one line per run) and a
// scatter of the metric against one setting. SVG, coloured with VS Code's
// theme variables through CSS classes, so the plots follow the theme.
import type { RunRow } from '../../src/runs-table/messages';
import { valueText } from './rows';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 24, right: 40, bottom: 28, left: 48 };

interface Axis {
  label: string;
  /** Where a run sits on the axis, 0 (bottom) to 1 (top); undefined: no value. */
  position(row: RunRow): number | undefined;
  /** Tick labels at the bottom and the top. */
  ends: [string, string];
}

/** A numeric axis when every value is a number, else one evenly spaced place per distinct value. */
function axisOf(label: string, read: (row: RunRow) => unknown, rows: readonly RunRow[]): Axis {
  const values = rows.map(read).filter((value) => value !== undefined && value !== null);
  if (values.length > 0 && values.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    const numbers = values as number[];
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    const span = high - low || 1;
    return {
      label,
      position: (row) => { const v = read(row); return typeof v === 'number' && Number.isFinite(v) ? (high === low ? 0.5 : (v - low) / span) : undefined; },
      ends: [shortNumber(low), shortNumber(high)],
    };
  }
  const categories = [...new Set(values.map(valueText))].sort();
  return {
    label,
    position: (row) => { const v = read(row); const i = v === undefined || v === null ? -1 : categories.indexOf(valueText(v)); return i < 0 ? undefined : categories.length === 1 ? 0.5 : i / (categories.length - 1); },
    ends: [categories[0] ?? '', categories.at(-1) ?? ''],
  };
}

function shortNumber(value: number): string {
  return Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function canvas(label: string): SVGSVGElement {
  return element('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label, class: 'plot' });
}

/** One vertical axis per setting in `keys`, then `metric`; one polyline per run that has the metric. */
export function parallelCoordinates(rows: readonly RunRow[], keys: readonly string[], metric: string, label: string): SVGSVGElement {
  const svg = canvas(label);
  const axes = [
    ...keys.map((key) => axisOf(key, (row) => row.spec?.[key], rows)),
    axisOf(metric, (row) => row.final[metric] ?? undefined, rows),
  ];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (axes.length === 1 ? plotWidth / 2 : (i * plotWidth) / (axes.length - 1));
  const y = (position: number) => MARGIN.top + (1 - position) * plotHeight;
  axes.forEach((axis, i) => {
    svg.append(element('line', { x1: x(i), x2: x(i), y1: y(0), y2: y(1), class: 'axis' }));
    svg.append(element('text', { x: x(i), y: MARGIN.top - 8, class: 'axis-label', 'text-anchor': 'middle' }, axis.label));
    svg.append(element('text', { x: x(i) + 4, y: y(0), class: 'tick' }, axis.ends[0]));
    svg.append(element('text', { x: x(i) + 4, y: y(1) + 10, class: 'tick' }, axis.ends[1]));
  });
  rows.forEach((row, index) => {
    const points = axes.map((axis, i) => {
      const position = axis.position(row);
      return position === undefined ? undefined : `${x(i).toFixed(1)},${y(position).toFixed(1)}`;
    });
    if (points.some((point) => point === undefined)) return; // a run without every value would draw a broken line
    const line = element('polyline', { points: points.join(' '), class: `run-line series-${index % 6}`, 'data-run': row.runDir });
    line.append(element('title', {}, row.notes.title ?? row.id));
    svg.append(line);
  });
  return svg;
}

/** `metric` (y) against the setting `key` (x), one dot per run. */
export function scatter(rows: readonly RunRow[], key: string, metric: string, label: string): SVGSVGElement {
  const svg = canvas(label);
  const xAxis = axisOf(key, (row) => row.spec?.[key], rows);
  const yAxis = axisOf(metric, (row) => row.final[metric] ?? undefined, rows);
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  svg.append(element('line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'axis' }));
  svg.append(element('line', { x1: left, x2: left, y1: top, y2: bottom, class: 'axis' }));
  svg.append(element('text', { x: (left + right) / 2, y: HEIGHT - 4, class: 'axis-label', 'text-anchor': 'middle' }, key));
  svg.append(element('text', { x: left, y: top - 8, class: 'axis-label' }, metric));
  svg.append(element('text', { x: left, y: bottom + 14, class: 'tick' }, xAxis.ends[0]));
  svg.append(element('text', { x: right, y: bottom + 14, class: 'tick', 'text-anchor': 'end' }, xAxis.ends[1]));
  svg.append(element('text', { x: left - 4, y: bottom, class: 'tick', 'text-anchor': 'end' }, yAxis.ends[0]));
  svg.append(element('text', { x: left - 4, y: top + 10, class: 'tick', 'text-anchor': 'end' }, yAxis.ends[1]));
  rows.forEach((row, index) => {
    const px = xAxis.position(row);
    const py = yAxis.position(row);
    if (px === undefined || py === undefined) return;
    const dot = element('circle', { cx: left + px * (right - left), cy: bottom - py * (bottom - top), r: 4, class: `run-dot series-${index % 6}`, 'data-run': row.runDir });
    dot.append(element('title', {}, `${row.notes.title ?? row.id}: ${valueText(row.spec?.[key])}, ${metric} ${valueText(row.final[metric])}`));
    svg.append(dot);
  });
  return svg;
}
