// The language client: starts dist/server.js over node IPC for .rnn files.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TRAIN_COMMAND_OPTION } from '../../core/src/shared';
import { readSettings } from './config';

export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'rnn' }, { scheme: 'untitled', language: 'rnn' }],
    outputChannel: output,
    // The server's "▶ Train" lens runs this command with [uri, model].
    // The memory budget makes the editor's checks match the training worker's (both read `rnn.memoryBudget`).
    initializationOptions: { [TRAIN_COMMAND_OPTION]: 'rnn.train', memoryBudget: readSettings().memoryBudget },
  };
  // The id 'rnn' makes the client read the `rnn.trace.server` setting.
  const client = new LanguageClient('rnn', 'RNN Language Server', serverOptions, clientOptions);
  await client.start();
  return client;
}
