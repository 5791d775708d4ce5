// Restores the training panel when VS Code reloads the window: the webview's
// saved state names the run, which is replayed from its metrics.jsonl.
import * as vscode from 'vscode';
import type { PanelState } from './messages';
import { PANEL_VIEW_TYPE, TrainingPanel, type PanelActions } from './training-panel';

export function registerPanelSerializer(context: vscode.ExtensionContext, actions: PanelActions, output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      output.info(`restoring the training panel (${state ? JSON.stringify(state) : 'no saved state'})`);
      TrainingPanel.revive(panel, context.extensionUri, actions, (state ?? undefined) as Partial<PanelState> | undefined);
    },
  });
}
