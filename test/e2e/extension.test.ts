// The packaged extension (.vsix from `npm run package`) installed into a real
// VS Code (code-server 4.100.3 = VS Code 1.100.3), driven through its UI in
// headless Chromium: highlighting, a diagnostic in the Problems panel, a spec
// with errors refused, completion after `cell:`, and training from the command
// palette into the panel (on the native kernels the .vsix ships, for linux-x64).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { listRuns } from '../../core/src/run-store';
import { BROKEN_SPEC, DIVERGING_SPEC, tinySpec } from '../client/fixtures/tiny-spec';
import { ACTIVE_EDITOR, makeWorkspace, openFile, panelBody, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const screenshots = join(root, '.vscode-test', 'screenshots');

const TINY = tinySpec(2);
const COMPLETION = `model Complete {
  data: sine(samples: 300)
  input { timesteps: 8 }
  hidden {
    cell: 
    units: [4]
  }
  loss: mse
}
`;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `e2e-${name}.png`) }).catch(() => undefined);
}

/** The command, not page.reload(): it shuts the workbench down properly, which is when VS Code saves its editors and webview states. */
async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
}

interface PanelView { lengths: Record<string, number>; status: string }

async function readPanel(page: Page): Promise<PanelView> {
  return panelBody(page).evaluate(() => {
    const panel = (window as unknown as { __rnnPanel?: { seriesLengths(): Record<string, number> } }).__rnnPanel;
    if (!panel) throw new Error('the panel script has not run yet');
    return { lengths: panel.seriesLengths(), status: document.getElementById('status')?.textContent ?? '' };
  }, undefined, { timeout: 5_000 });
}

async function waitForPanel(page: Page, what: string, predicate: (view: PanelView) => boolean, attempts = 180): Promise<PanelView> {
  return retry(what, attempts, async () => {
    const view = await readPanel(page);
    if (!predicate(view)) throw new Error(`panel shows ${JSON.stringify(view)}`);
    return view;
  });
}

describe('extension in VS Code (code-server)', { timeout: 600_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const workspace = makeWorkspace({ 'tiny.rnn': TINY, 'broken.rnn': BROKEN_SPEC, 'complete.rnn': COMPLETION, 'long.rnn': tinySpec(300, 'Long'), 'diverges.rnn': DIVERGING_SPEC });
    workbench = await startWorkbench(vsix, workspace);
    page = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('highlights a .rnn file with the grammar', async () => {
    await openFile(page, 'tiny.rnn');
    const colours = await retry('coloured tokens', 20, async () => {
      const tokens = await page.$$eval(`${ACTIVE_EDITOR} .view-lines .view-line span span`, (spans) =>
        spans.map((s) => ({ text: s.textContent ?? '', colour: getComputedStyle(s).color })));
      const byText = (t: string) => tokens.find((token) => token.text.trim() === t)?.colour;
      const distinct = new Set(tokens.filter((t) => t.text.trim()).map((t) => t.colour));
      if (distinct.size < 4 || !byText('model')) throw new Error(`only ${distinct.size} colours: ${JSON.stringify(tokens.slice(0, 20))}`);
      return { model: byText('model'), brace: byText('{'), number: byText('300'), distinct: distinct.size };
    });
    assert.notEqual(colours.model, colours.brace, 'the model keyword is coloured');
    assert.notEqual(colours.number, colours.brace, 'numbers are coloured');
    await page.locator(`${ACTIVE_EDITOR} .codelens-decoration`, { hasText: '▶ Train' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await shot(page, 'highlighting');
  });

  it('shows the error of a broken spec in the Problems panel', async () => {
    await openFile(page, 'broken.rnn');
    await runCommand(page, 'View: Focus Problems');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'lsmt' }).first();
    await retry('the diagnostic in Problems', 3, () => row.waitFor({ state: 'visible', timeout: 30_000 }));
    assert.match(await row.textContent() ?? '', /lsmt/);
    await shot(page, 'problems');
  });

  it('refuses to train a spec with errors: the training process says how many, and no panel opens', async () => {
    await openFile(page, 'broken.rnn');
    await runCommand(page, 'RNN: Train Model');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'broken.rnn has 1 error: fix it before training' });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('iframe.webview').count(), 0, 'no training panel');
    assert.equal(existsSync(join(workbench.workspace, 'runs', 'Broken')), false, 'nothing was trained');
    await runCommand(page, 'Notifications: Clear All Notifications');
  });

  it('completes lstm, gru and rnn after `cell:`', async () => {
    await openFile(page, 'complete.rnn');
    const labels = await retry('completion after cell:', 5, async () => {
      await page.locator(`${ACTIVE_EDITOR} .view-lines`).click();
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      await page.keyboard.press('Control+Space');
      const rows = page.locator('.suggest-widget .monaco-list-row');
      await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
      const found = await page.$$eval('.suggest-widget .monaco-list-row .label-name', (els) => els.map((e) => e.textContent?.trim()));
      if (!found.includes('lstm')) {
        await page.keyboard.press('Escape');
        throw new Error(`completion offered ${JSON.stringify(found)}`);
      }
      return found;
    });
    for (const cell of ['lstm', 'gru', 'rnn']) assert.ok(labels.includes(cell), `${cell} in ${JSON.stringify(labels)}`);
    await shot(page, 'completion');
    await page.keyboard.press('Escape');
  });

  it('trains a tiny spec from "RNN: Train Model" on the native kernels the .vsix ships: the panel opens, the chart gets points, a run folder appears', async () => {
    await openFile(page, 'tiny.rnn');
    await runCommand(page, 'RNN: Train Model');
    const done = await waitForPanel(page, 'the run to finish in the panel', (v) => v.status === 'completed');
    assert.ok(done.lengths['batch loss'] > 0, `batch points: ${JSON.stringify(done.lengths)}`);
    assert.equal(done.lengths.loss, 2, 'one point per epoch');
    const runs = join(workbench.workspace, 'runs', 'Tiny');
    assert.ok(existsSync(runs), `no run folder under ${runs}`);
    const [run] = readdirSync(runs);
    assert.ok(existsSync(join(runs, run, 'metrics.jsonl')));
    assert.equal(JSON.parse(readFileSync(join(runs, run, 'summary.json'), 'utf8')).status, 'completed');
    // The .vsix ships the native kernels' prebuilt variants for linux-x64 (one of them runs on any x86-64 CPU).
    const layersRow = await panelBody(page).evaluate(() => {
      const label = Array.from(document.querySelectorAll('#run-info dt')).find((dt) => dt.textContent === 'recurrent layers');
      return label?.nextElementSibling?.textContent ?? null;
    });
    const shipsNative = process.platform === 'linux' && process.arch === 'x64';
    assert.equal(layersRow, shipsNative ? 'native fused kernels' : 'WebAssembly fused kernels', `the recurrent-layers row\nRNN log:\n${workbench.rnnLog()}`);
    await shot(page, 'training');
  });

  it('restores the panel with its run after the window reloads (webview serializer)', async () => {
    await reloadWindow(page);
    const restored = await waitForPanel(page, 'the restored panel', (v) => (v.lengths['batch loss'] ?? 0) > 0 && v.status === 'completed', 20)
      .catch((error: Error) => { throw new Error(`${error.message}\nRNN log:\n${workbench.rnnLog()}`); });
    assert.equal(restored.lengths.loss, 2);
  });

  it('Stop in the panel ends the run cleanly and keeps it', async () => {
    await openFile(page, 'long.rnn');
    await runCommand(page, 'RNN: Train Model');
    await waitForPanel(page, 'the long run to start', (v) => v.status === 'running' && (v.lengths['batch loss'] ?? 0) > 0);
    await panelBody(page).locator('#stop').click();
    await waitForPanel(page, 'the run to stop', (v) => v.status === 'cancelled', 60);
    const runs = join(workbench.workspace, 'runs', 'Long');
    const [run] = readdirSync(runs);
    const summary = JSON.parse(readFileSync(join(runs, run, 'summary.json'), 'utf8')) as { status: string; epochs: number };
    assert.equal(summary.status, 'cancelled');
    assert.ok(summary.epochs < 300);
  });

  it('a window reload while a model trains: the panel comes back and the run ends or shows interrupted, in the panel and in Open Run', async () => {
    await openFile(page, 'long.rnn');
    await runCommand(page, 'RNN: Train Model');
    await waitForPanel(page, 'the long run to train', (v) => v.status === 'running' && (v.lengths['batch loss'] ?? 0) > 0);
    const runs = join(workbench.workspace, 'runs', 'Long');
    const run = readdirSync(runs).sort().at(-1)!;
    await reloadWindow(page);
    // The training process ends its run (cancelled) when the window goes, or dies (interrupted); never running forever.
    const ended = /^(cancelled|interrupted|completed)$/;
    const shown = await waitForPanel(page, 'the restored panel with the run ended', (v) => ended.test(v.status) && (v.lengths['batch loss'] ?? 0) > 0, 60)
      .catch((error: Error) => { throw new Error(`${error.message}\nRNN log:\n${workbench.rnnLog()}`); });
    const [entry] = listRuns(join(workbench.workspace, 'runs'), 'Long').filter((r) => r.name === run);
    assert.ok(entry?.ok && ended.test(entry.state), `the run folder reads ${JSON.stringify(entry)}`);
    assert.equal(shown.status, entry.state);

    await runCommand(page, 'RNN: Open Run...');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: run }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await row.textContent() ?? '';
    assert.match(text, new RegExp(` · ${entry.state}`));
    assert.doesNotMatch(text, /running/);
    await page.keyboard.press('Escape');
    await shot(page, 'reloaded-while-training');
  });

  it('a training process killed mid-run (SIGKILL, by the pid its summary records) shows interrupted in the panel, after a reload and in Open Run', async () => {
    await openFile(page, 'long.rnn');
    await runCommand(page, 'RNN: Train Model');
    await waitForPanel(page, 'the long run to train', (v) => v.status === 'running' && (v.lengths['batch loss'] ?? 0) > 0);
    const runs = join(workbench.workspace, 'runs');
    const [entry] = listRuns(runs, 'Long');
    assert.ok(entry.ok && entry.state === 'running' && entry.summary.pid !== undefined, JSON.stringify(entry));
    process.kill(entry.summary.pid!, 'SIGKILL');
    await waitForPanel(page, 'the killed run', (v) => v.status === 'interrupted', 60);
    await reloadWindow(page);
    await waitForPanel(page, 'the restored panel', (v) => v.status === 'interrupted' && (v.lengths['batch loss'] ?? 0) > 0, 60);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'RNN: Open Run...');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: entry.name }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.textContent() ?? '', / · interrupted/);
    await page.keyboard.press('Escape');
  });

  it('a diverging run (from the ▶ Train lens) fails with a diagnostic on the optimizer line', async () => {
    await openFile(page, 'diverges.rnn');
    await retry('clicking the Train lens', 10, () => page.locator(`${ACTIVE_EDITOR} .codelens-decoration a`, { hasText: '▶ Train' }).first().click({ timeout: 5_000 }));
    await waitForPanel(page, 'the run to fail', (v) => v.status === 'failed', 120);
    await runCommand(page, 'View: Focus Problems');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Training failed' }).first();
    await retry('the training diagnostic in Problems', 3, () => row.waitFor({ state: 'visible', timeout: 30_000 }));
    assert.match(await row.textContent() ?? '', /Ln 8/, 'on the optimizer line');
    await shot(page, 'diverged');
  });

  it('"RNN: Show Model Summary" prints the layer table, "RNN: Open Run..." replays a saved run', async () => {
    await openFile(page, 'tiny.rnn');
    await runCommand(page, 'RNN: Show Model Summary');
    const output = page.locator('.panel .view-lines', { hasText: 'Total params: 77' }).first();
    await retry('the summary in the RNN output', 3, () => output.waitFor({ state: 'visible', timeout: 20_000 }));
    assert.match(await output.textContent() ?? '', /gru\s\(GRU\)/); // Monaco renders spaces as no-break spaces

    await runCommand(page, 'RNN: Open Run...');
    const tinyRun = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Tiny' }).first();
    await tinyRun.waitFor({ state: 'visible', timeout: 20_000 });
    await tinyRun.click();
    const replayed = await waitForPanel(page, 'the replayed run', (v) => v.status === 'completed' && v.lengths.loss === 2, 60);
    assert.ok(replayed.lengths['batch loss'] > 0);
  });

  it('"RNN: Resume Training..." continues a saved run in a new one; "RNN: Predict with a Run..." draws its forecast in the panel, as the panel\'s Predict does', async () => {
    const runs = join(workbench.workspace, 'runs', 'Tiny');
    const before = new Set(readdirSync(runs));
    await runCommand(page, 'RNN: Resume Training...');
    const tinyRun = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'completed' }).filter({ hasText: 'Tiny' }).first();
    await tinyRun.waitFor({ state: 'visible', timeout: 20_000 });
    await tinyRun.click();
    // The epoch count to train up to: the suggested one (twice the two trained).
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    // The panel may still show the replayed run, completed too: the new run folder says when the resumed one ends.
    const summary = await retry('the resumed run to finish', 120, async () => {
      const added = readdirSync(runs).filter((name) => !before.has(name));
      assert.equal(added.length, 1, `new runs: ${added.join(', ')}`);
      const written = JSON.parse(readFileSync(join(runs, added[0], 'summary.json'), 'utf8'));
      assert.equal(written.status, 'completed');
      return written;
    });
    assert.equal(summary.epochs, 4);
    assert.equal(summary.resumedFrom.epoch, 2);
    const resumed = await waitForPanel(page, 'the resumed run in the panel', (v) => v.status === 'completed' && v.lengths.loss === 2, 30);
    assert.ok(resumed.lengths['batch loss'] > 0);

    await runCommand(page, 'RNN: Predict with a Run...');
    const predictRun = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'completed' }).filter({ hasText: 'Tiny' }).first();
    await predictRun.waitFor({ state: 'visible', timeout: 20_000 });
    await predictRun.click();
    const forecast = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Forecast' }).first();
    await forecast.waitFor({ state: 'visible', timeout: 10_000 });
    await forecast.click();
    const editorsBefore = await page.locator('.tab').count();
    await page.locator('.quick-input-widget input').fill('5');
    await page.keyboard.press('Enter');
    // The command does what the panel's Predict does: the forecast is drawn in the panel, after the series, and no editor opens.
    const drawn = await retry('the forecast drawn in the panel', 90, () => panelBody(page).evaluate(() => {
      const panel = (window as unknown as { __rnnPanel: { forecastSeriesLengths(): Record<string, number> } }).__rnnPanel;
      const counts = panel.forecastSeriesLengths();
      if (counts['rolled forecast (5 rows)'] !== 5) throw new Error(`forecast view: ${JSON.stringify(counts)}`);
      return { counts, status: document.getElementById('predict-status')?.textContent ?? '' };
    }, undefined, { timeout: 5_000 }));
    assert.match(drawn.status, /Forecast 5 rows past the series/);
    assert.equal(await page.locator('.tab').count(), editorsBefore, 'no new editor for a forecast the panel draws');
    await shot(page, 'forecast');
  });
});
