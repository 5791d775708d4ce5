// Export PNG: the plot canvas is transparent and has no legend, so the image is
// composed on a canvas of its own with the theme background, a title and the legend.
import { t } from '../../core/src/shared';
import type { Theme } from './theme';

export function composePng(plot: HTMLCanvasElement, title: string, legend: { label: string; colour: string }[], theme: Theme): string {
  const scale = plot.width / Math.max(1, plot.clientWidth || plot.width);
  const lineHeight = Math.round(18 * scale);
  const padding = Math.round(12 * scale);
  const canvas = document.createElement('canvas');
  canvas.width = plot.width + 2 * padding;
  canvas.height = plot.height + padding * 3 + lineHeight * (1 + legend.length);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(t('This webview cannot draw on a canvas.'));
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = theme.foreground;
  ctx.font = `bold ${Math.round(13 * scale)}px ${theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, padding, padding + lineHeight / 2);
  ctx.drawImage(plot, padding, padding + lineHeight);
  ctx.font = `${Math.round(12 * scale)}px ${theme.fontFamily}`;
  legend.forEach((entry, i) => {
    const y = plot.height + padding * 2 + lineHeight * (1.5 + i);
    ctx.fillStyle = entry.colour;
    ctx.fillRect(padding, y - 2 * scale, 16 * scale, 4 * scale);
    ctx.fillStyle = theme.foreground;
    ctx.fillText(entry.label, padding + 24 * scale, y);
  });
  return canvas.toDataURL('image/png');
}
