// The language client: starts dist/server.js over node IPC for .rnn files.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ALLOW_DATA_OUTSIDE_OPTION, ALLOW_DATA_OUTSIDE_SETTING, OPEN_RUN_COMMAND_OPTION, RUNS_DIRECTORY_OPTION, TRAIN_COMMAND_OPTION, WORKSPACE_TRUST_NOTIFICATION, WORKSPACE_TRUSTED_OPTION, type WorkspaceTrustParams,
} from '../../core/src/shared';
import { allowDataOutside } from './training/data-access';
import { readSettings } from './config';
import { SHOW_RUN_COMMAND } from './commands/register';

export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'rnn' }, { scheme: 'untitled', language: 'rnn' }],
    outputChannel: output,
    // A function: read again when the client restarts after the setting changed.
    initializationOptions: () => ({
      // The server's "▶ Train" lens runs this command with [uri, model].
      [TRAIN_COMMAND_OPTION]: 'rnn.train',
      // Untrusted: the server reads no data file (docs/editor-protocol.md).
      [WORKSPACE_TRUSTED_OPTION]: vscode.workspace.isTrusted,
      [ALLOW_DATA_OUTSIDE_OPTION]: allowDataOutside(),
      // The best-run lens above each model reads this runs folder and opens a run with this command.
      [RUNS_DIRECTORY_OPTION]: readSettings().runsDirectory,
      [OPEN_RUN_COMMAND_OPTION]: SHOW_RUN_COMMAND,
      // The memory budget makes the editor's checks match the training worker's (both read `rnn.memoryBudget`).
      memoryBudget: readSettings().memoryBudget,
    }),
  };
  // The id 'rnn' makes the client read the `rnn.trace.server` setting.
  const client = new LanguageClient('rnn', 'RNN Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const params: WorkspaceTrustParams = { trusted: true };
      void client.sendNotification(WORKSPACE_TRUST_NOTIFICATION, params);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(ALLOW_DATA_OUTSIDE_SETTING) || event.affectsConfiguration('rnn.runsDirectory')) void client.restart();
    }),
  );
  await client.start();
  return client;
}
