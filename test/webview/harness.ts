// Loads the training panel (the same HTML and bundle the extension serves) in
// headless Chromium, with a stand-in for VS Code's webview API that records
// what the panel posts and stores.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panel/html';
import type { HostMessage, PanelL10n } from '../../client/src/panel/messages';
import type { RunsHostMessage } from '../../client/src/runs-table/messages';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

const root = join(import.meta.dirname, '..', '..');

/** A webview of the extension: its entry, the name of its bundle, and the global its script sets once it has mounted. */
export interface WebviewBundle {
  entry: string;
  name: string;
  readyGlobal: string;
}

export const TRAINING_PANEL: WebviewBundle = { entry: 'client/webview/main.ts', name: 'webview', readyGlobal: '__rnnPanel' };
export const RUNS_TABLE: WebviewBundle = { entry: 'client/webview/runs-table/main.ts', name: 'runs-table', readyGlobal: '__rnnRunsTable' };

/** Bundles a webview like scripts/build.mjs, into a folder of its own (teammates' half-written code cannot break it). */
export async function bundleWebview(bundle: WebviewBundle = TRAINING_PANEL): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'rnn-webview-'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [bundle.entry],
    outfile: join(out, `${bundle.name}.js`),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
  return out;
}

export interface PanelServer {
  /** The panel page in English (no language block content, as for VS Code's default display language). */
  url: string;
  /** The panel page in another display language, with the bundle VS Code would hand the panel. */
  localisedUrl(l10n: PanelL10n): string;
  close(): Promise<void>;
}

/** Serves the bundle over http, so the CSP's source rules apply as they do in VS Code. */
export async function servePanel(folder: string, bundle: WebviewBundle = TRAINING_PANEL): Promise<PanelServer> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    try {
      const file = join(folder, (req.url ?? '/').split('?')[0].replace(/\.\./g, ''));
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const resources = { cspSource: origin, scriptUri: `${origin}/${bundle.name}.js`, styleUri: `${origin}/${bundle.name}.css` };
  writeFileSync(join(folder, 'panel.html'), panelHtml(resources));
  return {
    url: `${origin}/panel.html`,
    localisedUrl: (l10n) => {
      writeFileSync(join(folder, `panel-${l10n.language}.html`), panelHtml({ ...resources, ...l10n }));
      return `${origin}/panel-${l10n.language}.html`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** For a test suite: the bundled panel served and a browser, set up before its tests and taken down after them. */
export function panelSuite(webview: WebviewBundle = TRAINING_PANEL): { browser: Browser; server: PanelServer } {
  const suite = {} as { browser: Browser; server: PanelServer };
  let bundle: string | undefined;
  before(async () => {
    bundle = await bundleWebview(webview);
    suite.server = await servePanel(bundle, webview);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    if (bundle) rmSync(bundle, { recursive: true, force: true });
  });
  return suite;
}

export interface PanelPage {
  page: Page;
  /** Messages the panel posted to the host, in order. */
  posted(): Promise<{ type: string; [key: string]: unknown }[]>;
  /** The last state the panel stored with setState. */
  savedState(): Promise<Record<string, unknown> | undefined>;
  send(...messages: (HostMessage | RunsHostMessage)[]): Promise<void>;
  /** Errors and CSP violations the page reported. */
  problems: string[];
}

/** Theme variables like the ones VS Code injects into a webview, and the body class it sets. */
const DARK_THEME: Record<string, string> = {
  '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#3a3d41',
  '--vscode-button-secondaryForeground': '#ffffff', '--vscode-badge-background': '#4d4d4d', '--vscode-badge-foreground': '#ffffff',
  '--vscode-dropdown-background': '#3c3c3c', '--vscode-dropdown-foreground': '#f0f0f0', '--vscode-panel-border': '#80808059',
  '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': '#cccccc40', '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-orange': '#d18616', '--vscode-charts-purple': '#b180d7', '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace', '--vscode-errorForeground': '#f48771',
};
export const THEMES = {
  dark: { bodyClass: 'vscode-dark', variables: DARK_THEME },
  light: {
    bodyClass: 'vscode-light',
    variables: {
      ...DARK_THEME,
      '--vscode-foreground': '#616161', '--vscode-editor-background': '#ffffff', '--vscode-descriptionForeground': '#717171',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#000000',
      '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#616161', '--vscode-charts-foreground': '#616161',
      '--vscode-charts-lines': '#61616140', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-purple': '#652d90',
      '--vscode-charts-orange': '#d18616', '--vscode-charts-red': '#e51400', '--vscode-errorForeground': '#a1260d',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      ...DARK_THEME,
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': '#ffffff80', '--vscode-contrastBorder': '#6fc3df', '--vscode-button-border': '#6fc3df',
    },
  },
} as const;
export type ThemeName = keyof typeof THEMES;

export async function openPanel(
  browser: Browser, url: string, initialState?: unknown, themeName: ThemeName = 'dark', readyGlobal = TRAINING_PANEL.readyGlobal,
): Promise<PanelPage> {
  const theme = THEMES[themeName];
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
  });
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  await page.addInitScript({ content: `
    window.__posted = [];
    window.__state = ${JSON.stringify(initialState ?? null)} ?? undefined;
    window.acquireVsCodeApi = function () {
      return {
        postMessage: function (m) { window.__posted.push(m); },
        getState: function () { return window.__state; },
        setState: function (s) { window.__state = s; },
      };
    };
    document.addEventListener('DOMContentLoaded', function () {
      document.body.classList.add(${JSON.stringify(theme.bodyClass)});
      const theme = ${JSON.stringify(theme.variables)};
      for (const name of Object.keys(theme)) document.documentElement.style.setProperty(name, theme[name]);
    });` });
  await page.goto(url);
  // Not page.waitForFunction: it evaluates strings, which the panel's CSP (rightly) forbids.
  await waitFor(() => page.evaluate((name) => (window as unknown as Record<string, unknown>)[name] !== undefined, readyGlobal), (ready) => ready,
    `the panel script (problems: ${problems.join('; ')})`);
  return {
    page,
    problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
    savedState: () => page.evaluate(() => (window as unknown as { __state?: Record<string, unknown> }).__state),
    send: async (...messages) => {
      await page.evaluate((ms) => { for (const m of ms) window.postMessage(m, '*'); }, messages);
    },
  };
}

/** Polls `read` until its value satisfies `predicate` (the panel draws on animation frames, not synchronously). */
export async function waitFor<T>(read: () => Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** For a describe block: the panel served and a browser (panelSuite); `open` opens a fresh panel. */
export function usePanels(webview: WebviewBundle = TRAINING_PANEL): { open: (initialState?: unknown, themeName?: ThemeName) => Promise<PanelPage> } {
  const suite = panelSuite(webview);
  return { open: (initialState, themeName) => openPanel(suite.browser, suite.server.url, initialState, themeName, webview.readyGlobal) };
}
