// The colour scales of the insight views. Heatmaps of many cells need a
// perceptually even ramp that reads the same in light, dark and high-contrast
// themes: viridis for magnitudes and gate openings, and for signed states
// (tanh in [-1, 1]) a diverging ramp from the theme's blue through its
// background to its orange, so zero disappears into the page. Written here
// rather than taken from d3-scale-chromatic: it is ten colour stops and a
// linear interpolation, not worth a dependency in the webview bundle.
import type { Theme } from '../theme';

export type Rgb = [number, number, number];

/** Viridis (Smith & van der Walt, matplotlib), ten even stops. */
const VIRIDIS: Rgb[] = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37],
];

/** A colour for each value: `at(v)` is the colour, `domain` what the legend's bar spans. */
export interface ColourScale {
  domain: [number, number];
  at(value: number): Rgb;
  /** Colour of a value that is not a number (log of 0, NaN). */
  missing: Rgb;
}

function mix(a: Rgb, b: Rgb, f: number): Rgb {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function ramp(stops: Rgb[], f: number): Rgb {
  const x = Math.min(1, Math.max(0, f)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  return mix(stops[i], stops[i + 1], x - i);
}

/** Any CSS colour the theme gives (#rgb, #rrggbbaa, rgb()) as numbers, through the canvas's own parser. */
export function parseColour(css: string): Rgb {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return [128, 128, 128];
  context.fillStyle = '#808080';
  context.fillStyle = css;
  const parsed = String(context.fillStyle);
  if (parsed.startsWith('#')) return [1, 3, 5].map((i) => parseInt(parsed.slice(i, i + 2), 16)) as Rgb;
  const parts = parsed.match(/[\d.]+/g)?.map(Number) ?? [128, 128, 128];
  return [parts[0], parts[1], parts[2]];
}

export function sequentialScale(min: number, max: number, theme: Theme): ColourScale {
  const span = max > min ? max - min : 1;
  return { domain: [min, max], at: (v) => ramp(VIRIDIS, (v - min) / span), missing: parseColour(theme.grid) };
}

export function divergingScale(limit: number, theme: Theme): ColourScale {
  const negative = parseColour(theme.roles.batch);
  const middle = parseColour(theme.background);
  const positive = parseColour(theme.roles.validation);
  const l = limit > 0 ? limit : 1;
  return {
    domain: [-l, l],
    at: (v) => (v < 0 ? mix(middle, negative, Math.min(1, -v / l)) : mix(middle, positive, Math.min(1, v / l))),
    missing: parseColour(theme.grid),
  };
}

export function cssColour([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** The text colour that stays legible on `background` (for tokens coloured by an activation). */
export function textOn([r, g, b]: Rgb): string {
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000000' : '#ffffff';
}
