// Starts code-server (VS Code 1.100 in a browser, installed by test/e2e/setup.sh)
// with the packaged extension installed, and opens it in headless Chromium.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../webview/harness';
import { registerChineseLanguagePack } from './language-pack';

export const root = join(import.meta.dirname, '..', '..');
const codeServerBin = join(root, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');

export interface Workbench {
  page: Page;
  workspace: string;
  /** Where code-server installed the extension (the language server runs from there). */
  extensions: string;
  log: () => string;
  /** The extension's "RNN" output channel, as the extension host logged it. */
  rnnLog: () => string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url: string, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms:\n${log()}`);
}

/** A workspace with the samples plus the files the tests need; `files` maps names to contents. */
export function makeWorkspace(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'rnn-e2e-ws-'));
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(workspace, name), text);
  return workspace;
}

/**
 * `trusted: false` leaves workspace trust on, so the test can answer VS Code's trust question itself.
 * `locale: 'zh-cn'` runs the workbench in VS Code's Chinese display language (a language pack built by language-pack.ts).
 */
export async function startWorkbench(vsix: string, workspace: string, options: { trusted?: boolean; locale?: 'zh-cn' } = {}): Promise<Workbench> {
  const scratch = mkdtempSync(join(tmpdir(), 'rnn-e2e-'));
  const extensions = join(scratch, 'extensions');
  const data = join(scratch, 'data');
  mkdirSync(join(data, 'User'), { recursive: true });
  writeFileSync(join(data, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  }));
  execFileSync(codeServerBin, ['--extensions-dir', extensions, '--install-extension', vsix], { stdio: 'pipe' });
  if (options.locale) await registerChineseLanguagePack(data);

  const port = await freePort();
  let output = '';
  const server: ChildProcess = spawn(codeServerBin, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    ...(options.trusted === false ? [] : ['--disable-workspace-trust']), ...(options.locale ? ['--locale', options.locale] : []), '--disable-update-check', '--extensions-dir', extensions, '--user-data-dir', data, workspace,
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server.stdout?.on('data', (d) => { output += d; });
  server.stderr?.on('data', (d) => { output += d; });
  const log = () => output;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    // The server and the processes it started (extension host, language server, training worker).
    if (server.pid) try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (server.pid) try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, log);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    return { page, workspace, extensions, log, close, rnnLog: () => readLogs(join(data, 'logs'), /RNN\.log$/) };
  } catch (error) {
    await close();
    throw error;
  }
}

function readLogs(folder: string, name: RegExp): string {
  try {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => name.test(file))
      .map((file) => readFileSync(join(folder, file), 'utf8'))
      .join('\n');
  } catch {
    return '';
  }
}

/** Retries a flaky UI step (focus races, a widget still animating). */
export async function retry<T>(what: string, attempts: number, step: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await step();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  throw new Error(`${what} failed ${attempts} times: ${last instanceof Error ? last.message : String(last)}`);
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await retry(`command "${title}"`, 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
  });
}

/** The text editor of the active editor group. */
export const ACTIVE_EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';

/** Opens a workspace file through Quick Open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  // Always in the first group: the training panel opens beside it, in a group of its own.
  await runCommand(page, 'View: Focus First Editor Group');
  await retry(`opening ${name}`, 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator(`.editor-group-container.active .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator(`${ACTIVE_EDITOR} .view-lines`).waitFor({ state: 'visible', timeout: 10_000 });
  });
}

/**
 * The training panel's page: VS Code nests a webview's page in an inner
 * iframe (#active-frame) of the webview's own iframe. Locators reach it even
 * after a reload, when page.frames() may not list it.
 */
export function panelBody(page: Page): Locator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame').locator('body');
}
