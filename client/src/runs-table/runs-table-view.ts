// The runs table: a webview view in the panel area listing every run of the
// workspace's runs folder. The host reads runs through the run store, asks the
// language server for their spec values, feeds the webview plain messages
// (messages.ts) and carries out what it asks: notes, deletion to the trash,
// the training panel, CSV files, predicting with a run and resuming it. A watcher on the runs folder keeps it live.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { removeRun, updateNotes, type RemovedTo } from '../../../core/src/run-store';
import { workspaceRunsDirectories } from '../config';
import type { RnnContext } from '../context';
import { showWebviewPage } from '../panel/webview-page';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { carryOutRunAction } from '../panel/prediction';
import { metricsCsv } from './metrics-csv';
import type { RunRow, RunsHostMessage, RunsTableMessage } from './messages';
import { readRunRows } from './run-rows';
import { useRunSettings } from './use-settings';

export const RUNS_VIEW_ID = 'rnn.runs';
/** Training rewrites its summary every epoch and every few seconds: one refresh per burst of changes. */
const REFRESH_DELAY_MS = 500;
/** Files whose changes do not change a row (written every batch, or the model's weights). */
const IGNORED_FILES = /(^|[\\/])(metrics\.jsonl|model\.json|weights\.bin)$|\.tmp-\d+-\d+$/;

export class RunsTableView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private rows: RunRow[] = [];
  private watcher?: vscode.FileSystemWatcher;
  private watchedDir?: string;
  private refreshTimer?: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly rnn: RnnContext, private readonly actions: PanelActions) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rnn.runsDirectory')) this.scheduleRefresh();
    }));
  }

  /** The runs folder of the first workspace folder (the table shows one runs folder). */
  private get runsDir(): string | undefined {
    return workspaceRunsDirectories()[0];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    showWebviewPage(view.webview, this.rnn.extension.extensionUri, 'runs-table', vscode.l10n.t('RNN Runs'));
    view.webview.onDidReceiveMessage((message: RunsTableMessage) => void this.receive(message).catch((error: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('RNN runs: {0}', error instanceof Error ? error.message : String(error)));
    }));
    view.onDidChangeVisibility(() => {
      if (view.visible) this.scheduleRefresh();
    });
    view.onDidDispose(() => {
      this.view = undefined;
    });
  }

  /** Reads the runs again soon (several changes in a burst cost one read). */
  scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const runsDir = this.runsDir;
    this.watch(runsDir);
    if (!this.view || !runsDir) return;
    const rows = readRunRows(runsDir);
    try {
      const { runs } = await this.rnn.server.runSpecValues(rows.filter((row) => row.status !== 'unreadable').map((row) => row.runDir));
      for (const row of rows) row.spec = runs[row.runDir] ?? null;
    } catch (error) {
      // The table still lists the runs, without their settings.
      this.rnn.output.warn(vscode.l10n.t('cannot read the settings of the runs: {0}', error instanceof Error ? error.message : String(error)));
    }
    this.rows = rows;
    this.post({ type: 'runs', runsDir, runs: rows });
  }

  private watch(runsDir: string | undefined): void {
    if (runsDir === this.watchedDir) return;
    this.watcher?.dispose();
    this.watchedDir = runsDir;
    if (!runsDir) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(runsDir), '**'));
    const changed = (uri: vscode.Uri) => {
      if (!IGNORED_FILES.test(uri.fsPath)) this.scheduleRefresh();
    };
    this.watcher.onDidCreate(changed);
    this.watcher.onDidChange(changed);
    this.watcher.onDidDelete(changed);
  }

  private post(message: RunsHostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  private async receive(message: RunsTableMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'notes':
        updateNotes(message.runDir, message.changes);
        break;
      case 'delete':
        await this.delete(message.runDirs);
        break;
      case 'showInPanel': {
        const [first, ...others] = message.runDirs;
        if (!first) break;
        const panel = TrainingPanel.show(this.rnn, this.actions, false);
        panel.replay(first);
        for (const runDir of others) await panel.overlay(runDir);
        break;
      }
      case 'exportMetrics': {
        const chosen = this.rows.filter((row) => message.runDirs.includes(row.runDir));
        await this.save('metrics.csv', metricsCsv(chosen));
        break;
      }
      case 'saveCsv':
        await this.save(message.suggestedName, message.csv);
        break;
      case 'predict':
      case 'resume':
        await carryOutRunAction(message, message.runDir, this.actions);
        break;
      case 'useSettings': {
        const row = this.rows.find((r) => r.runDir === message.runDir);
        if (row) await useRunSettings(this.rnn, row);
        break;
      }
    }
  }

  /** To the trash of VS Code's file system where it has one (a desktop), else to <runs>/.trash (code-server, remote). */
  private async delete(runDirs: string[]): Promise<void> {
    const folders: string[] = [];
    let trashed = 0;
    for (const runDir of runDirs) {
      const removed: RemovedTo = await removeRun(runDir, {
        systemTrash: async (path) => vscode.workspace.fs.delete(vscode.Uri.file(path), { recursive: true, useTrash: true }),
      });
      if (removed.kind === 'system-trash') trashed++;
      else folders.push(removed.path);
    }
    if (trashed > 0) void vscode.window.showInformationMessage(trashed === 1 ? vscode.l10n.t('Moved 1 run to the trash.') : vscode.l10n.t('Moved {0} runs to the trash.', trashed));
    if (folders.length > 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t(
        'This file system has no trash: moved {0} to {1}; move a run back to restore it.',
        folders.map((folder) => basename(folder)).join(', '), basename(this.runsDir ?? '') + '/.trash',
      ));
    }
    this.scheduleRefresh();
  }

  private async save(suggestedName: string, csv: string): Promise<void> {
    const folder = this.runsDir ? vscode.Uri.file(this.runsDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined, filters: { CSV: ['csv'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(csv, 'utf8'));
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target)));
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.watcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
