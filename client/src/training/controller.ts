// One training at a time: checks the spec, picks the model, forks the worker,
// and shows its progress (status bar, cancellable notification, panel, output
// channel) and its end (notification, and a diagnostic where an error belongs).
import * as vscode from 'vscode';
import { checkText } from '../../../core/src/language';
import type { EpochEvent, StartEvent, TrainEvent } from '../../../core/src/shared';
import { readSettings, runsDirectoryFor } from '../config';
import { errorRange, locateModels, modelAtLine } from '../models';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { revealFolder } from '../history/reveal';
import { TrainingProcess } from './process-manager';
import { formatEta, formatProgress, formatValue } from './progress-text';
import type { TrainingOutcome, TrainRequest } from './worker-protocol';

interface ActiveRun {
  process: TrainingProcess;
  request: TrainRequest;
  uri: vscode.Uri;
  start?: StartEvent;
  lastEpoch?: EpochEvent;
  lastLoss?: number;
  error?: { code: string; message: string };
  reportProgress?: (message: string, increment?: number) => void;
}

export class TrainingController implements PanelActions, vscode.Disposable {
  private active?: ActiveRun;
  private last?: { uri: vscode.Uri; model: string };
  private readonly statusBar = vscode.window.createStatusBarItem('rnn.training', vscode.StatusBarAlignment.Left, 10);
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('rnn-training');

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel) {
    this.statusBar.name = 'RNN Training';
    this.statusBar.command = 'rnn.showPanel';
  }

  get isTraining(): boolean {
    return this.active !== undefined;
  }

  dispose(): void {
    this.active?.process.stop();
    this.statusBar.dispose();
    this.diagnostics.dispose();
  }

  /** Trains `model` of the document at `uri` (default: the active editor; the model under the cursor, the only one, or one the user picks). */
  async train(uri?: vscode.Uri, model?: string): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('Training is disabled in an untrusted workspace: it reads data files and runs code. The language features still work.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (this.active) {
      const choice = await vscode.window.showInformationMessage(`${this.active.request.model} is still training.`, 'Stop It', 'Show Panel');
      if (choice === 'Stop It') this.stop();
      else if (choice === 'Show Panel') this.showPanel();
      return;
    }
    const document = await this.documentFor(uri);
    if (!document) {
      void vscode.window.showErrorMessage('Open a .rnn file to train one of its models.');
      return;
    }
    const text = document.getText();
    const checked = checkText(text, document.uri.scheme === 'file' ? { path: document.uri.fsPath } : {});
    const errors = checked.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) {
      const name = vscode.workspace.asRelativePath(document.uri);
      const choice = await vscode.window.showErrorMessage(`${name} has ${errors} error${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} before training (see the Problems panel).`, 'Show Problems');
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    if (document.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Save the file first: a run is saved next to it and its data paths are relative to it.');
      return;
    }
    const chosen = model ?? (await this.chooseModel(document));
    if (!chosen) return;
    this.start(document, chosen);
  }

  stop(): void {
    if (!this.active) return;
    this.output.info(`Stopping ${this.active.request.model} after the current batch…`);
    this.active.process.stop();
  }

  trainAgain(): void {
    if (this.last) void this.train(this.last.uri, this.last.model);
    else void this.train();
  }

  showPanel(): void {
    TrainingPanel.show(this.context.extensionUri, this, false);
  }

  private async documentFor(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'rnn') return editor.document;
    return this.last ? vscode.workspace.openTextDocument(this.last.uri) : undefined;
  }

  private async chooseModel(document: vscode.TextDocument): Promise<string | undefined> {
    const models = locateModels(document.getText());
    if (models.length <= 1) return models[0]?.name;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document) {
      const under = modelAtLine(models, editor.selection.active.line);
      if (under) return under.name;
    }
    return vscode.window.showQuickPick(models.map((m) => m.name), { placeHolder: 'Which model do you want to train?' });
  }

  private start(document: vscode.TextDocument, model: string): void {
    const settings = readSettings(document.uri);
    const request: TrainRequest = {
      type: 'train', file: document.uri.fsPath, text: document.getText(), model,
      runsDir: runsDirectoryFor(document.uri), backend: settings.backend,
    };
    this.diagnostics.delete(document.uri);
    this.last = { uri: document.uri, model };
    const panel = TrainingPanel.show(this.context.extensionUri, this);
    panel.beginRun(model, request.text);
    panel.setTraining(true);
    this.output.info(`Training ${model} from ${vscode.workspace.asRelativePath(document.uri)} (backend: ${settings.backend}, runs: ${request.runsDir})`);
    const process = new TrainingProcess(this.context.asAbsolutePath('dist/worker.js'), request, {
      onEvent: (event) => this.onEvent(event),
      onOutput: (text) => { for (const line of text.split('\n')) if (line.trim()) this.output.info(`[worker] ${line}`); },
    });
    const run: ActiveRun = { process, request, uri: document.uri };
    this.active = run;
    void vscode.commands.executeCommand('setContext', 'rnn.training', true);
    this.updateStatus();
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${model}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        run.reportProgress = (message, increment) => progress.report({ message, increment });
        return process.finished;
      },
    );
    void process.finished.then((outcome) => this.finish(run, outcome));
  }

  private onEvent(event: TrainEvent): void {
    const run = this.active;
    if (!run) return;
    TrainingPanel.instance?.addEvent(event);
    switch (event.type) {
      case 'start':
        run.start = event;
        this.output.info(`${event.model}: ${event.totalParams.toLocaleString('en-US')} parameters, ${event.trainSamples} training / ${event.validationSamples} validation samples, backend ${event.backend}, seed ${event.seed}, run folder ${event.runDir}`);
        break;
      case 'batch':
        run.lastLoss = event.loss;
        break;
      case 'epoch': {
        run.lastEpoch = event;
        const metrics = Object.entries(event.metrics).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ');
        this.output.info(`epoch ${event.epoch}/${run.start?.epochs ?? '?'}: loss ${formatValue(event.loss)}${event.val_loss !== undefined ? `, val_loss ${formatValue(event.val_loss)}` : ''}${metrics ? `, ${metrics}` : ''} (${event.seconds.toFixed(1)} s, ETA ${formatEta(event.eta)})`);
        run.reportProgress?.(formatProgress(run.start, event, run.lastLoss), run.start ? 100 / run.start.epochs : undefined);
        break;
      }
      case 'log':
        if (event.level === 'warning') this.output.warn(event.message);
        else this.output.info(event.message);
        break;
      case 'error':
        run.error = { code: event.code, message: event.message };
        this.output.error(`${event.message} [${event.code}]`);
        break;
      case 'end':
        this.output.info(`${run.request.model}: ${event.status.replace('_', ' ')} after ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} in ${formatEta(event.seconds)}${event.reason ? ` (${event.reason})` : ''}`);
        if (event.sample) this.output.info(`generated sample:\n${event.sample}`);
        break;
    }
    this.updateStatus();
  }

  private updateStatus(): void {
    const run = this.active;
    if (!run) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `$(sync~spin) ${run.request.model}: ${formatProgress(run.start, run.lastEpoch, run.lastLoss) || 'starting…'}`;
    this.statusBar.tooltip = 'RNN: training in progress. Click to show the training panel.';
    this.statusBar.show();
  }

  private async finish(run: ActiveRun, outcome: TrainingOutcome): Promise<void> {
    if (this.active === run) this.active = undefined;
    this.updateStatus();
    void vscode.commands.executeCommand('setContext', 'rnn.training', false);
    TrainingPanel.instance?.setTraining(false);
    const model = run.request.model;
    const runDir = outcome.runDir;
    const folderButton = runDir ? ['Open Run Folder'] : [];
    let choice: string | undefined;
    switch (outcome.status) {
      case 'completed':
      case 'early_stopped': {
        const final = outcome.result?.final ?? {};
        const shown = ['val_loss', 'loss'].filter((k) => final[k] !== undefined).map((k) => `${k} ${formatValue(final[k])}`).join(', ');
        choice = await vscode.window.showInformationMessage(`${model} trained${outcome.status === 'early_stopped' ? ' (stopped early)' : ''}${shown ? `: ${shown}` : ''}.`, 'Show Panel', ...folderButton);
        break;
      }
      case 'cancelled':
        choice = await vscode.window.showInformationMessage(`${model}: training stopped; the partial run is kept.`, ...folderButton);
        break;
      case 'failed':
        this.reportFailure(run, outcome.message ?? run.error?.message ?? 'training failed');
        choice = await vscode.window.showErrorMessage(`${model}: training failed: ${outcome.message ?? run.error?.message ?? 'unknown error'}`, 'Show Output', ...folderButton);
        break;
      case 'rejected':
        choice = await vscode.window.showErrorMessage(`${model}: not trained. ${outcome.message ?? ''}`, 'Show Problems');
        break;
      case 'crashed':
        this.output.error(`the training process crashed: ${outcome.message}`);
        choice = await vscode.window.showErrorMessage(`${model}: the training process crashed: ${outcome.message ?? ''}`, 'Show Output');
        break;
    }
    if (choice === 'Open Run Folder' && runDir) await revealFolder(runDir);
    else if (choice === 'Show Panel') this.showPanel();
    else if (choice === 'Show Output') this.output.show(true);
    else if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  /** A failed run's error becomes a diagnostic on the line it is about (the optimizer for NaN, the data for data errors). */
  private reportFailure(run: ActiveRun, message: string): void {
    const model = locateModels(run.request.text).find((m) => m.name === run.request.model);
    if (!model) return;
    const code = run.error?.code ?? 'training';
    const range = errorRange(model.decl, code);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
      `Training failed: ${message}`,
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'rnn training';
    diagnostic.code = code;
    this.diagnostics.set(run.uri, [diagnostic]);
  }
}
