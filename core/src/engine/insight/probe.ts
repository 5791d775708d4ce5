// The probe of issue #10: gradients through time, gates and states, saturation
// and weight/gradient blocks of every recurrent layer on a probe batch. Owned
// by branch ins-probe; this file holds only the contract so that the insight
// callback (train/callbacks/insight.ts) compiles and its tests can inject a
// probe of their own. The lead replaces it with ins-probe's at merge.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, Dataset } from '../../language';
import type { InsightLayer } from '../../shared';
import type { LossFunction } from '../train/losses';

export interface ProbeRequest {
  model: LayersModel;      // the run's model as trained (fused kernels, gated cells or tfjs layers); run in inference mode (no dropout)
  data: Dataset;           // as trainStep gets it (targets kind, masks, every-step targets)
  batch: Batch;            // the probe windows
  traced: number;          // index within `batch` of the one sequence whose gates and states are traced
  loss: LossFunction;      // lossFunction(spec.loss, data.targets), the training loss
}
export interface LayerProbe {
  layer: InsightLayer;
  /** ||dL/dh_t||, t = 0..T-1 in input order (InsightGradientsRecord.norms). */
  norms: number[];
  /** The traced sequence: each gate in layer.gates order, then "cell" (lstm only), then "hidden"; steps x units row-major. */
  traces: { name: string; values: Float32Array }[];
  /** Over the whole probe batch: fraction of each gate's activations < 0.1 and > 0.9. */
  saturation: { gate: string; low: number; high: number }[];
  /** The layer's weights split per block and gate, and dL/dW on the probe batch (same split), for histograms. */
  blocks: { block: 'input' | 'recurrent' | 'bias'; gate: string; weights: Float32Array; gradients: Float32Array }[];
}
/** One entry per recurrent layer and direction, first layer first. Changes no weight, draws from no run generator, leaks no tensor. */
export function probeRecurrentLayers(request: ProbeRequest): LayerProbe[] {
  void request;
  throw new Error('probe: arrives with branch ins-probe');
}
