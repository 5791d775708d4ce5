// The engine with the fused kernels (each build: WebAssembly, and native when
// set up): same training as the stock layers, and runs saved as stock/gated
// layers that tfjs-layers loads alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { train } from '../../core/src/engine/train';
import type { EpochEvent, StartEvent, TrainEvent } from '../../core/src/shared/protocol';
import { loadRun } from '../../core/src/engine';
import type { KernelOption } from '../../core/src/engine/train/options';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';
import { KERNEL_BUILDS } from './kernels-helpers';
const runsDir = mkdtempSync(join(tmpdir(), 'rnn-fused-test-'));
const sine = { fn: 'sine' as const, args: { samples: 240, period: 20, amplitude: 1, noise: 0.05 } };

async function run(spec: SpecOptions, kernels: KernelOption) {
  const events: TrainEvent[] = [];
  const result = await train(makeSpec({ data: sine, timesteps: 10, epochs: 2, batchSize: 32, seed: 5, ...spec }), {
    runsDir,
    backend: 'cpu',
    kernels,
    onEvent: (e) => events.push(e),
  });
  const losses = events.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => e.loss);
  const start = events.find((e): e is StartEvent => e.type === 'start')!;
  return { result, losses, implementations: start.implementations };
}

const layerClasses = (runDir: string): string[] => {
  const topology = JSON.parse(readFileSync(join(runDir, 'model.json'), 'utf8')).modelTopology;
  const layers: { class_name: string; config: { layer?: { class_name: string } } }[] = topology.config.layers;
  return layers.flatMap((l) => [l.class_name, ...(l.config.layer ? [l.config.layer.class_name] : [])]);
};

const variants: [string, SpecOptions['hidden'], string[]][] = [
  ['stacked standard lstm', { cell: 'lstm', units: [6, 4] }, ['LSTM', 'LSTM', 'Dense']],
  ['lstm without a forget gate', { cell: 'lstm', units: [5], gates: ['input', 'output'] }, ['GatedRNN', 'Dense']],
  ['bidirectional gru', { cell: 'gru', units: [4], bidirectional: true }, ['Bidirectional', 'GRU', 'Dense']],
];

for (const { build, skip } of KERNEL_BUILDS) for (const [label, hidden, classes] of variants) {
  test(`${build} fused kernels train a ${label} like the stock layers and save it as ${classes.join(' + ')}`, { skip }, async () => {
    const fused = await run({ hidden }, build);
    const stock = await run({ hidden }, 'stock');
    assert.equal(fused.result.status, 'completed');
    assert.ok(fused.implementations?.length && fused.implementations.every((i) => i === `fused-${build}`), String(fused.implementations));
    assert.ok(!stock.implementations?.some((i) => i.startsWith('fused-')));
    fused.losses.forEach((loss, i) => assert.ok(Math.abs(loss - stock.losses[i]) <= 1e-3 * Math.abs(stock.losses[i]), `epoch ${i + 1}: ${loss} vs ${stock.losses[i]}`));

    assert.deepEqual(layerClasses(fused.result.runDir).filter((c) => c !== 'InputLayer'), classes);
    const fromFused = await loadRun(fused.result.runDir);
    const fromStock = await loadRun(stock.result.runDir);
    const x = tf.randomUniform([3, 10, 1], -1, 1, 'float32', 9);
    const a = (fromFused.model.predict(x) as tf.Tensor).dataSync();
    const b = (fromStock.model.predict(x) as tf.Tensor).dataSync();
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-3, `prediction ${i}: ${v} vs ${b[i]}`));
    x.dispose();
    fromFused.model.dispose();
    fromStock.model.dispose();
  });
}

test('the default picks the native build when it is there, else the WebAssembly one', async (t) => {
  const available = KERNEL_BUILDS.filter((b) => b.kernels).map((b) => b.build);
  if (available.length === 0) return t.skip('no build of the kernels here');
  const { implementations } = await run({ hidden: { cell: 'gru', units: [4] } }, 'fused');
  assert.deepEqual(implementations, [available.includes('native') ? 'fused-native' : 'fused-wasm']);
});
