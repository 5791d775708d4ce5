// Entry of `rnn-language-server`: speaks LSP over stdio (`--stdio`, for any
// editor) or node IPC (`--node-ipc`, for the VS Code extension).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { checkText } from '../../core/src/language';
import { DataAccess } from './documents/data-access';
import { IncrementalChecker } from './documents/incremental-checker';
import { startServer } from './server';
import { describeError } from './util/guard';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

if (!process.argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
  process.stderr.write('usage: rnn-language-server --stdio | --node-ipc\n'
    + 'The language server for .rnn files; an editor starts it and talks LSP to it.\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
// Last line of defence: a bug must not end the session the editor relies on.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${describeError(error)}`));
process.on('unhandledRejection', (error) => connection.console.error(`unhandled rejection: ${describeError(error)}`));

// Large files are checked model by model, re-checking only what an edit touched.
// The budget arrives with the client's settings, before the first document; it does not change afterwards.
let memoryBudget: number | undefined;
const dataAccess = new DataAccess();
const checker = new IncrementalChecker((text, path) => checkText(text, { ...dataAccess.checkOptions(path), memoryBudget }));
startServer(connection, {
  analyze: checker.analyze,
  forget: (uri) => checker.forget(uri),
  dataAccess,
  onSettings: (settings) => {
    memoryBudget = settings.memoryBudget;
  },
});
connection.listen();
