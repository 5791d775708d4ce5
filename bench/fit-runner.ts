// tfjs's own model.fit on a workload: one recurrent layer + Dense(1), Adam
// 0.01, MSE, like the Python references. Used for the stock-layer baseline
// and for the fused layer, on whatever backend is active.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Layer } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';
import { SeededOrthogonal } from '../core/src/engine';
import { FusedRecurrent } from '../core/src/engine';
import { cellGates } from '../core/src/engine';
import { median, type Workload, type WorkloadData } from './workloads';

export interface TimedRun {
  secondsPerEpoch: number;
  finalLoss: number;
}

export type LayerFactory = (w: Workload) => Layer;

const inputShape = (w: Workload) => [w.timesteps, w.features];

/** The stock tfjs-layers layer with Keras's gate activation (sigmoid) and the engine's orthogonal initializer. */
export const stockLayer: LayerFactory = (w) => {
  const recurrentInitializer = new SeededOrthogonal({ seed: 2 }) as unknown as Initializer;
  const common = { units: w.units, inputShape: inputShape(w), recurrentInitializer };
  if (w.cell === 'lstm') return tfl.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  if (w.cell === 'gru') return tfl.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tfl.layers.simpleRNN(common);
};

export const fusedLayer: LayerFactory = (w) =>
  new FusedRecurrent({
    cell: w.cell,
    units: w.units,
    gates: cellGates(w.cell),
    coupled: false,
    peepholes: false,
    activation: 'tanh',
    gateActivation: 'sigmoid',
    returnSequences: false,
    inputShape: inputShape(w),
  });

/** Median seconds of the timed epochs after one warm-up epoch. */
export async function timeModelFit(w: Workload, data: WorkloadData, makeLayer: LayerFactory, epochs = w.epochs): Promise<TimedRun> {
  const model = tfl.sequential({ layers: [makeLayer(w), tfl.layers.dense({ units: 1 })] });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const x = tf.tensor3d(data.x, [w.samples, w.timesteps, w.features]);
  const y = tf.tensor2d(data.y, [w.samples, 1]);
  const times: number[] = [];
  let started = 0;
  let finalLoss = NaN;
  await model.fit(x, y, {
    batchSize: w.batch,
    epochs: epochs + 1,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        started = performance.now();
      },
      onEpochEnd: async (epoch, logs) => {
        if (epoch > 0) times.push((performance.now() - started) / 1000);
        finalLoss = logs?.loss ?? NaN;
      },
    },
  });
  tf.dispose([x, y]);
  model.dispose();
  return { secondsPerEpoch: median(times), finalLoss };
}
