// One training at a time: picks the model (the language server lists them),
// forks the worker (which checks the spec), and once the worker accepts it
// shows its progress (status bar, cancellable notification, panel, output
// channel) and its end (notification, and a diagnostic where an error belongs).
import * as vscode from 'vscode';
import type { EditorRange, EpochEvent, ModelInfo, StartEvent, TrainEvent } from '../../../core/src/shared';
import { readSettings, runsDirectoryFor } from '../config';
import type { RnnContext } from '../context';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { revealFolder } from '../history/reveal';
import { TrainingProcess } from './process-manager';
import { formatEta, formatProgress, formatValue } from './progress-text';
import type { TrainingOutcome, TrainRequest } from './worker-protocol';

interface ActiveRun {
  process: TrainingProcess;
  request: TrainRequest;
  /** The model, or the file when it names none. */
  name: string;
  uri: vscode.Uri;
  /** The worker found the spec clean and began training; until then nothing is shown. */
  accepted: boolean;
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

  private readonly output: vscode.LogOutputChannel;

  constructor(private readonly rnn: RnnContext) {
    this.output = rnn.output;
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
      const choice = await vscode.window.showInformationMessage(`${this.active.name} is still training.`, 'Stop It', 'Show Panel');
      if (choice === 'Stop It') this.stop();
      else if (choice === 'Show Panel') this.showPanel();
      return;
    }
    const document = await this.documentFor(uri);
    if (!document) {
      void vscode.window.showErrorMessage('Open a .rnn file to train one of its models.');
      return;
    }
    if (document.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Save the file first: a run is saved next to it and its data paths are relative to it.');
      return;
    }
    const chosen = model !== undefined ? { model } : await this.chooseModel(document);
    if (!chosen) return;
    this.start(document, chosen.model);
  }

  stop(): void {
    if (!this.active) return;
    this.output.info(`Stopping ${this.active.name} after the current batch…`);
    this.active.process.stop();
  }

  trainAgain(): void {
    if (this.last) void this.train(this.last.uri, this.last.model);
    else void this.train();
  }

  showPanel(): void {
    TrainingPanel.show(this.rnn, this, false);
  }

  private async documentFor(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'rnn') return editor.document;
    return this.last ? vscode.workspace.openTextDocument(this.last.uri) : undefined;
  }

  /**
   * The model under the cursor, the only one, or one the user picks; `{ model: undefined }` when the
   * file names none (the worker then reports why); undefined when the user cancels or the server cannot answer.
   */
  private async chooseModel(document: vscode.TextDocument): Promise<{ model?: string } | undefined> {
    let models: ModelInfo[];
    try {
      models = await this.rnn.server.models(document);
    } catch (error) {
      void vscode.window.showErrorMessage(`RNN: cannot list the models to train: ${error instanceof Error ? error.message : String(error)}.`);
      return undefined;
    }
    if (models.length <= 1) return { model: models[0]?.name };
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document) {
      const line = editor.selection.active.line;
      const under = models.find((m) => m.range.start.line <= line && line <= m.range.end.line);
      if (under) return { model: under.name };
    }
    const picked = await vscode.window.showQuickPick(models.map((m) => m.name), { placeHolder: 'Which model do you want to train?' });
    return picked === undefined ? undefined : { model: picked };
  }

  /** Forks the worker; what the user sees of the run starts when the worker accepts the spec (see `begin`). */
  private start(document: vscode.TextDocument, model: string | undefined): void {
    const settings = readSettings(document.uri);
    const request: TrainRequest = {
      type: 'train', file: document.uri.fsPath, text: document.getText(), model,
      runsDir: runsDirectoryFor(document.uri), backend: settings.backend,
    };
    const process = new TrainingProcess(this.rnn.extension.asAbsolutePath('dist/worker.js'), request, {
      onAccepted: () => this.begin(run),
      onEvent: (event) => this.onEvent(event),
      onOutput: (text) => { for (const line of text.split('\n')) if (line.trim()) this.output.info(`[worker] ${line}`); },
    });
    const run: ActiveRun = { process, request, name: model ?? vscode.workspace.asRelativePath(document.uri), uri: document.uri, accepted: false };
    this.active = run;
    void process.finished.then((outcome) => this.finish(run, outcome));
  }

  private begin(run: ActiveRun): void {
    if (run.accepted || this.active !== run) return;
    run.accepted = true;
    const { request, name, uri } = run;
    this.diagnostics.delete(uri);
    this.last = { uri, model: name };
    const panel = TrainingPanel.show(this.rnn, this);
    panel.beginRun(name, request.text);
    panel.setTraining(true);
    this.output.info(`Training ${name} from ${vscode.workspace.asRelativePath(uri)} (backend: ${request.backend}, runs: ${request.runsDir})`);
    void vscode.commands.executeCommand('setContext', 'rnn.training', true);
    this.updateStatus();
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Training ${name}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        run.reportProgress = (message, increment) => progress.report({ message, increment });
        return run.process.finished;
      },
    );
  }

  private onEvent(event: TrainEvent): void {
    const run = this.active;
    if (!run) return;
    // A worker that speaks before saying it accepted the spec has accepted it.
    this.begin(run);
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
        this.output.info(`${run.name}: ${event.status.replace('_', ' ')} after ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} in ${formatEta(event.seconds)}${event.reason ? ` (${event.reason})` : ''}`);
        if (event.sample) this.output.info(`generated sample:\n${event.sample}`);
        break;
    }
    this.updateStatus();
  }

  private updateStatus(): void {
    const run = this.active;
    if (!run?.accepted) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `$(sync~spin) ${run.name}: ${formatProgress(run.start, run.lastEpoch, run.lastLoss) || 'starting…'}`;
    this.statusBar.tooltip = 'RNN: training in progress. Click to show the training panel.';
    this.statusBar.show();
  }

  private async finish(run: ActiveRun, outcome: TrainingOutcome): Promise<void> {
    if (this.active === run) this.active = undefined;
    this.updateStatus();
    void vscode.commands.executeCommand('setContext', 'rnn.training', false);
    if (run.accepted) TrainingPanel.instance?.setTraining(false);
    const model = run.name;
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
        this.reportFailure(run, outcome.message ?? run.error?.message ?? 'training failed', outcome.errorRange);
        choice = await vscode.window.showErrorMessage(`${model}: training failed: ${outcome.message ?? run.error?.message ?? 'unknown error'}`, 'Show Output', ...folderButton);
        break;
      case 'rejected':
        if (outcome.errors) {
          const { count, first } = outcome.errors;
          for (const message of first) this.output.warn(`not trained: ${message}`);
          const file = vscode.workspace.asRelativePath(run.uri);
          choice = await vscode.window.showErrorMessage(`${file} has ${count} error${count === 1 ? '' : 's'}: fix ${count === 1 ? 'it' : 'them'} before training (see the Problems panel).`, 'Show Problems');
        } else {
          choice = await vscode.window.showErrorMessage(`${model}: not trained. ${outcome.message ?? ''}`, 'Show Problems');
        }
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

  /** A failed run's error becomes a diagnostic where the worker says it belongs (the optimizer for NaN, the data for data errors). */
  private reportFailure(run: ActiveRun, message: string, range: EditorRange | undefined): void {
    if (!range) return;
    const code = run.error?.code ?? 'training';
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
