// A heatmap on a canvas: one cell per (column, row), coloured through a
// 256-entry table of its scale, painted as an image one pixel per cell and
// stretched without smoothing. That is what keeps 500 steps x 256 units to a
// few milliseconds; the exact value of a cell is what the hover shows.
import type { Theme } from '../theme';
import type { ColourScale } from './colour-scale';
import { axisFont, PlotFrame, tickIndices } from './plot-frame';
import { showTooltip } from './tooltip';

export interface HeatmapSpec {
  cols: number;
  rows: number;
  /** The value a cell is coloured by. */
  value(col: number, row: number): number;
  scale: ColourScale;
  colTick(col: number): string;
  rowTick(row: number): string;
  yTitle: string;
  /** CSS pixels per row. */
  rowHeight: number;
  /** What the hover box says about a cell, and the cell's exact value. */
  describe(col: number, row: number): { lines: string[]; value: number };
  /** A row drawn outlined (the chosen unit). */
  markedRow?: number;
}

const LUT_SIZE = 256;

export class Heatmap {
  readonly frame: PlotFrame;
  private spec?: HeatmapSpec;
  private image?: HTMLCanvasElement;

  constructor(container: HTMLElement, onRowClick?: (row: number) => void) {
    this.frame = new PlotFrame(container, undefined, (fx, fy, x, y) => this.hover(fx, fy, x, y),
      onRowClick ? (_fx, fy) => this.spec && onRowClick(Math.floor(fy * this.spec.rows)) : undefined);
  }

  render(spec: HeatmapSpec, theme: Theme, width: number): void {
    this.spec = spec;
    const { margins } = this.frame;
    const context = this.frame.begin(width, margins.top + margins.bottom + Math.max(1, spec.rows * spec.rowHeight));
    this.paintCells(spec);
    context.imageSmoothingEnabled = false;
    if (this.image) context.drawImage(this.image, margins.left, margins.top, this.frame.plotWidth, this.frame.plotHeight);
    this.drawAxes(spec, theme);
  }

  /** The centre of a cell in window coordinates (for tests). */
  cellCentre(col: number, row: number): { x: number; y: number } | undefined {
    if (!this.spec) return undefined;
    return this.frame.clientPoint((col + 0.5) / this.spec.cols, (row + 0.5) / this.spec.rows);
  }

  private paintCells(spec: HeatmapSpec): void {
    const image = (this.image ??= document.createElement('canvas'));
    image.width = spec.cols;
    image.height = spec.rows;
    const context = image.getContext('2d');
    if (!context || spec.cols === 0 || spec.rows === 0) return;
    const [min, max] = spec.scale.domain;
    const span = max > min ? max - min : 1;
    const lut = new Uint8ClampedArray(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) lut.set(spec.scale.at(min + (span * i) / (LUT_SIZE - 1)), i * 3);
    const pixels = context.createImageData(spec.cols, spec.rows);
    const data = pixels.data;
    const missing = spec.scale.missing;
    for (let row = 0; row < spec.rows; row++) {
      for (let col = 0; col < spec.cols; col++) {
        const v = spec.value(col, row);
        const o = (row * spec.cols + col) * 4;
        if (Number.isFinite(v)) {
          const i = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(((v - min) / span) * (LUT_SIZE - 1)))) * 3;
          data[o] = lut[i]; data[o + 1] = lut[i + 1]; data[o + 2] = lut[i + 2];
        } else {
          data[o] = missing[0]; data[o + 1] = missing[1]; data[o + 2] = missing[2];
        }
        data[o + 3] = 255;
      }
    }
    context.putImageData(pixels, 0, 0);
  }

  private drawAxes(spec: HeatmapSpec, theme: Theme): void {
    const { context, margins, plotWidth, plotHeight } = this.frame;
    context.fillStyle = theme.foreground;
    context.strokeStyle = theme.foreground;
    context.font = axisFont(theme.fontFamily);
    context.lineWidth = theme.highContrast ? 1.5 : 1;
    context.strokeRect(margins.left - 0.5, margins.top - 0.5, plotWidth + 1, plotHeight + 1);
    const cellWidth = plotWidth / spec.cols;
    const cellHeight = plotHeight / spec.rows;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const col of tickIndices(spec.cols, Math.max(2, Math.floor(plotWidth / 70)))) {
      context.fillText(spec.colTick(col), margins.left + (col + 0.5) * cellWidth, margins.top + plotHeight + 4);
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const row of tickIndices(spec.rows, Math.max(1, Math.floor(plotHeight / 14)))) {
      context.fillText(spec.rowTick(row), margins.left - 4, margins.top + (row + 0.5) * cellHeight);
    }
    context.save();
    context.translate(10, margins.top + plotHeight / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'center';
    context.fillText(spec.yTitle, 0, 0);
    context.restore();
    if (spec.markedRow !== undefined && spec.markedRow < spec.rows) {
      context.lineWidth = 2;
      context.strokeRect(margins.left - 1, margins.top + spec.markedRow * cellHeight - 1, plotWidth + 2, Math.max(2, cellHeight) + 2);
    }
  }

  private hover(fx: number, fy: number, clientX: number, clientY: number): void {
    if (!this.spec) return;
    const col = Math.min(this.spec.cols - 1, Math.floor(fx * this.spec.cols));
    const row = Math.min(this.spec.rows - 1, Math.floor(fy * this.spec.rows));
    const { lines, value } = this.spec.describe(col, row);
    showTooltip(clientX, clientY, lines, value);
  }
}
