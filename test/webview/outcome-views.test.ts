// The panel's views of what a model predicts, in headless Chromium: the
// forecast with its baselines, the confusion matrix with per-class scores, and
// the per-step predictions of an every-step model, in each theme.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { classificationRun, everyStepRun, forecastRun } from './events';
import { THEMES, usePanels, waitFor, type PanelPage, type ThemeName } from './harness';

interface PanelHook {
  forecastSeriesLengths(): Record<string, number>;
  forecastValues(label: string): (number | null)[] | undefined;
  stepSeriesLengths(): Record<string, number>;
  seriesLengths(): Record<string, number>;
}
declare const window: Window & { __rnnPanel: PanelHook };

const screenshotDir = join(import.meta.dirname, '..', '..', '.vscode-test', 'screenshots');

async function show(panel: PanelPage, events: TrainEvent[]): Promise<void> {
  await panel.send({ type: 'reset', model: 'Model' }, { type: 'events', events });
}

async function screenshot(panel: PanelPage, name: string, selector: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  await panel.page.locator(selector).screenshot({ path: file });
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.length > 3_000, `${name} screenshot is only ${png.length} bytes`);
}

describe('prediction views (webview)', { timeout: 180_000 }, () => {
  const panels = usePanels();

  it('draws the forecast after the series with persistence and seasonal naive, and the chosen validation window', async () => {
    const panel = await panels.open();
    await show(panel, forecastRun());
    const counts = await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.forecastSeriesLengths()), (c) => c.Passengers === 48, 'the forecast');
    // The last validation window's 12 rows and the 12 rows after the series, for the model and each naive forecast.
    assert.deepEqual(counts, { Passengers: 48, 'model forecast': 24, persistence: 24, 'seasonal naive (12)': 24 });
    const persistence = await panel.page.evaluate(() => window.__rnnPanel.forecastValues('persistence'));
    const series = Array.from({ length: 48 }, (_, r) => 100 + 2 * r + 30 * Math.sin((2 * Math.PI * r) / 12));
    // Window 36 repeats row 35; after the end, row 47.
    assert.deepEqual(persistence, [...Array(12).fill(series[35]), ...Array(12).fill(series[47])]);
    const seasonal = await panel.page.evaluate(() => window.__rnnPanel.forecastValues('seasonal naive (12)'));
    assert.deepEqual(seasonal?.slice(12), series.slice(36, 48), 'after the end: the last season again');

    // The slider picks the first validation window: its forecast starts at row 34.
    await panel.page.locator('.forecast-window input').fill('0');
    await waitFor(() => panel.page.textContent('.forecast-window output'), (text) => text === 'rows 34–45', 'the first window');
    const first = await panel.page.evaluate(() => window.__rnnPanel.forecastValues('persistence'));
    assert.equal(first?.[0], series[33]);

    const text = await panel.page.textContent('body');
    assert.match(text ?? '', /The model beats the seasonal-naive forecast \(season 12\) by 87\.1%: validation RMSE 3\.10 against 24\.0/);
    assert.match(text ?? '', /baseline: seasonal naive \(12\)\s*loss 0\.020000 · RMSE 24/);
    assert.match(text ?? '', /dashed: persistence/);
    // The loss chart draws each baseline as its own line.
    const lines = await panel.page.evaluate(() => window.__rnnPanel.seriesLengths());
    assert.equal(lines['seasonal naive (12)'], 2);
    assert.equal(lines.persistence, 2);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('shows the confusion matrix with each class\'s accuracy and F1', async () => {
    const panel = await panels.open();
    await show(panel, classificationRun());
    await waitFor(() => panel.page.isVisible('#classification-section'), (v) => v, 'the confusion matrix');
    const rows = await panel.page.$$eval('#confusion tr', (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
    assert.deepEqual(rows, [
      ['true ↓ predicted →', 'walk', 'run', '␣', 'accuracy', 'F1', 'windows'],
      // walk: 2 of 4 right; precision 2/3: F1 = 4/7
      ['walk', '2', '1', '1', '50.0%', '0.571', '4'],
      ['run', '1', '2', '0', '66.7%', '0.667', '3'],
      // the space class: 3 of 3, precision 3/4: F1 = 6/7
      ['␣', '0', '0', '3', '100.0%', '0.857', '3'],
    ]);
    assert.equal(await panel.page.getAttribute('#confusion tr:nth-child(2) td:nth-child(3)', 'title'), 'true walk, predicted run: 1 windows (25.0% of the true walk)');
    assert.match(await panel.page.textContent('#confusion-summary') ?? '', /Accuracy 70\.0% over 10 validation windows\./);
    assert.match(await panel.page.textContent('#verdict') ?? '', /beats the majority class by 30\.0 points/);
    assert.equal(await panel.page.isVisible('#forecast-section'), false);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('plots the per-step predictions of an every-step model', async () => {
    const panel = await panels.open();
    await show(panel, everyStepRun());
    const counts = await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.stepSeriesLengths()), (c) => c.target === 20, 'the steps');
    assert.deepEqual(counts, { target: 20, predicted: 20 });
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  for (const name of Object.keys(THEMES) as ThemeName[]) {
    it(`draws the forecast and the confusion matrix in the ${name} theme`, async () => {
      const panel = await panels.open(undefined, name);
      await show(panel, forecastRun());
      await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.forecastSeriesLengths()), (c) => c.Passengers === 48, 'the forecast');
      await screenshot(panel, `forecast-${name}`, '#forecast-section');
      await show(panel, classificationRun());
      await waitFor(() => panel.page.isVisible('#classification-section'), (v) => v, 'the confusion matrix');
      await screenshot(panel, `confusion-${name}`, '#classification-section');
      assert.deepEqual(panel.problems, []);
      await panel.page.close();
    });
  }
});
