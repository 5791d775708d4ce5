// `hidden.recurrent_init`: every implementation of a recurrent layer (stock
// tfjs-layers, the gated cell, each build of the fused kernels) starts its
// recurrent kernel as the spec says, both directions of a bidirectional layer
// included, and a saved model's config brings the initializer back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { buildModelWithInfo, fusedKernelProviders, type RecurrentLayerProvider } from '../../core/src/engine';
import { KERNEL_BUILDS } from './kernels-helpers';
import { specOf } from './insight-helpers';

const spec = (hidden: string) => specOf(`model M {
  data: adding(samples: 100, timesteps: 5)
  input { timesteps: 5, features: 2 }
  hidden { ${hidden} }
  output { units: 1, activation: linear }
  loss: mse
}`);

const IMPLEMENTATIONS: { name: string; providers?: readonly RecurrentLayerProvider[] }[] = [
  { name: 'stock or gated' },
  ...KERNEL_BUILDS.filter((k) => k.kernels).map((k) => ({ name: `fused ${k.build}`, providers: fusedKernelProviders(k.build)! })),
];

/** Every recurrent kernel of the model, [units, blocks·units] row-major. */
function recurrentKernels(hidden: string, providers?: readonly RecurrentLayerProvider[]): { shape: number[]; values: Float32Array }[] {
  const { model } = buildModelWithInfo(spec(hidden), 9, providers ? { providers } : {});
  const kernels = model.weights.filter((w) => /recurrent_kernel/.test(w.name)).map((w) => ({ shape: w.shape as number[], values: w.read().dataSync() as Float32Array }));
  model.dispose();
  return kernels;
}

/** R·Rᵀ, [units, units]. */
function gram({ shape: [rows, cols], values }: { shape: number[]; values: Float32Array }): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: rows }, (_, j) => {
    let sum = 0;
    for (let k = 0; k < cols; k++) sum += values[i * cols + k] * values[j * cols + k];
    return sum;
  }));
}

for (const { name, providers } of IMPLEMENTATIONS) {
  test(`${name}: orthogonal(gain: g) gives a recurrent kernel with R·Rᵀ = g²·I, each direction its own`, async () => {
    await tf.setBackend('cpu');
    for (const hidden of ['cell: rnn, units: [6], bidirectional: true, recurrent_init: orthogonal(gain: 2)', 'cell: lstm, units: [3], gates: [input, output], recurrent_init: orthogonal(gain: 0.5)']) {
      const gain = Number(/gain: ([\d.]+)/.exec(hidden)![1]);
      const kernels = recurrentKernels(hidden, providers);
      for (const kernel of kernels) {
        gram(kernel).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? gain * gain : 0)) < 1e-4, `${hidden}: (R·Rᵀ)[${i}][${j}] = ${v}`)));
      }
      if (kernels.length === 2) assert.notDeepEqual(kernels[0].values, kernels[1].values, 'the backward direction has other weights');
    }
  });

  test(`${name}: identity(gain: g) puts g·I in every gate's block of the recurrent kernel`, async () => {
    await tf.setBackend('cpu');
    for (const [hidden, blocks] of [['cell: rnn, units: [4], activation: relu, recurrent_init: identity', 1], ['cell: gru, units: [3], recurrent_init: identity(gain: 0.5)', 3]] as const) {
      const gain = hidden.includes('0.5') ? 0.5 : 1;
      const [kernel] = recurrentKernels(hidden, providers);
      const units = kernel.shape[0];
      assert.deepEqual(kernel.shape, [units, blocks * units]);
      kernel.values.forEach((v, at) => {
        const [row, col] = [Math.floor(at / kernel.shape[1]), at % kernel.shape[1]];
        assert.equal(v, col % units === row ? gain : 0, `${hidden}: R[${row}][${col}]`);
      });
    }
  });
}

test('the default is orthogonal with gain 1, the weights every implementation started with before the key existed', async () => {
  await tf.setBackend('cpu');
  const plain = recurrentKernels('cell: lstm, units: [4]');
  assert.deepEqual(recurrentKernels('cell: lstm, units: [4], recurrent_init: orthogonal(gain: 1)'), plain);
  for (const { providers } of IMPLEMENTATIONS) assert.deepEqual(recurrentKernels('cell: lstm, units: [4]', providers), plain);
});

test('a saved model with identity and orthogonal initializers loads back (its config names them)', async () => {
  await tf.setBackend('cpu');
  for (const hidden of ['cell: rnn, units: [3], recurrent_init: identity(gain: 0.5)', 'cell: lstm, units: [3], peepholes: true, recurrent_init: orthogonal(gain: 2)']) {
    const { model } = buildModelWithInfo(spec(hidden), 3);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await loadLayersModel(tf.io.fromMemory(artifacts!));
    assert.deepEqual(loaded.getWeights().map((w) => Array.from(w.dataSync())), model.getWeights().map((w) => Array.from(w.dataSync())), hidden);
    model.dispose();
    loaded.dispose();
  }
});
