// "RNN: Open Run...": pick a saved run and replay it into the training panel.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { pickRun } from '../history/pick-run';

export async function openRun(rnn: RnnContext, actions: PanelActions): Promise<void> {
  const run = await pickRun(vscode.l10n.t('Which run do you want to open?'));
  if (run) TrainingPanel.show(rnn, actions, false).replay(run.runDir, run.model);
}
