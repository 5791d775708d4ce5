// "RNN: Predict with a Run...", and Predict in the training panel and the runs
// table (which name the run, so nobody picks it). Whoever asks, a series
// model's forecast past the end of the series is drawn in the panel after the
// series and a text model's generated text is shown there, the panel brought
// up on the run (its "Open in editor" opens either as text); the validation
// part's predictions open as CSV in an editor.
// The training process computes them with the engine, as `rnn predict` does.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import { pickRun } from '../history/pick-run';
import { runShortLabel } from '../history/run-list';
import { openInEditor } from '../panel/open-in-editor';
import { panelPrediction, type PanelPrediction, type PredictTarget } from '../panel/prediction';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { dataAccess } from '../training/data-access';
import { predictInWorker } from '../training/predict-process';
import { readEvents, tryReadSummary } from '../../../core/src/run-store';

const DEFAULT_FORECAST_STEPS = 50;

/**
 * Predicts with `target` (the panel's or the table's run), else with a run the user picks (the command). Returns
 * what the panel is told, or undefined when the user cancelled.
 */
export async function predictWithRun(rnn: RnnContext, actions: PanelActions, target?: PredictTarget): Promise<PanelPrediction | undefined> {
  if (!vscode.workspace.isTrusted) {
    const message = vscode.l10n.t('Predicting is disabled in an untrusted workspace: it reads data files and runs code.');
    void vscode.window.showWarningMessage(message);
    return { kind: 'failed', message };
  }
  const run = target ?? await pickRun(vscode.l10n.t('Which run do you want to predict with?'), (r) => r.status !== undefined && r.status !== 'failed' && r.status !== 'running');
  if (!run) return undefined;
  const read = tryReadSummary(run.runDir);
  const model = read.ok ? read.summary.model : runShortLabel(run.runDir);
  const forecast = target?.forecast ?? (read.ok && read.summary.data?.task === 'regression' ? await askWhatToPredict() : null);
  if (forecast === undefined) return undefined;
  const reply = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Predicting with {0} ({1})…', model, runShortLabel(run.runDir)) },
    () => predictInWorker(rnn.extension.asAbsolutePath('dist/worker.js'), {
      type: 'predict', runDir: run.runDir, forecast: forecast ?? undefined, language: vscode.env.language, dataAccess: dataAccess(),
    }),
  );
  if (reply.type !== 'predicted') {
    const message = reply.message;
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN: no predictions: {0}', message));
    return { kind: 'failed', message };
  }
  for (const note of reply.notes) rnn.output.warn(note);
  // A forecast is drawn after the series the run's forecast view holds; a run without one (a streamed series) gets the table.
  const prediction = panelPrediction(reply, hasForecastView(run.runDir));
  if (prediction.kind === 'table') {
    await openInEditor(reply.text, reply.format);
    // The panel, when it shows the run, says where the predictions went.
    TrainingPanel.instance?.showPrediction(run.runDir, prediction, false);
    return prediction;
  }
  // What the panel draws brings it up on the run, as the panel's own Predict does. (A failure is said in a
  // notification, and to the panel by the panel's own request.)
  TrainingPanel.show(rnn, actions, false).showPrediction(run.runDir, prediction, true);
  return prediction;
}

function hasForecastView(runDir: string): boolean {
  return readEvents(runDir).some((event) => event.type === 'end' && event.forecast !== undefined);
}

/** Rows to forecast past the series' end, null for the validation part's predictions, undefined when cancelled. */
async function askWhatToPredict(): Promise<number | null | undefined> {
  const validation = vscode.l10n.t('Predictions on the validation part');
  const ahead = vscode.l10n.t('Forecast past the end of the series…');
  const kind = await vscode.window.showQuickPick([validation, ahead], { placeHolder: vscode.l10n.t('What do you want to predict?') });
  if (kind === undefined) return undefined;
  if (kind === validation) return null;
  const steps = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Steps to forecast (each prediction is fed back as the newest input)'),
    value: String(DEFAULT_FORECAST_STEPS),
    validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : vscode.l10n.t('A whole number of at least 1')),
  });
  return steps === undefined ? undefined : Number(steps);
}
