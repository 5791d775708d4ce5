// A heatmap on a canvas: one cell per (column, row), coloured through a
// 256-entry table of its scale, painted as an image one pixel per cell and
// stretched without smoothing. That is what keeps 500 steps x 256 units to a
// few milliseconds; the exact value of a cell is what the hover shows.
import type { Theme } from '../theme';
import type { ColourScale, Rgb } from './colour-scale';
import { axisFont, PlotFrame, tickIndices } from './plot-frame';
import { showTooltip } from './tooltip';

export interface HeatmapSpec {
  cols: number;
  rows: number;
  /** The value a cell is coloured by. */
  value(col: number, row: number): number;
  /** The same values as one flat array, for painting without a call per cell: value(col, row) = values[col * colStride + row * rowStride]. */
  grid?: { values: ArrayLike<number>; colStride: number; rowStride: number };
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
  /** What the cells' colours depend on: when every item is the same as for the last drawing, its image is reused. */
  identity?: readonly unknown[];
}

const LUT_SIZE = 256;

export class Heatmap {
  readonly frame: PlotFrame;
  private spec?: HeatmapSpec;
  private image?: HTMLCanvasElement;
  private paintedIdentity?: readonly unknown[];

  constructor(container: HTMLElement, onRowClick?: (row: number) => void) {
    this.frame = new PlotFrame(container, undefined, (fx, fy, x, y) => this.hover(fx, fy, x, y),
      onRowClick ? (_fx, fy) => this.spec && onRowClick(Math.floor(fy * this.spec.rows)) : undefined);
  }

  render(spec: HeatmapSpec, theme: Theme, width: number): void {
    this.spec = spec;
    const { margins } = this.frame;
    const context = this.frame.begin(width, margins.top + margins.bottom + Math.max(1, spec.rows * spec.rowHeight));
    const same = spec.identity && this.paintedIdentity?.length === spec.identity.length && spec.identity.every((x, i) => x === this.paintedIdentity?.[i]);
    if (!same) this.paintCells(spec);
    this.paintedIdentity = spec.identity;
    context.imageSmoothingEnabled = false;
    // No cells yet (a probe without records): only the frame.
    if (this.image && spec.cols > 0 && spec.rows > 0) context.drawImage(this.image, margins.left, margins.top, this.frame.plotWidth, this.frame.plotHeight);
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
    // Packed RGBA words (little-endian: red in the low byte), one write per cell.
    const lut = new Uint32Array(LUT_SIZE);
    const pack = ([r, g, b]: Rgb) => ((255 << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
    for (let i = 0; i < LUT_SIZE; i++) lut[i] = pack(spec.scale.at(min + (span * i) / (LUT_SIZE - 1)));
    const missing = pack(spec.scale.missing);
    const pixels = context.createImageData(spec.cols, spec.rows);
    const words = new Uint32Array(pixels.data.buffer);
    const factor = (LUT_SIZE - 1) / span;
    const { cols, rows } = spec;
    const grid = spec.grid;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const v = grid ? grid.values[col * grid.colStride + row * grid.rowStride] : spec.value(col, row);
        if (v === v && v !== Infinity && v !== -Infinity) {
          const i = Math.round((v - min) * factor);
          words[row * cols + col] = lut[i < 0 ? 0 : i >= LUT_SIZE ? LUT_SIZE - 1 : i];
        } else {
          words[row * cols + col] = missing;
        }
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
