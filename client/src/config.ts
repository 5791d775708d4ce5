// The extension's settings (contributed in package.json) and how they resolve.
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { BackendPreference } from './training/worker-protocol';

const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface RnnSettings {
  backend: BackendPreference;
  runsDirectory: string;
}

export function readSettings(scope?: vscode.Uri): RnnSettings {
  const config = vscode.workspace.getConfiguration('rnn', scope);
  const backend = config.get<string>('backend', 'auto');
  return {
    backend: (BACKENDS as readonly string[]).includes(backend) ? (backend as BackendPreference) : 'auto',
    runsDirectory: config.get<string>('runsDirectory', 'runs') || 'runs',
  };
}

/** The absolute runs folder for a .rnn file: a relative setting is taken from the file's workspace folder, else from the file's own folder. */
export function resolveRunsDirectory(setting: string, workspaceFolder: string | undefined, fileFolder: string): string {
  if (isAbsolute(setting)) return setting;
  return join(workspaceFolder ?? fileFolder, setting);
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
