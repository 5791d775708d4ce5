// The computation behind insight (issue #10): one forward and backward pass
// of the training loss over the probe batch, in inference mode, that reads out
// what a loss curve hides: ||dL/dh_t|| at every step of every recurrent layer,
// the gates and states of one traced sequence, gate saturation and the
// weights and their gradients per block and gate. Layers on the fused kernels
// give the state gradients and activations their passes compute anyway
// (fused-op.ts' capture); the others are stepped by hand (stepped-cell.ts).
// The recording callback, the file and the views are elsewhere.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { Batch, Dataset } from '../../language';
import { t, type InsightLayer } from '../../shared';
import type { LossFunction } from '../train/losses';
import { batchTensors } from '../train/batches';
import { batchLoss } from '../train/batch-loss';
import { weightBlocks } from '../compile/gates';
import type { FusedPassCapture } from '../kernels/fused-op';
import { recurrentLayersOf, type RecurrentDirection, type RecurrentLayer } from './recurrent-layers';
import { stepSequence } from './stepped-cell';

export interface ProbeRequest {
  /** The run's model as trained (fused kernels, gated cells or tfjs layers); run in inference mode (no dropout). */
  model: LayersModel;
  /** As trainStep gets it (targets kind, masks, every-step targets). */
  data: Dataset;
  /** The probe windows. */
  batch: Batch;
  /** Index within `batch` of the one sequence whose gates and states are traced. */
  traced: number;
  /** lossFunction(spec.loss, data.targets), the training loss. */
  loss: LossFunction;
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

/** Thresholds of Karpathy et al. 2015's saturation plot. */
const LOW = 0.1;
const HIGH = 0.9;

/**
 * One entry per recurrent layer and direction, first layer first. Changes no weight, draws from no run generator,
 * leaks no tensor.
 *
 * `layer.gates` are the layer's weight blocks in tfjs order, the candidate named "candidate" (an rnn has only that
 * block, and its candidate is its state); saturation covers the gates proper (not the candidate) over the real
 * steps of every window. A padded step's norm is that of the gradient of the state it carries.
 */
export function probeRecurrentLayers(request: ProbeRequest): LayerProbe[] {
  return probeLayers(request);
}

export interface ProbeOptions {
  /** Step layers on the fused kernels by hand too (the tests compare both ways on the same weights). */
  stepFused?: boolean;
}

/** One direction's part of the pass: a fused capture, or the stepped perturbations and series. */
interface DirectionPass {
  direction: RecurrentDirection;
  capture?: FusedPassCapture;
  perturbations: tf.Tensor[];
  series?: { name: string; values: tf.Tensor }[];
}

export function probeLayers(request: ProbeRequest, options: ProbeOptions = {}): LayerProbe[] {
  const { model, data, batch, traced, loss } = request;
  if (!(Number.isInteger(traced) && traced >= 0 && traced < batch.size)) {
    throw new Error(t('the sequence to trace, {0}, is not one of the {1} sequences of the probe batch', traced, batch.size));
  }
  const layers = recurrentLayersOf(model);
  const steps = data.timesteps;
  const passes = new Map<RecurrentLayer, DirectionPass[]>(
    layers.map((layer) => [
      layer,
      layer.directions.map((direction) =>
        direction.fused && !options.stepFused
          ? { direction, capture: {}, perturbations: [] }
          : { direction, perturbations: Array.from({ length: steps }, () => tf.zeros([batch.size, direction.units])) },
      ),
    ]),
  );
  const all = [...passes.values()].flat();
  const perturbations = all.flatMap((p) => p.perturbations);
  const weights = all.flatMap((p) => weightTensors(p.direction));
  const tensors = batchTensors(batch, data);
  try {
    const runLayer = (layer: Layer, input: tf.Tensor, kwargs: Kwargs): tf.Tensor => {
      const recurrent = layers.find((l) => l.modelLayer === layer);
      if (!recurrent) return layer.apply(input, kwargs) as tf.Tensor;
      const mask = kwargs['mask'] as tf.Tensor | undefined;
      const outputs = passes.get(recurrent)!.map((pass) => runDirection(pass, input, mask));
      if (outputs.length === 1) return outputs[0];
      const [forward, backward] = outputs;
      return tf.concat([forward, recurrent.directions[1].returnSequences ? tf.reverse(backward, 1) : backward], -1);
    };
    const { grads, value } = tf.valueAndGrads(() => batchLoss(model, tensors, false, loss, undefined, runLayer).loss)([...perturbations, ...weights]);
    value.dispose();
    try {
      let next = 0;
      const stateGradients = new Map<DirectionPass, tf.Tensor[]>();
      for (const pass of all) {
        stateGradients.set(pass, grads.slice(next, next + pass.perturbations.length));
        next += pass.perturbations.length;
      }
      return all.map((pass) => {
        const weightGrads = grads.slice(next, next + weightTensors(pass.direction).length);
        next += weightGrads.length;
        return describePass(pass, stateGradients.get(pass)!, weightGrads, batch, traced, steps);
      });
    } finally {
      tf.dispose(grads);
    }
  } finally {
    tf.dispose([tensors.x, tensors.y, ...(tensors.mask ? [tensors.mask] : []), ...perturbations]);
    for (const pass of all) if (pass.series) tf.dispose(pass.series.map((s) => s.values));
  }
}

/** The weights whose gradients the probe reports: kernel, recurrent kernel, bias (when there is one). */
function weightTensors(direction: RecurrentDirection): tf.Tensor[] {
  return [direction.kernel, direction.recurrentKernel, ...(direction.bias ? [direction.bias] : [])].map((w) => w.read());
}

function runDirection(pass: DirectionPass, input: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
  const { direction } = pass;
  if (pass.capture) return direction.fused!.callCapturing(input, { training: false, ...(mask ? { mask } : {}) }, pass.capture);
  const inOrder = (t: tf.Tensor) => (direction.goBackwards ? tf.reverse(t, 1) : t);
  const stepped = stepSequence(direction, inOrder(input), mask && inOrder(tf.cast(mask, 'float32')), pass.perturbations);
  pass.series = stepped.series;
  return stepped.output;
}

/**
 * One series in processing order, read in place: unit u of window b at step p is
 * values[(p * batch + b) * stride + offset + u] (the kernels' gate blocks are
 * strided rows of their cache; nothing is copied).
 */
interface SeriesView {
  values: Float32Array;
  stride: number;
  offset: number;
}

function seriesOf(pass: DirectionPass): Map<string, SeriesView> {
  const { direction } = pass;
  const units = direction.units;
  const plain = (values: Float32Array): SeriesView => ({ values, stride: units, offset: 0 });
  if (pass.series) return new Map(pass.series.map((s) => [s.name, plain(s.values.dataSync() as Float32Array)]));
  const activations = pass.capture!.activations;
  if (!activations) throw new Error(`insight: the fused ${direction.cell} layer kept no activations`);
  const series = new Map<string, SeriesView>();
  const all = weightBlocks(direction.cell);
  // The kernels keep every block of the full layout, a missing gate as its constant: the stored ones are read.
  if (activations.blocks) {
    for (const block of direction.blocks) series.set(block, { values: activations.blocks, stride: all.length * units, offset: all.indexOf(block) * units });
  } else {
    series.set('candidate', plain(activations.hidden));
  }
  if (activations.cell) series.set('cell', plain(activations.cell));
  series.set('hidden', plain(activations.hidden));
  return series;
}

/** Per step in processing order: Σ over batch and units of (dL/dh_t)². */
function stateGradientSquares(pass: DirectionPass, stateGradients: tf.Tensor[]): Float64Array {
  if (pass.capture) {
    const squares = pass.capture.stateGradientSquares;
    if (!squares) throw new Error(`insight: the fused ${pass.direction.cell} layer's backward pass gave no state gradients`);
    return squares;
  }
  return Float64Array.from(stateGradients, (gradient) => {
    let sum = 0;
    for (const value of gradient.dataSync()) sum += value * value;
    return sum;
  });
}

function describePass(pass: DirectionPass, stateGradients: tf.Tensor[], weightGrads: tf.Tensor[], batch: Batch, traced: number, steps: number): LayerProbe {
  const { direction } = pass;
  const backward = direction.direction === 'backward';
  /** The processing step of input step t. */
  const processed = (t: number) => (backward ? steps - 1 - t : t);
  const squares = stateGradientSquares(pass, stateGradients);
  const norms = Array.from({ length: steps }, (_, t) => Math.sqrt(squares[processed(t)]));
  const series = seriesOf(pass);
  const units = direction.units;
  const names = [...direction.blocks, ...(direction.cell === 'lstm' ? ['cell'] : []), 'hidden'];
  const traces = names.map((name) => {
    const { values: all, stride, offset } = series.get(name)!;
    const values = new Float32Array(steps * units);
    for (let t = 0; t < steps; t++) {
      const from = (processed(t) * batch.size + traced) * stride + offset;
      values.set(all.subarray(from, from + units), t * units);
    }
    return { name, values };
  });
  const saturation = direction.computed.map((gate) => {
    const { values: all, stride, offset } = series.get(gate)!;
    let low = 0;
    let high = 0;
    let count = 0;
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < batch.size; b++) {
        if (batch.mask && batch.mask[b * steps + t] === 0) continue;
        const from = (processed(t) * batch.size + b) * stride + offset;
        for (let u = from; u < from + units; u++) {
          const value = all[u];
          if (value < LOW) low++;
          else if (value > HIGH) high++;
        }
        count += units;
      }
    }
    return { gate, low: count ? low / count : 0, high: count ? high / count : 0 };
  });
  const [kernel, recurrentKernel, bias] = weightTensors(direction).map((w) => w.dataSync() as Float32Array);
  const [dKernel, dRecurrent, dBias] = weightGrads.map((g) => g.dataSync() as Float32Array);
  const width = direction.blocks.length * units;
  const columns = (matrix: Float32Array, k: number) => {
    const rows = matrix.length / width;
    const out = new Float32Array(rows * units);
    for (let r = 0; r < rows; r++) out.set(matrix.subarray(r * width + k * units, r * width + (k + 1) * units), r * units);
    return out;
  };
  const blocks = direction.blocks.flatMap((gate, k) => [
    { block: 'input' as const, gate, weights: columns(kernel, k), gradients: columns(dKernel, k) },
    { block: 'recurrent' as const, gate, weights: columns(recurrentKernel, k), gradients: columns(dRecurrent, k) },
    ...(bias ? [{ block: 'bias' as const, gate, weights: columns(bias, k), gradients: columns(dBias, k) }] : []),
  ]);
  const layer: InsightLayer = { layer: direction.layer, direction: direction.direction, cell: direction.cell, units, gates: [...direction.blocks] };
  return { layer, norms, traces, saturation, blocks };
}
