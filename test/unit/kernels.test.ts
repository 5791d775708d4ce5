// The fused recurrent kernels against the stock tfjs-layers layers: same
// weights, same random inputs, outputs and gradients (input and every
// weight) within 1e-4, for each build of the kernels (WebAssembly; native
// when `npm run setup:native` built it) on the cpu and wasm tfjs backends (and
// tensorflow when tfjs-node is set up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelCellConfig, RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import { fusedRecurrentSequence } from '../../core/src/engine/kernels/fused-op';
import { KERNEL_BUILDS, TFJS_BACKENDS, assertClose, seededUniform } from './kernels-helpers';

interface Case {
  cell: 'rnn' | 'lstm' | 'gru';
  batch: number;
  timesteps: number;
  features: number;
  units: number;
  activation?: string;
  gateActivation?: string;
  /** Only the last step's state (returnSequences false). */
  last?: boolean;
}

function stockLayer(c: Case): tfl.layers.Layer {
  // Glorot, not tfjs's default orthogonal initializer (it needs chained tensor methods); the weights are replaced anyway.
  const common = { units: c.units, returnSequences: !c.last, activation: (c.activation ?? 'tanh') as 'tanh', recurrentInitializer: 'glorotUniform' as const };
  if (c.cell === 'rnn') return tfl.layers.simpleRNN(common);
  const recurrentActivation = (c.gateActivation === 'hard_sigmoid' ? 'hardSigmoid' : c.gateActivation ?? 'sigmoid') as 'sigmoid';
  return c.cell === 'lstm' ? tfl.layers.lstm({ ...common, recurrentActivation }) : tfl.layers.gru({ ...common, recurrentActivation });
}

/** Loss = Σ out ∘ probe, so every output element gets its own upstream gradient. */
function compareWithStock(kernels: RecurrentKernels, c: Case, seed: number): void {
  const blocks = { rnn: 1, lstm: 4, gru: 3 }[c.cell];
  const width = blocks * c.units;
  const rand = seededUniform(seed);
  const x = tf.variable(rand([c.batch, c.timesteps, c.features], 1));
  const kernel = tf.variable(rand([c.features, width], 0.5));
  const recurrentKernel = tf.variable(rand([c.units, width], 0.5));
  const bias = tf.variable(rand([width], 0.5));
  const probe = rand(c.last ? [c.batch, c.units] : [c.batch, c.timesteps, c.units], 1);

  const layer = stockLayer(c);
  tf.dispose(layer.apply(tf.zeros([c.batch, c.timesteps, c.features])) as tf.Tensor);
  layer.setWeights([kernel, recurrentKernel, bias]);
  const stockVars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const stock = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, probe)) as tf.Scalar, [x, ...stockVars]);
  const stockOut = layer.apply(x) as tf.Tensor;

  const config: KernelCellConfig = {
    cell: c.cell,
    units: c.units,
    activation: c.activation ?? 'tanh',
    gateActivation: c.gateActivation ?? 'sigmoid',
    gates: c.cell === 'lstm' ? ['input', 'forget', 'output'] : c.cell === 'gru' ? ['update', 'reset'] : [],
    coupled: false,
    peepholes: false,
  };
  const weights = { kernel, recurrentKernel, bias };
  const fusedOut = fusedRecurrentSequence(kernels, config, x, weights, c.last);
  const fused = tf.variableGrads(
    () => tf.sum(tf.mul(fusedRecurrentSequence(kernels, config, x, weights, c.last), probe)) as tf.Scalar,
    [x, kernel, recurrentKernel, bias],
  );

  assertClose(fusedOut, stockOut, 1e-4, 'output');
  assertClose(fused.grads[x.name], stock.grads[x.name], 1e-4, 'input gradient');
  assertClose(fused.grads[kernel.name], stock.grads[stockVars[0].name], 1e-4, 'kernel gradient');
  assertClose(fused.grads[recurrentKernel.name], stock.grads[stockVars[1].name], 1e-4, 'recurrent kernel gradient');
  assertClose(fused.grads[bias.name], stock.grads[stockVars[2].name], 1e-4, 'bias gradient');
  assert.ok(Math.abs(stock.value.dataSync()[0]) > 0, 'the probe loss is not trivially zero');
  tf.dispose([x, kernel, recurrentKernel, bias, probe, stockOut, fusedOut, stock.value, fused.value]);
  tf.dispose(Object.values(stock.grads));
  tf.dispose(Object.values(fused.grads));
  layer.dispose();
}

const cases: Case[] = [
  { cell: 'lstm', batch: 5, timesteps: 7, features: 3, units: 6 },
  { cell: 'lstm', batch: 8, timesteps: 12, features: 1, units: 16 },
  { cell: 'lstm', batch: 3, timesteps: 4, features: 2, units: 5, gateActivation: 'hard_sigmoid', activation: 'relu' },
  { cell: 'lstm', batch: 4, timesteps: 5, features: 2, units: 6, activation: 'elu' },
  { cell: 'gru', batch: 4, timesteps: 5, features: 2, units: 6, activation: 'selu' },
  { cell: 'rnn', batch: 4, timesteps: 5, features: 2, units: 6, activation: 'elu' },
  { cell: 'gru', batch: 5, timesteps: 7, features: 3, units: 6 },
  { cell: 'gru', batch: 8, timesteps: 12, features: 1, units: 16 },
  { cell: 'rnn', batch: 5, timesteps: 7, features: 3, units: 6 },
  { cell: 'rnn', batch: 9, timesteps: 10, features: 2, units: 16, activation: 'relu' },
  { cell: 'lstm', batch: 2, timesteps: 2, features: 3, units: 4 },
  { cell: 'lstm', batch: 6, timesteps: 9, features: 2, units: 8, last: true },
  { cell: 'gru', batch: 6, timesteps: 9, features: 2, units: 7, last: true },
  { cell: 'rnn', batch: 6, timesteps: 9, features: 2, units: 8, last: true },
  // Batches of 16 and more are split between two threads (when there are two): an odd one splits unevenly.
  { cell: 'lstm', batch: 17, timesteps: 6, features: 3, units: 8 },
  { cell: 'gru', batch: 17, timesteps: 6, features: 3, units: 8, last: true },
  { cell: 'rnn', batch: 33, timesteps: 5, features: 2, units: 12 },
];

for (const { build, kernels, skip } of KERNEL_BUILDS) {
  for (const backend of TFJS_BACKENDS) {
    for (const [index, c] of cases.entries()) {
      const label = `${c.cell} batch ${c.batch} steps ${c.timesteps} features ${c.features} units ${c.units}` +
        (c.activation ? ` ${c.activation}` : '') + (c.gateActivation ? `/${c.gateActivation}` : '') + (c.last ? ' last step' : '');
      test(`fused ${label} matches the stock layer (${build} kernels, ${backend} backend)`, { skip }, async () => {
        await tf.setBackend(backend);
        compareWithStock(kernels!, c, 100 + index);
      });
    }
  }
  test(`a backward pass gives its cache slot back, and a pass without gradients keeps none (${build} kernels)`, { skip }, async () => {
    await cacheSlotsAreReleased(kernels!);
  });
}

async function cacheSlotsAreReleased(kernels: RecurrentKernels): Promise<void> {
  await tf.setBackend('cpu');
  const rand = seededUniform(7);
  const config: KernelCellConfig = {
    cell: 'gru', units: 4, activation: 'tanh', gateActivation: 'sigmoid', gates: ['update', 'reset'], coupled: false, peepholes: false,
  };
  const x = rand([3, 5, 2], 1);
  const weights = { kernel: tf.variable(rand([2, 12], 0.5)), recurrentKernel: tf.variable(rand([4, 12], 0.5)), bias: tf.variable(rand([12], 0.5)) };
  const before = kernels.cacheSlotsInUse;
  tf.dispose(fusedRecurrentSequence(kernels, config, x, weights));
  assert.equal(kernels.cacheSlotsInUse, before, 'inference keeps no cache');
  const { value, grads } = tf.variableGrads(() => tf.sum(fusedRecurrentSequence(kernels, config, x, weights)) as tf.Scalar);
  assert.equal(kernels.cacheSlotsInUse, before, 'the backward pass released its cache');
  assert.ok(Object.keys(grads).length === 3);
  tf.dispose([x, value, ...Object.values(grads), weights.kernel, weights.recurrentKernel, weights.bias]);
}
