// The insight recording of issue #10 (shared/insight.ts), with
// `train { insight: true }` (the default): before the first batch and after
// every epoch, the probe (engine/insight/probe.ts) measures the recurrent
// layers on a fixed probe batch, and this callback turns what it measured into
// records: the gradient's norm through time, the gates and states of the
// traced sequence, gate saturation, and weight and gradient histograms. Each
// record goes to the panel as an `insight` event and is appended to the run's
// insight.jsonl; traces are thinned to stay within a byte budget
// (insight/trace-plan.ts). The histograms also go to TensorBoard through a
// sink. Like TensorBoard's files, the recording is a side output: a probe that
// fails is a warning, once, and the run trains on without it.
import { endianness } from 'node:os';
import type { LayerProbe, ProbeRequest } from '../../insight/probe';
import { probeRecurrentLayers } from '../../insight/probe';
import { drawProbeBatch, tracedInput, type ProbeBatch } from '../../insight/probe-batch';
import { histogramOf, type HistogramStats } from '../../insight/histogram-bins';
import { TracePlan } from '../../insight/trace-plan';
import { INSIGHT_PROBE_WINDOWS } from '../../../run-store';
import { encodeFloat32, t, type InsightDirection, type InsightRecord, type InsightTraceRecord } from '../../../shared';
import { lossFunction, type LossFunction } from '../losses';
import type { Callback, EpochLogs, RunContext, TrainingContext } from './callback';

export type InsightProbe = (request: ProbeRequest) => LayerProbe[];

/** Where the histograms go besides the records (TensorBoard), with the count and sums the records leave out. */
export interface InsightHistogramSink {
  addInsightHistograms(
    run: RunContext,
    epoch: number,
    layer: { layer: number; direction: InsightDirection },
    histograms: { of: 'weights' | 'gradients'; block: 'input' | 'recurrent' | 'bias'; gate: string; stats: HistogramStats }[],
  ): void;
}

export interface InsightOptions {
  /** The probe (default: probeRecurrentLayers); tests give a deterministic one. */
  probe?: InsightProbe;
  /** Bytes of traces insight.jsonl may hold (default INSIGHT_TRACE_BUDGET). */
  traceBudget?: number;
  histogramSink?: InsightHistogramSink;
}

/** Gradient norms and saturation fractions keep float32's precision: about half the characters of a double in JSON. */
const float32Digits = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(7)) : value);

/**
 * encodeFloat32's text, a hundred times faster: on a little-endian host (every one Node runs on in practice) the
 * array's own bytes are the format's, and Buffer encodes them natively; shared/insight.ts's encoder works everywhere
 * (the webview included) and stays the definition.
 */
export function traceData(values: Float32Array): string {
  return endianness() === 'LE' ? Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') : encodeFloat32(values);
}

export class InsightRecorder implements Callback {
  private readonly probe: InsightProbe;
  private probeBatch?: ProbeBatch & { steps: number };
  private loss?: LossFunction;
  private plan?: TracePlan;
  /** Epochs whose traces were written. */
  private readonly traced = new Set<number>();
  /** Set when the probe failed: nothing more is recorded. */
  private stopped = false;

  constructor(private readonly options: InsightOptions = {}) {
    this.probe = options.probe ?? probeRecurrentLayers;
  }

  onTrainBegin(run: TrainingContext): void {
    const { data } = run.setup;
    // No larger than a training batch: the probe's forward and backward pass then fits the memory the run's budget counts.
    const windows = Math.min(INSIGHT_PROBE_WINDOWS, run.spec.train.batch_size);
    const probeBatch = { ...drawProbeBatch(data, run.seed, run.spec.train.insight_sample, windows), steps: data.timesteps };
    this.probeBatch = probeBatch;
    this.loss = lossFunction(run.spec.loss, data.targets);
    if (probeBatch.outOfRange) {
      const { requested, available } = probeBatch.outOfRange;
      run.log('warning', probeBatch.part === 'validation'
        ? t('train.insight_sample is {0}, but the validation part has {1} sequences (0 to {2}); tracing sequence 0', requested, available, available - 1)
        : t('train.insight_sample is {0}, but the training part (there is no validation part) has {1} sequences (0 to {2}); tracing sequence 0',
          requested, available, available - 1));
    }
    const probes = this.measure(run);
    if (!probes) return;
    this.append(run, {
      kind: 'probe',
      layers: probes.map((p) => p.layer),
      steps: data.timesteps,
      batchSize: probeBatch.batch.size,
      sample: probeBatch.sample,
      ...tracedInput(data, probeBatch.batch, probeBatch.traced),
    });
    // 0 at initialisation; a resumed run starts from its parent's last epoch, which it records again as its own start.
    const first = run.history.epochs;
    const traceBytes = this.record(run, first, probes, true);
    this.plan = new TracePlan(first, run.epochs, traceBytes, this.options.traceBudget);
  }

  onEpochEnd(run: TrainingContext, logs: EpochLogs): void {
    if (!this.plan) return;
    const probes = this.measure(run);
    if (probes) this.record(run, logs.epoch, probes, this.plan.keeps(logs.epoch));
  }

  /** Early stopping put back an earlier epoch's weights: the run ends with them, so their trace is kept too. */
  onTrainEnd(run: TrainingContext): void {
    const epoch = run.history.weightsEpoch;
    if (!this.plan || this.traced.has(epoch)) return;
    const probes = this.measure(run);
    if (probes) for (const record of this.traces(epoch, probes)) this.append(run, record);
    this.traced.add(epoch);
  }

  private measure(run: TrainingContext): LayerProbe[] | undefined {
    if (this.stopped) return undefined;
    const { batch, traced } = this.probeBatch!;
    try {
      return this.probe({ model: run.setup.model, data: run.setup.data, batch, traced, loss: this.loss! });
    } catch (error) {
      this.stopped = true;
      this.plan = undefined;
      run.log('warning', t('stopped recording insight (gradients and gates): {0}', (error as Error).message));
      return undefined;
    }
  }

  /** The epoch's records, layer by layer; the bytes of its trace lines (0 when `withTrace` is false). */
  private record(run: TrainingContext, epoch: number, probes: LayerProbe[], withTrace: boolean): number {
    const traces = withTrace ? this.traces(epoch, probes) : [];
    let traceBytes = 0;
    probes.forEach((probe, i) => {
      const { layer, direction } = probe.layer;
      this.append(run, { kind: 'gradients', epoch, layer, direction, norms: probe.norms.map(float32Digits) });
      // A later epoch's number is a few digits longer than the first's: counted generously, so the budget holds.
      if (withTrace) traceBytes += this.append(run, traces[i]) + 16;
      this.append(run, {
        kind: 'saturation', epoch, layer, direction,
        gates: probe.saturation.map(({ gate, low, high }) => ({ gate, low: float32Digits(low), high: float32Digits(high) })),
      });
      const histograms = probe.blocks.flatMap(({ block, gate, weights, gradients }) => [
        { of: 'weights' as const, block, gate, stats: histogramOf(weights) },
        { of: 'gradients' as const, block, gate, stats: histogramOf(gradients) },
      ]);
      this.append(run, {
        kind: 'histograms', epoch, layer, direction,
        histograms: histograms.map(({ of, block, gate, stats: { min, max, counts } }) => ({ of, block, gate, min, max, counts })),
      });
      this.options.histogramSink?.addInsightHistograms(run, epoch, { layer, direction }, histograms);
    });
    if (withTrace) this.traced.add(epoch);
    return traceBytes;
  }

  private traces(epoch: number, probes: LayerProbe[]): InsightTraceRecord[] {
    const steps = this.probeBatch!.steps;
    return probes.map(({ layer: { layer, direction, units }, traces }) => ({
      kind: 'trace', epoch, layer, direction, steps, units,
      series: traces.map(({ name, values }) => ({ name, data: traceData(values) })),
    }));
  }

  /** Appends `record` to insight.jsonl and sends it as an event; the bytes of its line. */
  private append(run: RunContext, record: InsightRecord): number {
    const bytes = run.writer.appendInsight(record);
    run.emit({ type: 'insight', record, time: Date.now() });
    return bytes;
  }
}
