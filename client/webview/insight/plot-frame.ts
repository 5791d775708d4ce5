// A canvas with margins for axes, sized to its container and to the screen's
// pixel ratio, that reports where the pointer is inside its plot area. The
// heatmaps, the input strip and the saturation and histogram plots share it so
// their time axes line up and their hover works alike.
import { hideTooltip } from './tooltip';

export interface Margins { left: number; right: number; top: number; bottom: number }
export const DEFAULT_MARGINS: Margins = { left: 64, right: 12, top: 6, bottom: 26 };

/** The pointer in the plot area, as fractions of its width and height (0,0 at top left). */
export type Hover = (fx: number, fy: number, clientX: number, clientY: number) => void;

export class PlotFrame {
  readonly canvas = document.createElement('canvas');
  readonly context: CanvasRenderingContext2D;
  width = 0;
  height = 0;

  constructor(container: HTMLElement, readonly margins: Margins = DEFAULT_MARGINS, onHover?: Hover, onClick?: (fx: number, fy: number) => void) {
    this.canvas.className = 'insight-canvas';
    container.append(this.canvas);
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('The panel cannot draw on a canvas.');
    this.context = context;
    const inPlot = (event: MouseEvent): [number, number] | undefined => {
      const box = this.canvas.getBoundingClientRect();
      const fx = (event.clientX - box.left - margins.left) / this.plotWidth;
      const fy = (event.clientY - box.top - margins.top) / this.plotHeight;
      return fx >= 0 && fx < 1 && fy >= 0 && fy < 1 ? [fx, fy] : undefined;
    };
    this.canvas.addEventListener('mousemove', (event) => {
      const at = inPlot(event);
      if (at && onHover) onHover(at[0], at[1], event.clientX, event.clientY);
      else hideTooltip();
    });
    this.canvas.addEventListener('mouseleave', hideTooltip);
    if (onClick) this.canvas.addEventListener('click', (event) => {
      const at = inPlot(event);
      if (at) onClick(at[0], at[1]);
    });
  }

  get plotWidth(): number {
    return Math.max(1, this.width - this.margins.left - this.margins.right);
  }

  get plotHeight(): number {
    return Math.max(1, this.height - this.margins.top - this.margins.bottom);
  }

  /** Sizes the canvas (CSS pixels) and clears it; drawing afterwards is in CSS pixels. */
  begin(width: number, height: number): CanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.context.clearRect(0, 0, width, height);
    return this.context;
  }

  /** Where, in the window, the plot-area point (fx, fy) is: for tests that hover a given cell. */
  clientPoint(fx: number, fy: number): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + this.margins.left + fx * this.plotWidth, y: box.top + this.margins.top + fy * this.plotHeight };
  }
}

/** About `count` round positions in [0, n): the ticks of an axis of n cells. */
export function tickIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const raw = n / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let i = 0; i < n; i += step) ticks.push(i);
  return ticks;
}

export function axisFont(fontFamily: string): string {
  return `11px ${fontFamily}`;
}
