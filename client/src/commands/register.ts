// Every command of the extension, wired to what implements it.
import * as vscode from 'vscode';
import type { TrainingController } from '../training/controller';
import { openRun } from './open-run';
import { showSummary } from './show-summary';

export function registerCommands(context: vscode.ExtensionContext, controller: TrainingController): vscode.Disposable[] {
  const summaries = vscode.window.createOutputChannel('RNN Model Summary');
  return [
    summaries,
    vscode.commands.registerCommand('rnn.train', (uri?: vscode.Uri, model?: string) =>
      controller.train(uri instanceof vscode.Uri ? uri : undefined, typeof model === 'string' ? model : undefined)),
    vscode.commands.registerCommand('rnn.stop', () => controller.stop()),
    vscode.commands.registerCommand('rnn.showPanel', () => controller.showPanel()),
    vscode.commands.registerCommand('rnn.openRun', () => openRun(context.extensionUri, controller)),
    vscode.commands.registerCommand('rnn.showSummary', () => showSummary(summaries)),
  ];
}
