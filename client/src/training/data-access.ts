// Where the training process may read data from, as the language server
// judges it: the workspace folders and the .rnn file's folder, or anywhere
// when the user's setting (machine scope, restricted: never a workspace's) says so.
import * as vscode from 'vscode';
import { ALLOW_DATA_OUTSIDE_SETTING } from '../../../core/src/shared';

export function allowDataOutside(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(ALLOW_DATA_OUTSIDE_SETTING, false);
}

export function dataAccess(): { roots: string[]; allowOutside: boolean } {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  return { roots: folders.map((folder) => folder.uri.fsPath), allowOutside: allowDataOutside() };
}
