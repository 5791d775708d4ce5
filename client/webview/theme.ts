// Canvas drawing cannot use CSS variables, so the chart reads VS Code's theme
// colours (the --vscode-* variables the webview host injects) into strings.
import type { SeriesRole } from './chart-data';

export interface Theme {
  /** Changes whenever any colour changes, so charts know to rebuild. */
  key: string;
  foreground: string;
  background: string;
  grid: string;
  highContrast: boolean;
  fontFamily: string;
  roles: Record<Exclude<SeriesRole, 'overlay-train' | 'overlay-validation'>, string>;
  overlays: string[];
}

export function readTheme(root: HTMLElement = document.body): Theme {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast = root.classList.contains('vscode-high-contrast') || root.classList.contains('vscode-high-contrast-light');
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', '#616161'));
  const theme: Omit<Theme, 'key'> = {
    foreground,
    background: v('--vscode-editor-background', v('--vscode-panel-background', '#ffffff')),
    grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.25)'),
    highContrast,
    fontFamily: v('--vscode-font-family', 'sans-serif'),
    roles: {
      batch: v('--vscode-charts-blue', '#1a85ff'),
      'batch-smoothed': v('--vscode-charts-blue', '#1a85ff'),
      train: v('--vscode-charts-purple', '#b180d7'),
      validation: v('--vscode-charts-orange', '#d18616'),
      baseline: v('--vscode-charts-red', '#e51400'),
      persistence: v('--vscode-charts-yellow', '#bf8803'),
      seasonal: v('--vscode-charts-green', '#388a34'),
      forecast: v('--vscode-charts-blue', '#1a85ff'),
    },
    overlays: [v('--vscode-charts-green', '#388a34'), v('--vscode-charts-yellow', '#bf8803'), v('--vscode-charts-red', '#e51400')],
  };
  return { ...theme, key: JSON.stringify(theme) };
}

export function roleColour(theme: Theme, role: SeriesRole, overlay = 0): string {
  if (role === 'overlay-train' || role === 'overlay-validation') return theme.overlays[overlay % theme.overlays.length];
  return theme.roles[role];
}
