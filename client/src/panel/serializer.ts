// Restores the training panel when VS Code reloads the window: the webview's
// saved state names the run, which is replayed from its metrics.jsonl.
import * as vscode from 'vscode';
import type { RnnContext } from '../context';
import type { PanelState } from './messages';
import { PANEL_VIEW_TYPE, TrainingPanel, type PanelActions } from './training-panel';

export function registerPanelSerializer(rnn: RnnContext, actions: PanelActions): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      rnn.output.info(state
        ? vscode.l10n.t('restoring the training panel ({0})', JSON.stringify(state))
        : vscode.l10n.t('restoring the training panel (no saved state)'));
      TrainingPanel.revive(panel, rnn, actions, (state ?? undefined) as Partial<PanelState> | undefined);
    },
  });
}
