// The last-step output layer of a regression model (a linear Dense) with its
// loss and metric as one differentiable op, computed on plain arrays. Through
// tfjs they were about 25 small ops a batch (the multiply, the loss, the
// metric, their gradients, and the clones tfjs's tape keeps of each op's
// inputs), which around the fused kernels cost more than the arithmetic: a
// 64-unit batch multiplies 64x64 by 64x1 (docs/performance.md, issue 15).
// The values are tfjs's (losses.ts), including the gradients tfjs gives at
// the kinks: |e| is differentiated as +1 for e > 0 and -1 otherwise, and the
// huber loss's min(|e|, 1) passes its gradient while |e| <= 1. Models this
// does not describe (other activations, classification, every-step outputs)
// go through tfjs as before.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '../../language';

const LOSSES = ['mse', 'mae', 'huber'] as const;
type RegressionLoss = (typeof LOSSES)[number];

export interface RegressionHead {
  /**
   * The batch's loss from the last recurrent layer's output `hidden`
   * [batch, units] and the targets [batch, outputs]: a scalar differentiable
   * with respect to `hidden` and the output layer's weights, with its value and
   * the metric (mae) as numbers, so the step reads nothing back.
   */
  loss(hidden: tf.Tensor, targets: Float32Array): { loss: tf.Scalar; value: number; metric: number };
}

interface DenseLike {
  getClassName(): string;
  getConfig(): { activation?: unknown; useBias?: boolean };
  trainableWeights: { read(): tf.Tensor; shape: number[] }[];
}

/** The head of `model` when its output layer, loss and data are what it computes; otherwise undefined (the step uses tfjs). */
export function regressionHead(model: LayersModel, loss: string, data: Dataset): RegressionHead | undefined {
  const output = model.layers[model.layers.length - 1] as unknown as DenseLike;
  const config = output.getConfig();
  const lastStep = data.targetSteps !== 'every_step';
  if (data.task !== 'regression' || data.targets !== 'dense' || !lastStep || !(LOSSES as readonly string[]).includes(loss)) return undefined;
  if (output.getClassName() !== 'Dense' || config.activation !== 'linear' || config.useBias === false) return undefined;
  const [kernel, bias] = output.trainableWeights;
  if (!kernel || !bias || kernel.shape.length !== 2) return undefined;
  return { loss: (hidden, targets) => headLoss(loss as RegressionLoss, hidden, kernel.read(), bias.read(), targets) };
}

function headLoss(kind: RegressionLoss, hidden: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, y: Float32Array) {
  const [batch, units] = hidden.shape as [number, number];
  const outputs = kernel.shape[1]!;
  if (kernel.shape[0] !== units || y.length !== batch * outputs) {
    throw new Error(`regression head: output [${hidden.shape}] x [${kernel.shape}] does not fit ${y.length} targets`);
  }
  const count = batch * outputs;
  let value = 0;
  let metric = 0;
  const op = tf.customGrad((...args: unknown[]) => {
    const [h, w, b] = (args as tf.Tensor[]).slice(0, 3).map((t) => t.dataSync() as Float32Array);
    // dLoss/dprediction, per target, for a loss gradient of 1.
    const slope = new Float32Array(count);
    let total = 0;
    let absolute = 0;
    for (let n = 0; n < batch; n++) {
      for (let o = 0; o < outputs; o++) {
        let p = b[o];
        for (let u = 0; u < units; u++) p += h[n * units + u] * w[u * outputs + o];
        const i = n * outputs + o;
        const e = y[i] - p;
        const size = Math.abs(e);
        // d|e|/de as tfjs's Abs gradient gives it: +1 above zero, -1 otherwise; de/dp = -1.
        const sign = e > 0 ? 1 : -1;
        absolute += size;
        if (kind === 'mse') {
          total += e * e;
          slope[i] = (2 * -e) / count;
        } else if (kind === 'mae') {
          total += size;
          slope[i] = -sign / count;
        } else {
          const quadratic = Math.min(size, 1);
          total += 0.5 * quadratic * quadratic + (size - quadratic);
          slope[i] = (-sign * (size <= 1 ? quadratic : 1)) / count;
        }
      }
    }
    value = total / count;
    metric = absolute / count;
    const gradFunc = (dy: tf.Tensor) => {
      const scale = dy.dataSync()[0];
      const dh = new Float32Array(batch * units);
      const dw = new Float32Array(units * outputs);
      const db = new Float32Array(outputs);
      for (let n = 0; n < batch; n++) {
        for (let o = 0; o < outputs; o++) {
          const s = slope[n * outputs + o] * scale;
          if (s === 0) continue;
          db[o] += s;
          for (let u = 0; u < units; u++) {
            dh[n * units + u] += s * w[u * outputs + o];
            dw[u * outputs + o] += s * h[n * units + u];
          }
        }
      }
      return [tf.tensor2d(dh, [batch, units]), tf.tensor2d(dw, [units, outputs]), tf.tensor1d(db)];
    };
    return { value: tf.scalar(value), gradFunc };
  });
  const loss = op(hidden, kernel, bias) as tf.Scalar;
  return { loss, value, metric };
}
