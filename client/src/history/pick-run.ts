// A quick pick of the saved runs (the active .rnn file's runs folder first,
// then every workspace folder's), for the commands that act on one run.
import * as vscode from 'vscode';
import { runsDirectoryFor, workspaceRunsDirectories } from '../config';
import { listSavedRuns, type SavedRun } from './run-list';

/** The run the user picks among those `usable` accepts; undefined when there is none (said) or the user cancels. */
export async function pickRun(placeHolder: string, usable: (run: SavedRun) => boolean = () => true): Promise<SavedRun | undefined> {
  const editor = vscode.window.activeTextEditor;
  const folders = [...new Set(editor?.document.languageId === 'rnn' && editor.document.uri.scheme === 'file'
    ? [runsDirectoryFor(editor.document.uri), ...workspaceRunsDirectories()]
    : workspaceRunsDirectories())];
  const runs = folders.flatMap((folder) => listSavedRuns(folder)).filter(usable);
  if (runs.length === 0) {
    const looked = folders.join(', ');
    void vscode.window.showInformationMessage(looked
      ? vscode.l10n.t('No saved runs yet (looked in {0}). Train a model first.', looked)
      : vscode.l10n.t('No saved runs yet (looked in no workspace folder). Train a model first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({ label: run.model, description: run.label, detail: run.runDir, run })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.run;
}
