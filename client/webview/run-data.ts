// Accumulates one run's training events into columns ready for charting.
// Appending is O(1) per event so a fast run never makes the panel copy arrays.
import { InsightData } from './insight/insight-data';
import { trainEventSchema, type EndEvent, type EpochEvent, type ErrorEvent, type LogEvent, type StartEvent, type TrainEvent } from '../../core/src/shared';

export class RunData {
  start?: StartEvent;
  end?: EndEvent;
  /** Per-batch columns: global step, fractional epoch, loss. */
  readonly batchStep: number[] = [];
  readonly batchEpoch: number[] = [];
  readonly batchLoss: number[] = [];
  readonly epochs: EpochEvent[] = [];
  readonly messages: (LogEvent | ErrorEvent)[] = [];
  /** The recordings of the recurrent layers' inside (insight events). */
  readonly insight = new InsightData();
  /** Events left out because a field the panel reads was missing or of the wrong kind (a damaged metrics.jsonl). */
  skipped = 0;
  /** The host judged the run's process gone before it wrote its end (a replay): shown as interrupted, not running. */
  interrupted = false;

  constructor(readonly label: string) {}

  add(received: TrainEvent): void {
    // The run store's own validators (core/src/shared/run-schema.ts): an event
    // with a missing or mistyped field is counted and left out, never thrown on.
    const parsed = trainEventSchema.safeParse(received);
    if (!parsed.success) {
      this.skipped++;
      return;
    }
    const event = parsed.data;
    switch (event.type) {
      case 'start':
        this.start = event;
        break;
      case 'batch': {
        const perEpoch = this.start?.stepsPerEpoch || event.batch;
        this.batchStep.push(event.step);
        this.batchEpoch.push(event.epoch - 1 + event.batch / perEpoch);
        this.batchLoss.push(event.loss);
        break;
      }
      case 'epoch':
        this.epochs.push(event);
        break;
      case 'log':
      case 'error':
        this.messages.push(event);
        break;
      case 'end':
        this.end = event;
        break;
      case 'insight':
        this.insight.add(event.record);
        break;
    }
  }

  addAll(events: readonly TrainEvent[]): void {
    for (const event of events) this.add(event);
  }

  /** The metric besides the loss ("mae" or "accuracy"), from the start event or the first epoch. */
  get metric(): string | undefined {
    if (this.start) return this.start.metric;
    const first = this.epochs[0];
    return first ? Object.keys(first.metrics).find((k) => !k.startsWith('val_')) : undefined;
  }

  get status(): 'running' | EndEvent['status'] | 'waiting' | 'interrupted' {
    if (this.end) return this.end.status;
    if (this.interrupted) return 'interrupted';
    return this.start ? 'running' : 'waiting';
  }

  get lastEpoch(): EpochEvent | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /** Metric names present in the epoch events, e.g. ["mae", "val_mae"]. */
  metricNames(): string[] {
    const names = new Set<string>();
    for (const e of this.epochs) for (const k of Object.keys(e.metrics)) names.add(k);
    return [...names];
  }
}
