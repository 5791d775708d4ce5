// The webview panel host: one panel that shows the current (or a replayed)
// run. It coalesces training events so a fast run costs the webview a few
// messages per second, and answers the panel's buttons.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { SpecDifference, TrainEvent } from '../../../core/src/shared';
import type { RnnContext } from '../context';
import { revealFolder } from '../history/reveal';
import { readEvents, readSpecCopy, tryReadSummary, type RunState } from '../../../core/src/run-store';
import { listSavedRuns, runShortLabel } from '../history/run-list';
import { insightEventsAfter } from './insight-replay';
import { openInEditor } from './open-in-editor';
import { showWebviewPage } from './webview-page';
import { DEFAULT_PANEL_STATE, type HostMessage, type PanelMessage, type PanelState } from './messages';
import { carryOutRunAction, type PanelPrediction, type RunActionHandlers } from './prediction';

export const PANEL_VIEW_TYPE = 'rnn.training';
const FLUSH_INTERVAL_MS = 50;
/** How often a replayed run that another process still writes is read again. */
const FOLLOW_INTERVAL_MS = 1_000;

/** What the panel's buttons do (Stop, Train again, and Predict and Resume for an ended run); the training controller implements it. */
export interface PanelActions extends RunActionHandlers {
  stop(): void;
  trainAgain(): void;
}

export class TrainingPanel {
  private static current?: TrainingPanel;
  private pending: TrainEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private followTimer?: NodeJS.Timeout;
  private ready = false;
  private queue: HostMessage[] = [];
  private runDir?: string;
  private model?: string;
  private source?: string;
  private training = false;
  /** Whether the live run sent its end event. */
  private ended = false;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly rnn: RnnContext, private readonly actions: PanelActions) {
    showWebviewPage(panel.webview, rnn.extension.extensionUri, 'webview');
    panel.webview.onDidReceiveMessage((message: PanelMessage) => void this.receive(message));
    panel.onDidDispose(() => {
      clearTimeout(this.flushTimer);
      clearTimeout(this.followTimer);
      if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    });
  }

  static get instance(): TrainingPanel | undefined {
    return TrainingPanel.current;
  }

  /** The panel, created beside the editor when there is none. */
  static show(rnn: RnnContext, actions: PanelActions, preserveFocus = true): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal(undefined, preserveFocus);
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('RNN Training'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
      enableScripts: true,
      retainContextWhenHidden: true,
    });
    TrainingPanel.current = new TrainingPanel(panel, rnn, actions);
    return TrainingPanel.current;
  }

  /** A panel VS Code restores after a window reload: it replays the run it showed. */
  static revive(panel: vscode.WebviewPanel, rnn: RnnContext, actions: PanelActions, state: Partial<PanelState> | undefined): TrainingPanel {
    TrainingPanel.current?.panel.dispose();
    const revived = new TrainingPanel(panel, rnn, actions);
    TrainingPanel.current = revived;
    const restored = { ...DEFAULT_PANEL_STATE, ...(state ?? {}) };
    revived.post({ type: 'options', state: restored });
    const run = restored.runDir ? { runDir: restored.runDir, model: restored.model } : rnn.panelMemory.recall();
    if (run) revived.replay(run.runDir, run.model);
    for (const overlay of restored.overlays) void revived.addOverlay(overlay);
    return revived;
  }

  /** A new run begins: clear the curves and remember its spec for overlay differences. */
  beginRun(model: string, source: string): void {
    clearTimeout(this.followTimer);
    this.flush();
    this.model = model;
    this.source = source;
    this.runDir = undefined;
    this.ended = false;
    this.post({ type: 'reset', model });
  }

  setTraining(active: boolean): void {
    this.flush();
    this.training = active;
    this.post({ type: 'training', active });
    if (active) return;
    // A training process that died (killed, crashed) sent no end: say so rather than show it running.
    if (!this.ended && this.runDir) this.showIfInterrupted(this.runDir);
    this.sendRunList();
  }

  addEvent(event: TrainEvent): void {
    if (event.type === 'end') this.ended = true;
    if (event.type === 'start') {
      this.runDir = event.runDir;
      this.rnn.panelMemory.remember({ runDir: event.runDir, model: event.model });
    }
    this.pending.push(event);
    // Start, end and errors go out at once; batches ride along every FLUSH_INTERVAL_MS.
    if (event.type !== 'batch') this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Shows a saved run exactly as it was recorded; one that another process still writes is followed until it ends. */
  replay(runDir: string, model?: string): void {
    clearTimeout(this.followTimer);
    const events = readEvents(runDir);
    const start = events.find((e) => e.type === 'start');
    this.model = start?.type === 'start' ? start.model : model ?? runShortLabel(runDir);
    this.source = readSpecCopy(runDir);
    this.runDir = runDir;
    this.rnn.panelMemory.remember({ runDir, model: this.model });
    this.post({ type: 'reset', model: this.model, runDir });
    this.follow(runDir, 0);
    this.sendRunList();
  }

  /**
   * Sends the run's events after the first `shown`, then: "interrupted" when its
   * process is gone without an end (a window reload, a kill); while the process
   * lives (a run still finishing after a reload, a run in a terminal), again a
   * moment later, so the panel never shows it running forever.
   */
  private follow(runDir: string, shown: number, shownInsight = 0): void {
    // The state first: a run appends its end event before its summary says it ended.
    const read = tryReadSummary(runDir);
    const events = readEvents(runDir);
    if (events.length > shown) this.post({ type: 'events', events: events.slice(shown) });
    const insight = insightEventsAfter(runDir, shownInsight);
    if (insight.events.length > 0) this.post({ type: 'events', events: insight.events });
    const state = this.showIfInterrupted(runDir, read);
    // While the run still writes, its last line may be cut short: only a finished file's damage is worth a warning.
    if (insight.warning && state !== 'running') this.post({ type: 'events', events: [insight.warning] });
    // A run this window trains sends its events live (addEvent).
    if (state !== 'running' || this.training) return;
    this.followTimer = setTimeout(() => {
      if (this.runDir === runDir) this.follow(runDir, events.length, insight.total);
    }, FOLLOW_INTERVAL_MS);
  }

  /** The run's state; the panel is told when it is interrupted. */
  private showIfInterrupted(runDir: string, read = tryReadSummary(runDir)): RunState | undefined {
    if (!read.ok) return undefined;
    if (read.state === 'interrupted') this.post({ type: 'interrupted' });
    return read.state;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.post({ type: 'events', events });
  }

  private post(message: HostMessage): void {
    // Messages sent before the page's script runs would be lost.
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private sendRunList(): void {
    if (!this.runDir || !this.model) return;
    const runsDir = dirname(dirname(this.runDir));
    this.post({ type: 'runs', runs: listSavedRuns(runsDir, basename(dirname(this.runDir))).map(({ runDir, label }) => ({ runDir, label })) });
  }

  /**
   * What Predict gave for the run in `runDir`: drawn when the panel shows that run; with `bringUp`, a forecast or a
   * text brings the run up first (Predict on a row of the runs table).
   */
  showPrediction(runDir: string, prediction: PanelPrediction, bringUp = true): void {
    if (this.runDir !== runDir) {
      if (!bringUp || (prediction.kind !== 'forecast' && prediction.kind !== 'text')) return;
      this.replay(runDir);
    }
    this.post({ type: 'prediction', runDir, prediction });
  }

  /** Draws a saved run's curves over the panel's run (the runs table's "Show in panel"). */
  overlay(runDir: string): Promise<void> {
    return this.addOverlay(runDir);
  }

  private async addOverlay(runDir: string): Promise<void> {
    const other = readSpecCopy(runDir);
    const differences = this.source && other ? await this.differences(this.source, other) : [];
    this.post({ type: 'overlay', run: { runDir, label: runShortLabel(runDir), events: readEvents(runDir), differences } });
  }

  /**
   * Another trial of the sweep being trained, overlaid and redrawn as it goes: `events` are all of its events so
   * far, `differences` its values against the panel's own trial's.
   */
  followTrial(runDir: string, label: string, events: TrainEvent[], differences: SpecDifference[]): void {
    this.post({ type: 'overlay', run: { runDir, label, events, differences } });
  }

  /** The language server compares the specs; without it the overlay still shows, without its differences. */
  private async differences(current: string, other: string): Promise<SpecDifference[]> {
    try {
      return await this.rnn.server.specDifferences(current, other, this.model);
    } catch (error) {
      this.rnn.output.warn(vscode.l10n.t('cannot compare the specs of the overlaid run: {0}', error instanceof Error ? error.message : String(error)));
      return [];
    }
  }

  private async receive(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.queue.splice(0)) void this.panel.webview.postMessage(queued);
        this.post({ type: 'training', active: this.training });
        this.sendRunList();
        break;
      case 'stop':
        this.actions.stop();
        break;
      case 'trainAgain':
        this.actions.trainAgain();
        break;
      case 'exportCsv':
        await this.save(message.suggestedName, { 'CSV': ['csv'] }, Buffer.from(message.csv, 'utf8'));
        break;
      case 'exportPng':
        await this.save(message.suggestedName, { [vscode.l10n.t('PNG image')]: ['png'] }, Buffer.from(message.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
        break;
      case 'openRunFolder':
        if (this.runDir) await revealFolder(this.runDir);
        break;
      case 'addOverlay':
        await this.addOverlay(message.runDir);
        break;
      case 'removeOverlay':
        break; // the panel drops it and forgets it in its own state
      case 'openInEditor':
        await openInEditor(message.text, message.format, this.panel.viewColumn);
        break;
      case 'predict':
      case 'resume': {
        // The run as the host opened it (the webview knows the folder its events name, which a moved run changes).
        const runDir = this.runDir ?? message.runDir;
        const answer = await carryOutRunAction(message, runDir, this.actions);
        // The panel waits for an answer to enable Predict again; what it shows has been sent already.
        if (answer?.kind === 'cancelled' || answer?.kind === 'failed') this.showPrediction(runDir, answer);
        break;
      }
    }
  }

  private async save(suggestedName: string, filters: Record<string, string[]>, data: Uint8Array): Promise<void> {
    const folder = this.runDir ? vscode.Uri.file(this.runDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined, filters });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, data);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target)));
  }
}
