// Predict and Resume in headless Chromium: the training panel's buttons for
// the run it shows and the runs table's row buttons post what the extension
// host acts on; a forecast the host sends back is drawn after the series in
// the forecast view, in the chosen column of a multivariate series; a text
// model's generated text is shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunRow } from '../../client/src/runs-table/messages';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { forecastRun, syntheticRun, twoColumnForecastRun } from './events';
import { RUNS_TABLE, usePanels, waitFor, type PanelPage } from './harness';

interface PanelHook {
  forecastSeriesLengths(): Record<string, number>;
  forecastValues(label: string): (number | null)[] | undefined;
}
declare const window: Window & { __rnnPanel: PanelHook };

const RUN_DIR = '/runs/SineForecast/2026-11-26T15-00-00';

async function show(panel: PanelPage, events: TrainEvent[]): Promise<void> {
  await panel.send({ type: 'reset', model: 'Model', runDir: RUN_DIR }, { type: 'events', events });
}

const enabled = (panel: PanelPage, selector: string) => panel.page.isEnabled(selector);
const forecastLines = (panel: PanelPage) => panel.page.evaluate(() => window.__rnnPanel.forecastSeriesLengths());

describe('Predict and Resume in the training panel (webview)', { timeout: 180_000 }, () => {
  const panels = usePanels();

  it('asks the host to forecast the rows given, waits for the answer, and draws it after the series', async () => {
    const panel = await panels.open();
    await show(panel, forecastRun());
    await waitFor(() => enabled(panel, '#predict'), (v) => v, 'Predict enabled once the run has ended');
    assert.ok(await panel.page.isVisible('#forecast-rows'), 'a series model asks how many rows');
    await panel.page.fill('#forecast-rows', '6');
    await panel.page.click('#predict');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'predict'), [{ type: 'predict', runDir: RUN_DIR, forecast: 6 }]);
    await waitFor(() => enabled(panel, '#predict'), (v) => !v, 'Predict disabled while predicting');

    assert.equal(await panel.page.isVisible('#forecast-open'), false, 'nothing to open before Predict answers');
    const rolled = [190, 191, 192, 193, 194, 195];
    const csv = `step,Passengers\n${rolled.map((v, i) => `${i + 1},${v}`).join('\n')}\n`;
    await panel.send({ type: 'prediction', runDir: RUN_DIR, prediction: { kind: 'forecast', forecast: { steps: 6, columns: [{ column: 'Passengers', values: rolled }] }, csv } });
    const lines = await waitFor(() => forecastLines(panel), (c) => c['rolled forecast (6 rows)'] === 6, 'the rolled forecast');
    // One view: the series and the run's own forecasts are still there, the rolled one beside them in the legend.
    assert.equal(lines.Passengers, 48);
    assert.equal(lines['model forecast'], 24);
    assert.deepEqual(await panel.page.evaluate(() => window.__rnnPanel.forecastValues('rolled forecast (6 rows)')), rolled);
    assert.match(await panel.page.textContent('#forecast-view .legend') ?? '', /Predict's forecast of 6 rows past the series/);
    assert.ok(await enabled(panel, '#predict'), 'Predict works again after the answer');
    await panel.page.click('#forecast-section #forecast-open');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'openInEditor'), [{ type: 'openInEditor', text: csv, format: 'csv' }]);

    // Another run shown: its forecast is not the last one's.
    await show(panel, forecastRun());
    await waitFor(() => forecastLines(panel), (c) => c.Passengers === 48 && !('rolled forecast (6 rows)' in c), 'the rolled forecast gone');
    assert.equal(await panel.page.isVisible('#forecast-open'), false, 'nothing to open for the other run');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('Resume posts the run; neither button works while a run trains or before it ends', async () => {
    const panel = await panels.open();
    const events = syntheticRun({ epochs: 2, stepsPerEpoch: 3, runDir: RUN_DIR });
    await show(panel, events.slice(0, -1));
    await waitFor(() => panel.page.textContent('#status'), (s) => s === 'running', 'the run shown running');
    assert.equal(await enabled(panel, '#predict'), false);
    assert.equal(await enabled(panel, '#resume'), false);
    await panel.send({ type: 'events', events: events.slice(-1) });
    await waitFor(() => enabled(panel, '#resume'), (v) => v, 'Resume enabled once the run has ended');
    assert.equal(await panel.page.isVisible('#forecast-rows'), false, 'no rows to forecast for a run without a forecast view');
    await panel.page.click('#resume');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'resume'), [{ type: 'resume', runDir: RUN_DIR }]);
    await panel.send({ type: 'training', active: true });
    await waitFor(() => enabled(panel, '#resume'), (v) => !v, 'Resume disabled while training');
    assert.equal(await enabled(panel, '#predict'), false);
    await panel.page.close();
  });

  it('shows a text model\'s generated text, and why a prediction failed', async () => {
    const panel = await panels.open();
    await show(panel, syntheticRun({ epochs: 1, stepsPerEpoch: 2, runDir: RUN_DIR }));
    await waitFor(() => enabled(panel, '#predict'), (v) => v, 'Predict enabled');
    await panel.page.click('#predict');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'predict'), [{ type: 'predict', runDir: RUN_DIR }], 'no rows asked of a model that is not a series');
    await panel.send({ type: 'prediction', runDir: RUN_DIR, prediction: { kind: 'text', text: 'to be or not <to> be' } });
    await waitFor(() => panel.page.isVisible('#predicted-text-section'), (v) => v, 'the generated text');
    assert.equal(await panel.page.textContent('#predicted-text'), 'to be or not <to> be', 'text, never markup');
    await panel.page.click('#predicted-text-section #predicted-text-open');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'openInEditor'), [{ type: 'openInEditor', text: 'to be or not <to> be', format: 'text' }]);
    await panel.page.click('#predict');
    await panel.send({ type: 'prediction', runDir: RUN_DIR, prediction: { kind: 'failed', message: 'the run has no weights' } });
    await waitFor(() => panel.page.textContent('#predict-status'), (s) => s === 'No predictions: the run has no weights', 'the failure');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('opens the sample a run generated at its end in an editor too', async () => {
    const panel = await panels.open();
    const events = syntheticRun({ epochs: 1, stepsPerEpoch: 2, runDir: RUN_DIR });
    const end = events.pop()!;
    await show(panel, [...events, { ...end, sample: 'the sample\nover two lines' } as TrainEvent]);
    await waitFor(() => panel.page.isVisible('#sample-section #sample-open'), (v) => v, 'the sample and its link');
    await panel.page.click('#sample-open');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'openInEditor'), [{ type: 'openInEditor', text: 'the sample\nover two lines', format: 'text' }]);
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('draws any column of a multivariate series, and the rolled forecast of that column', async () => {
    const panel = await panels.open();
    await show(panel, forecastRun());
    await waitFor(() => forecastLines(panel), (c) => c.Passengers === 48, 'a one-column forecast');
    assert.equal(await panel.page.isVisible('#forecast-column'), false, 'no column to choose from one column');
    await show(panel, twoColumnForecastRun());
    await waitFor(() => forecastLines(panel), (c) => c.a === 30, 'column a');
    assert.deepEqual(await panel.page.$$eval('#forecast-column option', (options) => options.map((o) => o.textContent)), ['a', 'b']);
    await panel.page.selectOption('#forecast-column', '1');
    await waitFor(() => forecastLines(panel), (c) => c.b === 30, 'column b');
    // The last validation window (origin 25) and the row after the series, in b's own values.
    assert.deepEqual(await panel.page.evaluate(() => window.__rnnPanel.forecastValues('model forecast')), [125.5, 130.5]);
    assert.deepEqual(await panel.page.evaluate(() => window.__rnnPanel.forecastValues('persistence')), [124, 129]);
    await panel.send({ type: 'prediction', runDir: RUN_DIR, prediction: { kind: 'forecast', forecast: { steps: 2, columns: [{ column: 'a', values: [0.1, 0.2] }, { column: 'b', values: [131, 132] }] }, csv: 'step,a,b\n1,0.1,131\n2,0.2,132\n' } });
    await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.forecastValues('rolled forecast (2 rows)')), (v) => v?.join() === '131,132', 'b\'s rolled forecast');
    await panel.page.selectOption('#forecast-column', '0');
    await waitFor(() => panel.page.evaluate(() => window.__rnnPanel.forecastValues('rolled forecast (2 rows)')), (v) => v?.join() === '0.1,0.2', 'a\'s rolled forecast');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });
});

function row(id: string, status: RunRow['status']): RunRow {
  return { runDir: `/work/runs/${id}`, id, model: id.split('/')[0], status, started: '2026-11-30T10:00:00.000Z', final: { loss: 1 }, best: { loss: 1 }, notes: {}, spec: null };
}

describe('Predict and Resume in the runs table (webview)', { timeout: 180_000 }, () => {
  const tables = usePanels(RUNS_TABLE);

  it('each row\'s buttons post its run; a running run has neither, a failed run only Resume', async () => {
    const table = await tables.open();
    await table.send({ type: 'runs', runsDir: '/work/runs', runs: [row('Sine/1', 'completed'), row('Sine/2', 'running'), row('Sine/3', 'failed')] });
    const button = (id: string, action: string) => `#runs tr[data-run="/work/runs/${id}"] button.${action}`;
    await waitFor(() => table.page.$$(button('Sine/1', 'predict')), (found) => found.length === 1, 'the row buttons');
    assert.deepEqual(await Promise.all(['Sine/1', 'Sine/2', 'Sine/3'].flatMap((id) => ['predict', 'resume'].map((a) => table.page.isEnabled(button(id, a))))),
      [true, true, false, false, false, true]);
    await table.page.click(button('Sine/1', 'predict'));
    await table.page.click(button('Sine/3', 'resume'));
    const posted = (await table.posted()).filter((m) => m.type === 'predict' || m.type === 'resume');
    assert.deepEqual(posted, [{ type: 'predict', runDir: '/work/runs/Sine/1' }, { type: 'resume', runDir: '/work/runs/Sine/3' }]);
    assert.deepEqual((await table.savedState())?.selected ?? [], [], 'a row button does not select the row');
    assert.deepEqual(table.problems, []);
    await table.page.close();
  });
});
