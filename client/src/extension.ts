// The extension's entry point (bundled to dist/extension.js): the language
// client, the commands, the "▶ Train" lenses, and the training panel's serializer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './client';
import { TrainCodeLensProvider } from './codelens';
import { registerCommands } from './commands/register';
import { PanelMemory } from './panel/panel-memory';
import { registerPanelSerializer } from './panel/serializer';
import { TrainingPanel } from './panel/training-panel';
import { TrainingController } from './training/controller';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('RNN', { log: true });
  TrainingPanel.memory = new PanelMemory((context.storageUri ?? context.globalStorageUri).fsPath);
  const controller = new TrainingController(context, output);
  context.subscriptions.push(
    output,
    controller,
    ...registerCommands(context, controller),
    vscode.languages.registerCodeLensProvider({ language: 'rnn' }, new TrainCodeLensProvider()),
    registerPanelSerializer(context, controller, output),
  );
  void vscode.commands.executeCommand('setContext', 'rnn.training', false);
  try {
    client = await startLanguageClient(context, output);
  } catch (error) {
    output.error(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('RNN: the language server did not start; see the RNN output channel.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
