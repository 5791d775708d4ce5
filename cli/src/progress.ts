import { describeImplementations, type TrainEvent } from '../../core/src/shared';

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
        this.out.write(
          `Training ${event.model} on the ${event.backend} backend${fusedNote(event.implementations)}, seed ${event.seed}: ` +
            `${event.trainSamples.toLocaleString('en-US')} training / ${event.validationSamples.toLocaleString('en-US')} validation sequences, ` +
            `${event.totalParams.toLocaleString('en-US')} parameters\n`,
        );
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
        this.out.write(`${event.level}: ${event.message}\n`);
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
      `\r\x1b[KEpoch ${this.epochLabel(epoch)} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${counter}  loss ${num(loss)}  ETA ${formatDuration(eta)}`,
    );
  }

  private epochLabel(epoch: number): string {
    return `${String(epoch).padStart(String(this.epochs).length)}/${this.epochs}`;
  }

  private epochLine(event: Extract<TrainEvent, { type: 'epoch' }>): string {
    const parts = [`Epoch ${this.epochLabel(event.epoch)}`, `${event.seconds.toFixed(1)}s`, `loss ${num(event.loss)}`];
    for (const [name, value] of Object.entries(event.metrics)) if (!name.startsWith('val_')) parts.push(`${name} ${num(value)}`);
    if (event.val_loss !== undefined) parts.push(`val_loss ${num(event.val_loss)}`);
    for (const [name, value] of Object.entries(event.metrics)) if (name.startsWith('val_')) parts.push(`${name} ${num(value)}`);
    if (event.epoch < this.epochs) parts.push(`ETA ${formatDuration(event.eta)}`);
    return parts.join('  ');
  }

  elapsedSeconds(): number {
    return (Date.now() - this.runStart) / 1000;
  }
}

/** " with native fused kernels" when a layer runs on them. */
function fusedNote(implementations: string[] | undefined): string {
  const fused = implementations?.filter((id) => id.startsWith('fused-')) ?? [];
  return fused.length ? ` with ${describeImplementations(fused)}` : '';
}
