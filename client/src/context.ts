// The extension's state, in one object handed to whatever needs it: the
// commands, the training controller and the training panel.
import type * as vscode from 'vscode';
import type { PanelMemory } from './panel/panel-memory';
import type { ServerRequests } from './server-requests';

export interface RnnContext {
  readonly extension: vscode.ExtensionContext;
  /** The "RNN" log channel. */
  readonly output: vscode.LogOutputChannel;
  /** The language server: models, summaries and spec differences come from it. */
  readonly server: ServerRequests;
  /** Where the training panel remembers its run across window reloads. */
  readonly panelMemory: PanelMemory;
}
