// The training panel shown damaged runs (issue 13, finding 4): events with
// missing or mistyped fields (a metrics.jsonl another program wrote, or one
// that was cut short) never throw in the panel; what is valid is still drawn,
// what was dropped is said, and a run whose process died shows as interrupted.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readEvents } from '../../core/src/run-store';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { syntheticRun } from './events';
import { usePanels, waitFor, type PanelPage } from './harness';

declare const window: Window & { __rnnPanel: { seriesLengths(): Record<string, number>; metricSeriesLengths(): Record<string, number> } };

describe('training panel with damaged runs (webview)', { timeout: 180_000 }, () => {
  const panels = usePanels();
  const work = mkdtempSync(join(tmpdir(), 'rnn-damaged-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  const lengths = (panel: PanelPage) => panel.page.evaluate(() => window.__rnnPanel.seriesLengths());
  const metricLengths = (panel: PanelPage) => panel.page.evaluate(() => window.__rnnPanel.metricSeriesLengths());

  /** A good run of 3 epochs with `damage` put in after its second epoch event. */
  function damagedRun(damage: unknown[]): unknown[] {
    const events: unknown[] = syntheticRun({ epochs: 3, stepsPerEpoch: 4 });
    const second = events.findIndex((e) => (e as TrainEvent).type === 'epoch' && (e as { epoch: number }).epoch === 2);
    events.splice(second + 1, 0, ...damage);
    return events;
  }

  it('draws a run whose events miss or mistype fields, and says how many it left out', async () => {
    const panel = await panels.open();
    const damage = [
      { type: 'epoch', epoch: 9, step: 9, loss: 0.1, seconds: 1, eta: 0, time: 5 }, // no metrics: the issue's `reading 'mae'`
      { type: 'epoch', epoch: 9, step: 9, loss: 0.1, metrics: { mae: '0.1' }, seconds: 1, eta: 0, time: 5 },
      { type: 'batch', epoch: 3, batch: 1, step: 9, loss: '0.5', time: 5 },
      { type: 'batch' },
      { type: 'log', level: 'info', time: 5 },
      { type: 'start', model: 'M' },
      { type: 'end', status: 'completed', epochs: 3, seconds: 1, time: 5, final: { loss: 'low' } },
      { type: 'end', status: 'completed', epochs: 3, seconds: 1, time: 5, final: {}, predictions: { target: [1] } },
      null,
      'nonsense',
      [1, 2],
    ];
    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'events', events: damagedRun(damage) as TrainEvent[] });
    const counts = await waitFor(() => lengths(panel), (c) => c.loss === 3, 'the valid epochs');
    assert.deepEqual(counts, { 'batch loss': 12, 'batch loss (smoothed)': 12, loss: 3, val_loss: 3, baseline: 2 });
    assert.deepEqual(await metricLengths(panel), { mae: 3, val_mae: 3 });
    assert.match(await panel.page.textContent('#status') ?? '', /completed/);
    assert.match(await panel.page.textContent('#messages') ?? '', new RegExp(`${damage.length} events could not be read`));
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('replays a run folder with a damaged metrics.jsonl through the run store, as the host does', async () => {
    const dir = join(work, 'runs', 'SineForecast', '2026-11-26T15-00-00');
    mkdirSync(dir, { recursive: true });
    const lines = syntheticRun({ epochs: 3, stepsPerEpoch: 4 }).map((e) => JSON.stringify(e));
    lines.splice(5, 0, '{"type":"epoch","epoch":1,"step":4,"loss":0.3,"seconds":1,"eta":2,"time":1}', '{"type":"batch","epoch":', 'garbage');
    writeFileSync(join(dir, 'metrics.jsonl'), lines.join('\n'));
    const panel = await panels.open();
    await panel.send({ type: 'reset', model: 'SineForecast', runDir: dir }, { type: 'events', events: readEvents(dir) });
    const counts = await waitFor(() => lengths(panel), (c) => c.loss === 3, 'the replayed epochs');
    assert.equal(counts['batch loss'], 12);
    assert.deepEqual(await metricLengths(panel), { mae: 3, val_mae: 3 });
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });

  it('shows a replayed run whose process died as interrupted, not running', async () => {
    const panel = await panels.open();
    const events = syntheticRun({ epochs: 3, stepsPerEpoch: 4 }).filter((e) => e.type !== 'end');
    await panel.send({ type: 'reset', model: 'SineForecast' }, { type: 'events', events });
    await waitFor(() => panel.page.textContent('#status'), (text) => text === 'running', 'a run without its end');
    await panel.send({ type: 'interrupted' });
    await waitFor(() => panel.page.textContent('#status'), (text) => text === 'interrupted', 'the interrupted run');
    assert.equal((await lengths(panel)).loss, 3);
    await panel.send({ type: 'reset', model: 'Next' }, { type: 'events', events: events.slice(0, 1) });
    await waitFor(() => panel.page.textContent('#status'), (text) => text === 'running', 'a new run forgets the old state');
    assert.deepEqual(panel.problems, []);
    await panel.page.close();
  });
});
