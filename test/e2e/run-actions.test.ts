// Predict and Resume in a real VS Code (code-server), with the packaged
// extension: a tiny series model trained from the editor, Predict in the
// training panel draws its forecast after the series (and opens its table in
// an editor beside it when asked), and Resume on the run's row of the runs
// table trains a new run that records its parent.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { tinySpec } from '../client/fixtures/tiny-spec';
import { makeWorkspace, openFile, retry, root, runCommand, startWorkbench, type Workbench } from './code-server';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);

/** The webview page whose script set `global` (the panel: __rnnPanel; the runs table: __rnnRunsTable). */
async function webviewFrame(page: Page, global: string): Promise<Frame> {
  for (const frame of page.frames()) {
    if (await frame.evaluate((name) => name in window, global).catch(() => false)) return frame;
  }
  throw new Error(`no webview with ${global} yet`);
}

interface Summary { status: string; epochs: number; resumedFrom?: { runDir: string; epoch: number } }
const readSummary = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;

describe('Predict and Resume in VS Code (code-server)', { timeout: 600_000 }, () => {
  let workbench: Workbench;
  let page: Page;
  let modelRuns: string;
  let trained: string;

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const workspace = makeWorkspace({ 'tiny.rnn': tinySpec(2) });
    modelRuns = join(workspace, 'runs', 'Tiny');
    workbench = await startWorkbench(vsix, workspace);
    page = workbench.page;
  });
  after(async () => {
    await workbench?.close();
    if (workbench) rmSync(workbench.workspace, { recursive: true, force: true });
  });

  it('Predict in the panel forecasts the rows asked for and draws them after the series', async () => {
    await openFile(page, 'tiny.rnn');
    await runCommand(page, 'RNN: Train Model');
    const panel = await retry('the trained run in the panel', 180, async () => {
      const frame = await webviewFrame(page, '__rnnPanel');
      if (await frame.textContent('#status') !== 'completed' || !(await frame.isEnabled('#predict'))) throw new Error('not ended yet');
      return frame;
    });
    [trained] = readdirSync(modelRuns).map((name) => join(modelRuns, name));
    await panel.fill('#forecast-rows', '5');
    await panel.click('#predict');
    const lines = await retry('the rolled forecast drawn', 120, async () => {
      const counts = await panel.evaluate(() => (window as unknown as { __rnnPanel: { forecastSeriesLengths(): Record<string, number> } }).__rnnPanel.forecastSeriesLengths());
      if (counts['rolled forecast (5 rows)'] !== 5) throw new Error(`forecast view: ${JSON.stringify(counts)}; RNN log:\n${workbench.rnnLog().slice(-1500)}`);
      return counts;
    });
    // The sine series of 300 rows is still drawn with it: one view.
    assert.equal(lines.value, 300);
    assert.match(await panel.textContent('#predict-status') ?? '', /Forecast 5 rows past the series/);

    // "Open in editor" beside the forecast: its table, as `rnn predict --forecast` writes it, in an untitled editor
    // of the other group, the panel still in view.
    await panel.click('#forecast-open');
    const table = await retry('the forecast table in an untitled editor', 30, async () => {
      const editor = page.locator('.editor-group-container.active', { has: page.locator('.tab.active[aria-label*="Untitled"]') });
      return editor.locator('.monaco-editor .view-lines').textContent({ timeout: 2_000 });
    });
    assert.match(table ?? '', /^step,value/);
    const panelTab = page.locator('.editor-group-container .tab.active[aria-label*="RNN Training"]');
    assert.equal(await panelTab.count(), 1, 'the panel is still the active tab of its own group');
  });

  it('Resume on the run\'s row of the runs table trains a new run that records its parent', async () => {
    await runCommand(page, 'RNN: Show Runs');
    const table = await retry('the run in the table', 90, async () => {
      const frame = await webviewFrame(page, '__rnnRunsTable');
      await frame.waitForSelector(`#runs tr[data-run="${trained}"] button.resume:not([disabled])`, { timeout: 2_000 });
      return frame;
    });
    await table.click(`#runs tr[data-run="${trained}"] button.resume`);
    // The same question as "RNN: Resume Training...": up to which epoch.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('4');
    await page.keyboard.press('Enter');
    const resumed = await retry('the resumed run to finish', 180, async () => {
      const child = readdirSync(modelRuns).map((name) => join(modelRuns, name)).find((dir) => dir !== trained && existsSync(join(dir, 'summary.json')));
      if (!child || readSummary(child).status !== 'completed') throw new Error(`runs: ${readdirSync(modelRuns).join(', ')}`);
      return child;
    });
    const summary = readSummary(resumed);
    assert.deepEqual(summary.resumedFrom && { folder: summary.resumedFrom.runDir.split(/[\\/]/).at(-1), epoch: summary.resumedFrom.epoch },
      { folder: trained.split(/[\\/]/).at(-1), epoch: 2 });
    assert.equal(summary.epochs, 4, 'its epochs are numbered on from the parent\'s');
    // The panel shows the new run, with its parent's curves drawn under it so that they continue.
    await retry('the resumed run in the panel', 30, async () => {
      const panel = await webviewFrame(page, '__rnnPanel');
      const state = await panel.evaluate(() => (window as unknown as { __rnnPanel: { state(): { runDir?: string; overlays: string[] } } }).__rnnPanel.state());
      if (state.runDir?.split(/[\\/]/).at(-1) !== resumed.split(/[\\/]/).at(-1)) throw new Error(`panel shows ${state.runDir}`);
      assert.deepEqual(state.overlays, [trained]);
    });
  });
});
