// "RNN: Open Run...": pick a saved run and replay it into the training panel.
import * as vscode from 'vscode';
import { runsDirectoryFor, workspaceRunsDirectories } from '../config';
import type { RnnContext } from '../context';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { listSavedRuns } from '../history/run-list';

export async function openRun(rnn: RnnContext, actions: PanelActions): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const folders = editor?.document.languageId === 'rnn' && editor.document.uri.scheme === 'file'
    ? [runsDirectoryFor(editor.document.uri), ...workspaceRunsDirectories()]
    : workspaceRunsDirectories();
  const runs = [...new Set(folders)].flatMap((folder) => listSavedRuns(folder));
  if (runs.length === 0) {
    const looked = [...new Set(folders)].join(', ');
    void vscode.window.showInformationMessage(looked
      ? vscode.l10n.t('No saved runs yet (looked in {0}). Train a model first.', looked)
      : vscode.l10n.t('No saved runs yet (looked in no workspace folder). Train a model first.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({ label: run.model, description: run.label, detail: run.runDir, run })),
    { placeHolder: vscode.l10n.t('Which run do you want to open?'), matchOnDescription: true },
  );
  if (!picked) return;
  TrainingPanel.show(rnn, actions, false).replay(picked.run.runDir, picked.run.model);
}
