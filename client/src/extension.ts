// The extension's entry point (bundled to dist/extension.js): the language
// client, the commands and the training panel's serializer. The "▶ Train"
// lenses, summaries and model lists come from the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './client';
import { registerCommands } from './commands/register';
import type { RnnContext } from './context';
import { PanelMemory } from './panel/panel-memory';
import { registerPanelSerializer } from './panel/serializer';
import { ServerRequests } from './server-requests';
import { TrainingController } from './training/controller';
import { RUNS_VIEW_ID, RunsTableView } from './runs-table/runs-table-view';
import { localeFrom, useLocale } from '../../core/src/shared';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Code shared with the webview and the worker speaks through core's `t`; in the
  // extension host it reads the bundle VS Code loaded for the display language.
  useLocale(localeFrom(vscode.env.language), vscode.l10n.bundle ?? {});
  const output = vscode.window.createOutputChannel('RNN', { log: true });
  const starting = startLanguageClient(context, output);
  const rnn: RnnContext = {
    extension: context,
    output,
    server: new ServerRequests(starting),
    panelMemory: new PanelMemory((context.storageUri ?? context.globalStorageUri).fsPath),
  };
  const controller = new TrainingController(rnn);
  const runsTable = new RunsTableView(rnn, controller);
  context.subscriptions.push(
    output,
    controller,
    runsTable,
    vscode.window.registerWebviewViewProvider(RUNS_VIEW_ID, runsTable),
    ...registerCommands(rnn, controller),
    registerPanelSerializer(rnn, controller),
  );
  void vscode.commands.executeCommand('setContext', 'rnn.training', false);
  try {
    client = await starting;
  } catch (error) {
    output.error(vscode.l10n.t('the language server did not start: {0}', error instanceof Error ? error.message : String(error)));
    void vscode.window.showErrorMessage(vscode.l10n.t('RNN: the language server did not start; see the RNN output channel.'));
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
