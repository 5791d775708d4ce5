// A deterministic stand-in for the insight probe (core/src/engine/insight/probe.ts,
// branch ins-probe), for tests of the recording around it: its figures come
// from the model's current weights and the probe batch, so they change as the
// model trains, repeat for the same weights and batch, and let a test tell
// epochs apart. It reads the model and the batch only (no tensor made, none left).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InsightProbe } from '../../core/src/engine/train/callbacks/insight';
import type { CellKind } from '../../core/src/shared';

const GATES: Record<CellKind, string[]> = { rnn: ['candidate'], gru: ['update', 'reset', 'candidate'], lstm: ['input', 'forget', 'cell', 'output'] };

/** The sum of every weight's absolute value: changes with every update. */
export function weightsFingerprint(model: LayersModel): number {
  return model.getWeights().reduce((sum, w) => sum + (w.dataSync() as Float32Array).reduce((a, v) => a + Math.abs(v), 0), 0);
}

/** One entry per layer of `units`, each as a probe of `cell` would give. */
export function fakeProbe(cell: CellKind, units: number[]): InsightProbe {
  return ({ model, data, batch, traced }) => {
    const fingerprint = weightsFingerprint(model);
    const steps = data.timesteps;
    const firstWeights = model.getWeights()[0].dataSync() as Float32Array;
    return units.map((count, layer) => {
      const gates = GATES[cell];
      const series = [...gates, ...(cell === 'lstm' ? ['cell'] : []), 'hidden'];
      const tracedX = batch.x.subarray(traced * steps * data.features, (traced + 1) * steps * data.features);
      return {
        layer: { layer, direction: 'forward' as const, cell, units: count, gates },
        norms: Array.from({ length: steps }, (_, t) => fingerprint * (layer + 1) * 10 ** (t - steps)),
        traces: series.map((name, s) => ({
          name,
          values: Float32Array.from({ length: steps * count }, (_, i) => tracedX[Math.floor(i / count) * data.features] + s + fingerprint / 1000),
        })),
        saturation: gates.map((gate, g) => ({ gate, low: 0.1 * g, high: batch.size / 1000 })),
        blocks: gates.flatMap((gate) => (['input', 'recurrent', 'bias'] as const).map((block) => ({
          block, gate, weights: firstWeights, gradients: firstWeights.map((v) => v * fingerprint),
        }))),
      };
    });
  };
}
