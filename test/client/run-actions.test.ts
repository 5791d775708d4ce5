// How the extension host carries out Predict and Resume asked by the training
// panel or the runs table (client/src/panel/prediction.ts), which runs allow
// them, a forecast table turned into the values the panel draws (keeping the
// table for its "Open in editor"), and the editor language each text opens in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runActions } from '../../client/src/history/run-actions';
import { carryOutRunAction, editorLanguageOf, panelPrediction, rolledForecast, type PanelPrediction, type PredictTarget, type RunActionHandlers } from '../../client/src/panel/prediction';

/** Handlers that record what they were asked and answer Predict with `answer`. */
function recording(answer: PanelPrediction | undefined): { handlers: RunActionHandlers; calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    handlers: {
      predict: async (target: PredictTarget) => (calls.push(['predict', target]), answer),
      resume: async (runDir: string) => void calls.push(['resume', runDir]),
    },
  };
}

describe('Predict and Resume in the extension host', () => {
  it('predicts with the run the asker shows, with the rows it gave, and passes the answer on', async () => {
    const drawn: PanelPrediction = { kind: 'forecast', forecast: { steps: 2, columns: [{ column: 'value', values: [1, 2] }] }, csv: 'step,value\n1,1\n2,2\n' };
    const { handlers, calls } = recording(drawn);
    assert.equal(await carryOutRunAction({ type: 'predict', runDir: '/moved/run', forecast: 2 }, '/runs/A/1', handlers), drawn);
    assert.equal(await carryOutRunAction({ type: 'predict', runDir: '/runs/A/1' }, '/runs/A/1', handlers), drawn);
    assert.deepEqual(calls, [['predict', { runDir: '/runs/A/1', forecast: 2 }], ['predict', { runDir: '/runs/A/1' }]]);
  });

  it('answers "cancelled" when the user cancelled a question, so the panel enables Predict again', async () => {
    const { handlers } = recording(undefined);
    assert.deepEqual(await carryOutRunAction({ type: 'predict', runDir: '/runs/A/1' }, '/runs/A/1', handlers), { kind: 'cancelled' });
  });

  it('resumes the run and has no prediction to answer', async () => {
    const { handlers, calls } = recording({ kind: 'table' });
    assert.equal(await carryOutRunAction({ type: 'resume', runDir: '/runs/A/1' }, '/runs/A/1', handlers), undefined);
    assert.deepEqual(calls, [['resume', '/runs/A/1']]);
  });

  it('a run allows Predict once it ended with weights, Resume once nothing writes it any more', () => {
    const allowed = (['completed', 'early_stopped', 'cancelled', 'interrupted', 'failed', 'running', 'starting', 'waiting', 'unreadable'] as const)
      .map((status) => [status, runActions(status)]);
    assert.deepEqual(Object.fromEntries(allowed), {
      completed: { predict: true, resume: true }, early_stopped: { predict: true, resume: true }, cancelled: { predict: true, resume: true },
      interrupted: { predict: true, resume: true }, failed: { predict: false, resume: true }, running: { predict: false, resume: false },
      starting: { predict: false, resume: false }, waiting: { predict: false, resume: false }, unreadable: { predict: false, resume: false },
    });
  });

  it('a forecast table (step, then a column per output) becomes each column\'s values', () => {
    const forecast = rolledForecast(['step', 'a', 'b'], [[1, 0.5, 100], [2, 0.25, 101], [3, 0.125, 102]]);
    assert.deepEqual(forecast, { steps: 3, columns: [{ column: 'a', values: [0.5, 0.25, 0.125] }, { column: 'b', values: [100, 101, 102] }] });
  });

  it('a prediction goes to the same place whoever asked: forecasts the panel can draw and text to the panel, tables to an editor', () => {
    const forecast = rolledForecast(['step', 'value'], [[1, 0.5], [2, 0.25]]);
    const csv = 'step,value\n1,0.5\n2,0.25\n';
    // The panel draws the forecast and keeps its table, exactly as `rnn predict --forecast` writes it, to open in an editor.
    assert.deepEqual(panelPrediction({ format: 'csv', text: csv, forecast }, true), { kind: 'forecast', forecast, csv });
    // A series the panel does not draw (a streamed one): the forecast's table opens in an editor.
    assert.deepEqual(panelPrediction({ format: 'csv', text: csv, forecast }, false), { kind: 'table' });
    assert.deepEqual(panelPrediction({ format: 'csv', text: 'window,target,predicted\n' }, true), { kind: 'table' });
    assert.deepEqual(panelPrediction({ format: 'text', text: 'to be or' }, false), { kind: 'text', text: 'to be or' });
  });

  it('a table opens in an editor as CSV, generated text as plain text', () => {
    assert.equal(editorLanguageOf('csv'), 'csv');
    assert.equal(editorLanguageOf('text'), 'plaintext');
  });
});
