import { describeImplementations, t, type StartEvent, type TrainEvent } from '../../core/src/shared';
import { severityWord } from './report';

const BAR_WIDTH = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const num = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

/**
 * Turns training events into terminal output: on a TTY one line per epoch
 * redrawn on every batch (a progress bar with loss and ETA), otherwise one
 * plain line per epoch so logs stay readable.
 */
export class ProgressPrinter {
  private epochs = 0;
  private stepsPerEpoch = 0;
  private epochStart = Date.now();
  private runStart = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly interactive = Boolean(out.isTTY),
  ) {}

  handle(event: TrainEvent): void {
    switch (event.type) {
      case 'start':
        this.epochs = event.epochs;
        this.stepsPerEpoch = event.stepsPerEpoch;
        this.runStart = this.epochStart = Date.now();
        this.out.write(startLine(event) + '\n');
        break;
      case 'batch':
        if (this.interactive && (Date.now() - this.lastDraw > 80 || event.batch === this.stepsPerEpoch)) {
          this.lastDraw = Date.now();
          this.drawBar(event.epoch, event.batch, event.loss);
        }
        break;
      case 'epoch':
        if (this.interactive) this.out.write('\r\x1b[K');
        this.out.write(this.epochLine(event) + '\n');
        this.epochStart = Date.now();
        break;
      case 'log':
        if (this.interactive) this.out.write('\r\x1b[K');
        this.out.write(`${severityWord(event.level)}: ${event.message}\n`);
        break;
      case 'error':
      case 'end':
        if (this.interactive) this.out.write('\r\x1b[K');
        break;
    }
  }

  private drawBar(epoch: number, batch: number, loss: number): void {
    const fraction = this.stepsPerEpoch > 0 ? batch / this.stepsPerEpoch : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsedEpoch = (Date.now() - this.epochStart) / 1000;
    const perBatch = batch > 0 ? elapsedEpoch / batch : NaN;
    const remainingBatches = this.stepsPerEpoch - batch + (this.epochs - epoch) * this.stepsPerEpoch;
    const eta = perBatch * remainingBatches;
    const counter = `${String(batch).padStart(String(this.stepsPerEpoch).length)}/${this.stepsPerEpoch}`;
    this.out.write(
      `\r\x1b[K${this.epochLabel(epoch)} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${counter}  loss ${num(loss)}  ${t('ETA {0}', formatDuration(eta))}`,
    );
  }

  private epochLabel(epoch: number): string {
    return t('Epoch {0}', `${String(epoch).padStart(String(this.epochs).length)}/${this.epochs}`);
  }

  private epochLine(event: Extract<TrainEvent, { type: 'epoch' }>): string {
    const parts = [this.epochLabel(event.epoch), t('{0}s', event.seconds.toFixed(1)), `loss ${num(event.loss)}`];
    for (const [name, value] of Object.entries(event.metrics)) if (!name.startsWith('val_')) parts.push(`${name} ${num(value)}`);
    if (event.val_loss !== undefined) parts.push(`val_loss ${num(event.val_loss)}`);
    for (const [name, value] of Object.entries(event.metrics)) if (name.startsWith('val_')) parts.push(`${name} ${num(value)}`);
    if (event.epoch < this.epochs) parts.push(t('ETA {0}', formatDuration(event.eta)));
    return parts.join('  ');
  }

  elapsedSeconds(): number {
    return (Date.now() - this.runStart) / 1000;
  }
}

/** The line that opens a run: model, backend, the fused kernels when a layer runs on them, seed, data and size. */
function startLine(event: StartEvent): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const values = {
    model: event.model,
    backend: event.backend,
    seed: event.seed,
    train: count(event.trainSamples),
    validation: count(event.validationSamples),
    params: count(event.totalParams),
  };
  const fused = [...new Set(event.implementations?.filter((id) => id.startsWith('fused-')) ?? [])];
  if (fused.length === 0) {
    return t('Training {model} on the {backend} backend, seed {seed}: {train} training / {validation} validation sequences, {params} parameters', values);
  }
  const kernels = describeImplementations(fused);
  return t(
    'Training {model} on the {backend} backend with {kernels}, seed {seed}: {train} training / {validation} validation sequences, {params} parameters',
    { ...values, kernels },
  );
}
