// One training at a time: picks the model (the language server lists them),
// forks the worker (which checks the spec), and once the worker accepts it
// shows its progress (status bar, cancellable notification, panel, output
// channel) and its end (notification, and a diagnostic where an error belongs).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readEvents, readSpecCopy, tryReadSummary, SPEC_FILE, type RunSweep } from '../../../core/src/run-store';
import type { EditorRange, EndEvent, EpochEvent, ModelInfo, StartEvent, TrainEvent } from '../../../core/src/shared';
import { readSettings, runsDirectoryFor } from '../config';
import type { RnnContext } from '../context';
import { TrainingPanel, type PanelActions } from '../panel/training-panel';
import { revealFolder } from '../history/reveal';
import { statusLabel } from '../history/status-label';
import { availableParallelism } from 'node:os';
import type { SpecDifference } from '../../../core/src/shared';
import { TrainingProcess } from './process-manager';
import { SweepTraining } from './sweep-training';
import { formatEta, formatValue } from './number-format';
import { formatProgress } from './progress-text';
import type { TrainingOutcome, TrainRequest } from './worker-protocol';
import { dataAccess } from './data-access';
import { predictWithRun } from '../commands/predict-run';
import type { PanelPrediction, PredictTarget } from '../panel/prediction';

/** What trains a run: one training process, or the processes of a sweep's trials. */
interface Training {
  stop(): void;
  readonly finished: Promise<TrainingOutcome>;
}

/** A sweep being trained: the panel draws its first trial and overlays the others live. */
interface SweepProgress {
  trials: number;
  done: number;
  /** Every event of each trial but the first, and its run's sweep entry once the run is created. */
  others: Map<number, { events: TrainEvent[]; runDir?: string; sweep?: RunSweep }>;
  first?: RunSweep;
}

interface ActiveRun {
  process: Training;
  sweep?: SweepProgress;
  request: TrainRequest;
  /** The model, or the file when it names none. */
  name: string;
  uri: vscode.Uri;
  /** The worker found the spec clean and began training; until then nothing is shown. */
  accepted: boolean;
  /** It continues a saved run (its spec is that run's copy, not a file to train again or mark). */
  resumed: boolean;
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
    this.statusBar.name = vscode.l10n.t('RNN Training');
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
    if (!(await this.mayStart())) return;
    const document = await this.documentFor(uri);
    if (!document) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a .rnn file to train one of its models.'));
      return;
    }
    if (document.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Save the file first: a run is saved next to it and its data paths are relative to it.'));
      return;
    }
    const chosen = await this.chooseModel(document, model);
    if (!chosen) return;
    this.start(document, chosen.model, chosen.trials);
  }

  /**
   * Continues the saved run in `runDir` from its last checkpoint in a new run
   * (as `rnn train --resume`), with the run's own copy of its spec, up to the
   * epoch count the user gives.
   */
  async resume(runDir: string): Promise<void> {
    if (!(await this.mayStart())) return;
    const read = tryReadSummary(runDir);
    const text = readSpecCopy(runDir);
    if (!read.ok || text === undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('RNN: cannot resume {0}: {1}', runDir, read.ok ? vscode.l10n.t('its copy of the spec, {0}, is missing', SPEC_FILE) : read.reason));
      return;
    }
    const { summary } = read;
    const planned = readEvents(runDir).find((e) => e.type === 'start')?.epochs ?? summary.epochs;
    const answer = await vscode.window.showInputBox({
      prompt: vscode.l10n.t('Train {0} up to which epoch? The run has trained {1}.', summary.model, summary.epochs),
      value: String(planned > summary.epochs ? planned : summary.epochs * 2),
      validateInput: (value) => (/^\d+$/.test(value.trim()) && Number(value) > summary.epochs ? undefined : vscode.l10n.t('A whole number above {0}', summary.epochs)),
    });
    if (answer === undefined) return;
    // Data paths are relative to the folder of the .rnn file the run was trained from.
    const specDir = summary.specDir !== undefined && existsSync(summary.specDir) ? summary.specDir : runDir;
    const file = join(specDir, SPEC_FILE);
    const settings = readSettings(vscode.Uri.file(file));
    const request: TrainRequest = {
      type: 'train', file, text, model: summary.model, runsDir: dirname(dirname(runDir)), backend: settings.backend, language: vscode.env.language,
      dataAccess: dataAccess(), memoryBudget: settings.memoryBudget, epochs: Number(answer), resume: runDir,
    };
    this.launch(request, summary.model, vscode.Uri.file(file), true);
  }

  /** Training is allowed (a trusted workspace) and nothing trains; otherwise says so and offers what helps. */
  private async mayStart(): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Training is disabled in an untrusted workspace: it reads data files and runs code. The language features still work.'), vscode.l10n.t('Manage Workspace Trust'));
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return false;
    }
    if (this.active) {
      const stopIt = vscode.l10n.t('Stop It');
      const showPanel = vscode.l10n.t('Show Panel');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is still training.', this.active.name), stopIt, showPanel);
      if (choice === stopIt) this.stop();
      else if (choice === showPanel) this.showPanel();
      return false;
    }
    return true;
  }

  stop(): void {
    if (!this.active) return;
    this.output.info(vscode.l10n.t('Stopping {0} after the current batch…', this.active.name));
    this.active.process.stop();
  }

  trainAgain(): void {
    if (this.last) void this.train(this.last.uri, this.last.model);
    else void this.train();
  }

  showPanel(): void {
    TrainingPanel.show(this.rnn, this, false);
  }

  /** Predict for a run the panel or the runs table names (the command's code, without its run picker). */
  predict(target: PredictTarget): Promise<PanelPrediction | undefined> {
    return predictWithRun(this.rnn, this, target);
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
  private async chooseModel(document: vscode.TextDocument, named?: string): Promise<{ model?: string; trials?: number } | undefined> {
    let models: ModelInfo[];
    try {
      models = await this.rnn.server.models(document);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('RNN: cannot list the models to train: {0}.', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    const withTrials = (info: ModelInfo | undefined) => ({ model: info?.name, trials: info?.trials });
    if (named !== undefined) return { model: named, trials: models.find((m) => m.name === named)?.trials };
    if (models.length <= 1) return withTrials(models[0]);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document) {
      const line = editor.selection.active.line;
      const under = models.find((m) => m.range.start.line <= line && line <= m.range.end.line);
      if (under) return withTrials(under);
    }
    const picked = await vscode.window.showQuickPick(models.map((m) => m.name), { placeHolder: vscode.l10n.t('Which model do you want to train?') });
    return picked === undefined ? undefined : withTrials(models.find((m) => m.name === picked));
  }

  /** Forks the worker; what the user sees of the run starts when the worker accepts the spec (see `begin`). */
  private start(document: vscode.TextDocument, model: string | undefined, trials?: number): void {
    const settings = readSettings(document.uri);
    const request: TrainRequest = {
      type: 'train', file: document.uri.fsPath, text: document.getText(), model,
      runsDir: runsDirectoryFor(document.uri), backend: settings.backend, language: vscode.env.language, dataAccess: dataAccess(),
      memoryBudget: settings.memoryBudget,
    };
    this.launch(request, model ?? vscode.workspace.asRelativePath(document.uri), document.uri, false, trials);
  }

  /** Forks the worker (one per trial, as many at once as there are cores, for a sweep); `resumed`: it continues a saved run. */
  private launch(request: TrainRequest, name: string, uri: vscode.Uri, resumed: boolean, trials?: number): void {
    const workerPath = this.rnn.extension.asAbsolutePath('dist/worker.js');
    const onOutput = (text: string) => { for (const line of text.split('\n')) if (line.trim()) this.output.info(`[worker] ${line}`); };
    const sweep: SweepProgress | undefined = trials && trials > 1 ? { trials, done: 0, others: new Map() } : undefined;
    const process: Training = sweep
      ? new SweepTraining(workerPath, request, sweep.trials, availableParallelism(), availableParallelism(), {
        onAccepted: () => this.begin(run),
        onEvent: (trial, event) => (trial === 1 ? this.onEvent(event) : this.onTrialEvent(run, trial, event)),
        onTrialEnd: (trial, outcome) => this.onTrialEnd(run, trial, outcome),
      })
      : new TrainingProcess(workerPath, request, { onAccepted: () => this.begin(run), onEvent: (event) => this.onEvent(event), onOutput });
    const run: ActiveRun = { process, sweep, request, name, uri, accepted: false, resumed };
    this.active = run;
    void process.finished.then((outcome) => this.finish(run, outcome));
  }

  private begin(run: ActiveRun): void {
    if (run.accepted || this.active !== run) return;
    run.accepted = true;
    const { request, name, uri } = run;
    this.diagnostics.delete(uri);
    if (!run.resumed) this.last = { uri, model: name };
    const panel = TrainingPanel.show(this.rnn, this);
    panel.beginRun(name, request.text);
    // A resumed run's curves start where its parent's stopped: drawn together, they read as one.
    if (request.resume) void panel.overlay(request.resume);
    panel.setTraining(true);
    this.output.info(vscode.l10n.t('Training {0} from {1} (backend: {2}, runs: {3})', name, vscode.workspace.asRelativePath(uri), request.backend, request.runsDir));
    void vscode.commands.executeCommand('setContext', 'rnn.training', true);
    this.updateStatus();
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification, cancellable: true,
        title: run.sweep ? vscode.l10n.t('Training {0} ({1} trials)', name, run.sweep.trials) : vscode.l10n.t('Training {0}', name),
      },
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
        this.output.info(vscode.l10n.t('{0}: {1} parameters, {2} training / {3} validation samples, backend {4}, seed {5}, run folder {6}',
          event.model, event.totalParams.toLocaleString('en-US'), event.trainSamples, event.validationSamples, event.backend, event.seed, event.runDir));
        break;
      case 'batch':
        run.lastLoss = event.loss;
        break;
      case 'epoch': {
        run.lastEpoch = event;
        const metrics = Object.entries(event.metrics).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ');
        const values = [`loss ${formatValue(event.loss)}`, ...(event.val_loss !== undefined ? [`val_loss ${formatValue(event.val_loss)}`] : []), ...(metrics ? [metrics] : [])].join(', ');
        this.output.info(vscode.l10n.t('epoch {0}/{1}: {2} ({3} s, ETA {4})', event.epoch, run.start?.epochs ?? '?', values, event.seconds.toFixed(1), formatEta(event.eta)));
        if (!run.sweep) run.reportProgress?.(formatProgress(run.start, event, run.lastLoss), run.start ? 100 / run.start.epochs : undefined);
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
        this.output.info(endLine(run.name, event));
        if (event.sample) this.output.info(vscode.l10n.t('generated sample:\n{0}', event.sample));
        break;
    }
    this.updateStatus();
  }

  /** A trial other than the first: overlaid on the panel, redrawn at each epoch and at its end. */
  private onTrialEvent(run: ActiveRun, trial: number, event: TrainEvent): void {
    const sweep = run.sweep!;
    const other = sweep.others.get(trial) ?? { events: [] };
    sweep.others.set(trial, other);
    other.events.push(event);
    if (event.type === 'start') {
      other.runDir = event.runDir;
      other.sweep = sweepOf(event.runDir);
    }
    sweep.first ??= run.start && sweepOf(run.start.runDir);
    if (event.type === 'log' && event.level === 'warning') this.output.warn(`#${trial}: ${event.message}`);
    if (event.type === 'error') this.output.error(`#${trial}: ${event.message} [${event.code}]`);
    if (event.type === 'end') this.output.info(endLine(`${run.name} #${trial}`, event));
    if (!other.runDir || (event.type !== 'start' && event.type !== 'epoch' && event.type !== 'end')) return;
    const label = other.sweep ? `#${trial} ${paramsText(other.sweep.params)}` : `#${trial}`;
    TrainingPanel.instance?.followTrial(other.runDir, label, [...other.events], differences(sweep.first?.params, other.sweep?.params));
  }

  private onTrialEnd(run: ActiveRun, trial: number, outcome: TrainingOutcome): void {
    const sweep = run.sweep!;
    sweep.done++;
    if (outcome.status === 'rejected' || outcome.status === 'crashed') this.output.error(`#${trial}: ${outcome.message ?? outcome.status}`);
    run.reportProgress?.(vscode.l10n.t('{0} of {1} trials done', sweep.done, sweep.trials), 100 / sweep.trials);
  }

  private updateStatus(): void {
    const run = this.active;
    if (!run?.accepted) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `$(sync~spin) ${run.name}: ${formatProgress(run.start, run.lastEpoch, run.lastLoss) || vscode.l10n.t('starting…')}`;
    this.statusBar.tooltip = vscode.l10n.t('RNN: training in progress. Click to show the training panel.');
    this.statusBar.show();
  }

  private async finish(run: ActiveRun, outcome: TrainingOutcome): Promise<void> {
    if (this.active === run) this.active = undefined;
    this.updateStatus();
    void vscode.commands.executeCommand('setContext', 'rnn.training', false);
    if (run.accepted) TrainingPanel.instance?.setTraining(false);
    const model = run.name;
    const runDir = outcome.runDir;
    const openFolder = vscode.l10n.t('Open Run Folder');
    const showPanel = vscode.l10n.t('Show Panel');
    const showOutput = vscode.l10n.t('Show Output');
    const showProblems = vscode.l10n.t('Show Problems');
    const folderButton = runDir ? [openFolder] : [];
    let choice: string | undefined;
    if (run.sweep && run.accepted) {
      const show = outcome.status === 'completed' || outcome.status === 'early_stopped'
        ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      choice = await show(vscode.l10n.t('{0}: {1}', model, outcome.message ?? ''), showPanel, showOutput);
      if (choice === showPanel) this.showPanel();
      else if (choice === showOutput) this.output.show(true);
      return;
    }
    switch (outcome.status) {
      case 'completed':
      case 'early_stopped': {
        const final = outcome.result?.final ?? {};
        const shown = ['val_loss', 'loss'].filter((k) => final[k] !== undefined).map((k) => `${k} ${formatValue(final[k])}`).join(', ');
        choice = await vscode.window.showInformationMessage(trainedMessage(model, outcome.status === 'early_stopped', shown), showPanel, ...folderButton);
        break;
      }
      case 'cancelled':
        choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0}: training stopped; the partial run is kept.', model), ...folderButton);
        break;
      case 'failed':
        this.reportFailure(run, outcome.message ?? run.error?.message ?? vscode.l10n.t('training failed'), outcome.errorRange);
        choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('{0}: training failed: {1}', model, outcome.message ?? run.error?.message ?? vscode.l10n.t('unknown error')), showOutput, ...folderButton);
        break;
      case 'rejected':
        if (outcome.errors) {
          const { count, first } = outcome.errors;
          for (const message of first) this.output.warn(vscode.l10n.t('not trained: {0}', message));
          const file = vscode.workspace.asRelativePath(run.uri);
          choice = await vscode.window.showErrorMessage(count === 1
            ? vscode.l10n.t('{0} has 1 error: fix it before training (see the Problems panel).', file)
            : vscode.l10n.t('{0} has {1} errors: fix them before training (see the Problems panel).', file, count), showProblems);
        } else {
          choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0}: not trained. {1}', model, outcome.message ?? ''), showProblems);
        }
        break;
      case 'crashed':
        this.output.error(vscode.l10n.t('the training process crashed: {0}', String(outcome.message)));
        choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0}: the training process crashed: {1}', model, outcome.message ?? ''), showOutput);
        break;
    }
    if (choice === openFolder && runDir) await revealFolder(runDir);
    else if (choice === showPanel) this.showPanel();
    else if (choice === showOutput) this.output.show(true);
    else if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  /** A failed run's error becomes a diagnostic where the worker says it belongs (the optimizer for NaN, the data for data errors). */
  private reportFailure(run: ActiveRun, message: string, range: EditorRange | undefined): void {
    if (!range) return;
    const code = run.error?.code ?? 'training';
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
      vscode.l10n.t('Training failed: {0}', message),
      vscode.DiagnosticSeverity.Error,
    );
    diagnostic.source = 'rnn training';
    diagnostic.code = code;
    this.diagnostics.set(run.uri, [diagnostic]);
  }
}

/** The sweep entry of a run's summary.json, once written. */
function sweepOf(runDir: string): RunSweep | undefined {
  const read = tryReadSummary(runDir);
  return read.ok ? read.summary.sweep : undefined;
}

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params).map(([path, value]) => `${path} ${JSON.stringify(value)}`).join(', ');
}

/** A trial's values against the first trial's, as the panel lists an overlay's differences. */
function differences(current: Record<string, unknown> | undefined, other: Record<string, unknown> | undefined): SpecDifference[] {
  if (!current || !other) return [];
  const keys = [...new Set([...Object.keys(current), ...Object.keys(other)])];
  return keys.flatMap((key) => {
    const [a, b] = [current[key], other[key]].map((value) => (value === undefined ? undefined : JSON.stringify(value)));
    return a === b ? [] : [{ key, ...(a !== undefined ? { current: a } : {}), ...(b !== undefined ? { other: b } : {}) }];
  });
}

/** "SineForecast trained (stopped early): val_loss 0.01234, loss 0.01111." */
function trainedMessage(model: string, stoppedEarly: boolean, shown: string): string {
  if (stoppedEarly) return shown ? vscode.l10n.t('{0} trained (stopped early): {1}.', model, shown) : vscode.l10n.t('{0} trained (stopped early).', model);
  return shown ? vscode.l10n.t('{0} trained: {1}.', model, shown) : vscode.l10n.t('{0} trained.', model);
}

/** The log line of a run's end: "SineForecast: early stopped after 12 epochs in 3 min 2 s (val_loss stopped improving)". */
function endLine(name: string, event: EndEvent): string {
  const status = statusLabel(event.status);
  const seconds = formatEta(event.seconds);
  const line = event.epochs === 1
    ? vscode.l10n.t('{0}: {1} after 1 epoch in {2}', name, status, seconds)
    : vscode.l10n.t('{0}: {1} after {2} epochs in {3}', name, status, event.epochs, seconds);
  return event.reason ? vscode.l10n.t('{0} ({1})', line, event.reason) : line;
}
