// The extension's settings (contributed in package.json) and how they resolve.
import * as vscode from 'vscode';
import { resolveRunsDirectory } from './history/runs-directory';
import { isBackendPreference, type BackendPreference } from '../../core/src/shared';

export interface RnnSettings {
  backend: BackendPreference;
  runsDirectory: string;
  /** `rnn.memoryBudget` as written (e.g. "8GiB"): the language server and the training worker parse it. */
  memoryBudget: string;
}

export function readSettings(scope?: vscode.Uri): RnnSettings {
  const config = vscode.workspace.getConfiguration('rnn', scope);
  const backend = config.get<string>('backend', 'auto');
  return {
    backend: isBackendPreference(backend) ? backend : 'auto',
    runsDirectory: config.get<string>('runsDirectory', 'runs') || 'runs',
    memoryBudget: config.get<string>('memoryBudget', '2GiB'),
  };
}

export function runsDirectoryFor(fileUri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(fileUri)?.uri.fsPath;
  const fileFolder = vscode.Uri.joinPath(fileUri, '..').fsPath;
  return resolveRunsDirectory(readSettings(fileUri).runsDirectory, folder, fileFolder);
}

/** Runs folders of every workspace folder (for "Open Run..." without an editor). */
export function workspaceRunsDirectories(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => resolveRunsDirectory(readSettings(f.uri).runsDirectory, f.uri.fsPath, f.uri.fsPath));
}
