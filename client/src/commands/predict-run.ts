// "RNN: Predict with a Run...": a saved run's predictions (on the validation
// part, or a forecast past the end of the series) as CSV, or a text model's
// generated text, in a new editor the user may save. The training process
// computes them with the engine, as `rnn predict` does.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import { pickRun } from '../history/pick-run';
import { dataAccess } from '../training/data-access';
import { predictInWorker } from '../training/predict-process';
import { tryReadSummary } from '../../../core/src/run-store';

const DEFAULT_FORECAST_STEPS = 50;

export async function predictWithRun(rnn: RnnContext): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Predicting is disabled in an untrusted workspace: it reads data files and runs code.'));
    return;
  }
  const run = await pickRun(vscode.l10n.t('Which run do you want to predict with?'), (r) => r.status !== undefined && r.status !== 'failed' && r.status !== 'running');
  if (!run) return;
  const read = tryReadSummary(run.runDir);
  let forecast: number | undefined;
  // Only a series can be rolled forward; a text model generates and a classifier predicts its validation part.
  if (read.ok && read.summary.data?.task === 'regression') {
    const validation = vscode.l10n.t('Predictions on the validation part');
    const ahead = vscode.l10n.t('Forecast past the end of the series…');
    const kind = await vscode.window.showQuickPick([validation, ahead], { placeHolder: vscode.l10n.t('What do you want to predict?') });
    if (kind === undefined) return;
    if (kind === ahead) {
      const steps = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Steps to forecast (each prediction is fed back as the newest input)'),
        value: String(DEFAULT_FORECAST_STEPS),
        validateInput: (text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : vscode.l10n.t('A whole number of at least 1')),
      });
      if (steps === undefined) return;
      forecast = Number(steps);
    }
  }
  const reply = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Predicting with {0} ({1})…', run.model, run.name) },
    () => predictInWorker(rnn.extension.asAbsolutePath('dist/worker.js'), {
      type: 'predict', runDir: run.runDir, forecast, language: vscode.env.language, dataAccess: dataAccess(),
    }),
  );
  if (reply.type === 'predicted') {
    for (const note of reply.notes) rnn.output.warn(note);
    const document = await vscode.workspace.openTextDocument({ content: reply.text, language: reply.format === 'csv' ? 'csv' : 'plaintext' });
    await vscode.window.showTextDocument(document);
  } else {
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN: no predictions: {0}', reply.message));
  }
}
