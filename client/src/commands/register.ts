// Every command of the extension, wired to what implements it.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import type { TrainingController } from '../training/controller';
import { openRun } from './open-run';
import { predictWithRun } from './predict-run';
import { pickRun } from '../history/pick-run';
import { showSummary } from './show-summary';
import { TrainingPanel } from '../panel/training-panel';

/** Opens a saved run in the training panel; the best-run code lens names it (client.ts). */
export const SHOW_RUN_COMMAND = 'rnn.showRun';

export function registerCommands(rnn: RnnContext, controller: TrainingController): vscode.Disposable[] {
  const summaries = vscode.window.createOutputChannel(vscode.l10n.t('RNN Model Summary'));
  return [
    summaries,
    vscode.commands.registerCommand('rnn.train', (uri?: unknown, model?: unknown) =>
      controller.train(documentUri(uri), typeof model === 'string' ? model : undefined)),
    vscode.commands.registerCommand('rnn.stop', () => controller.stop()),
    vscode.commands.registerCommand('rnn.showPanel', () => controller.showPanel()),
    vscode.commands.registerCommand('rnn.openRun', () => openRun(rnn, controller)),
    vscode.commands.registerCommand('rnn.showSummary', () => showSummary(rnn, summaries)),
    vscode.commands.registerCommand('rnn.showRuns', () => vscode.commands.executeCommand('rnn.runs.focus')),
    // The best-run lens of the language server runs this with [run folder].
    vscode.commands.registerCommand(SHOW_RUN_COMMAND, (runDir?: unknown) => {
      if (typeof runDir === 'string' && runDir) TrainingPanel.show(rnn, controller, false).replay(runDir);
    }),
    vscode.commands.registerCommand('rnn.resumeRun', async (runDir?: unknown) => {
      // A run folder from a caller (a test, another view), else the user picks one that is not training.
      const folder = typeof runDir === 'string' ? runDir
        : (await pickRun(vscode.l10n.t('Which run do you want to resume?'), (run) => run.status !== undefined && run.status !== 'running'))?.runDir;
      if (folder) await controller.resume(folder);
    }),
    // A run folder from a caller (a test, another view) skips the picker, as for rnn.resumeRun.
    vscode.commands.registerCommand('rnn.predict', (runDir?: unknown) => predictWithRun(rnn, controller, typeof runDir === 'string' && runDir ? { runDir } : undefined)),
  ];
}

/** The document a command was given: a Uri from the editor title button, a URI string from the server's Train lens. */
function documentUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}
