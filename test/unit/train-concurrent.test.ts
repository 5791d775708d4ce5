// Runs keep no process-wide state: two trainings at once in one process get
// exactly the losses each gets alone (dropout included), and leave
// Math.random, the layer providers and the kernel builds alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train, type TrainOptions } from '../../core/src/engine/train';
import type { StartEvent, TrainEvent } from '../../core/src/shared/protocol';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../../core/src/engine/compile/model';
import { forward } from '../../core/src/engine/train/forward';
import { fusedKernelProviders } from '../../core/src/engine/kernels/provider';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';
import { KERNEL_BUILDS } from './kernels-helpers';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-concurrent-test-'));
const sine = { fn: 'sine' as const, args: { samples: 160, period: 20, amplitude: 1, noise: 0.05 } };
const builds = KERNEL_BUILDS.filter((b) => b.kernels).map((b) => b.build);

interface Trace {
  name: string;
  spec: SpecOptions;
  options: Partial<TrainOptions>;
}

/** Stock layers with input and recurrent dropout, early stopping watching the validation loss. */
const stockRun: Trace = {
  name: 'stock',
  spec: { hidden: { cell: 'gru', units: [5], dropout: 0.2, recurrent_dropout: 0.3 }, earlyStopping: 2, seed: 11 },
  options: { kernels: 'stock' },
};
/** The fused kernels (the native build when there is one) with dropout; the stock layers when no build exists here. */
const fusedRun: Trace = {
  name: 'fused',
  spec: { hidden: { cell: 'lstm', units: [4, 3], dropout: 0.25, recurrent_dropout: 0.2 }, seed: 12 },
  options: { kernels: builds[builds.length - 1] ?? 'stock' },
};

/** Events of a run, and which run each batch of the process came from (shared between concurrent runs). */
function start(trace: Trace, batchOrder: string[]) {
  const events: TrainEvent[] = [];
  const originalRandom = Math.random;
  let randomReplaced = false;
  const done = train(makeSpec({ data: sine, timesteps: 8, epochs: 3, batchSize: 16, ...trace.spec }), {
    runsDir,
    backend: 'cpu',
    stepsPerEpoch: 4,
    ...trace.options,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'batch') batchOrder.push(trace.name);
      if (Math.random !== originalRandom) randomReplaced = true;
    },
  });
  return done.then((result) => ({
    result,
    randomReplaced,
    implementations: events.find((e): e is StartEvent => e.type === 'start')?.implementations,
    batchLosses: events.flatMap((e) => (e.type === 'batch' ? [e.loss] : [])),
    epochs: events.flatMap((e) => (e.type === 'epoch' ? [{ loss: e.loss, val_loss: e.val_loss, metrics: e.metrics }] : [])),
  }));
}

test('two models trained at the same time get exactly the losses each gets alone', async () => {
  const aloneStock = await start(stockRun, []);
  const aloneFused = await start(fusedRun, []);
  const order: string[] = [];
  const [stock, fused] = await Promise.all([start(stockRun, order), start(fusedRun, order)]);

  for (const run of [aloneStock, aloneFused, stock, fused]) assert.equal(run.result.status, 'completed', run.result.reason);
  assert.deepEqual(stock.implementations, ['tfjs-layers']);
  if (builds.length) assert.deepEqual(fused.implementations, [`fused-${fusedRun.options.kernels}`, `fused-${fusedRun.options.kernels}`]);
  // They really ran side by side: batches of one came between batches of the other.
  const switches = order.filter((name, i) => i > 0 && name !== order[i - 1]).length;
  assert.ok(switches >= 2, `batches did not interleave: ${order.join(' ')}`);

  assert.equal(stock.batchLosses.length, 12);
  assert.deepEqual(stock.batchLosses, aloneStock.batchLosses);
  assert.deepEqual(stock.epochs, aloneStock.epochs);
  assert.deepEqual(fused.batchLosses, aloneFused.batchLosses);
  assert.deepEqual(fused.epochs, aloneFused.epochs);
  assert.deepEqual(fused.result.final, aloneFused.result.final);
  assert.ok([aloneStock, aloneFused, stock, fused].every((run) => !run.randomReplaced), 'a run replaced Math.random');
});

test('each forward pass in training draws new dropout masks, and a model built with the same seed draws the same ones', () => {
  const x = tf.tensor3d(Array.from({ length: 4 * 6 * 2 }, (_, i) => Math.sin(i)), [4, 6, 2]);
  const hiddens: SpecOptions['hidden'][] = [
    { cell: 'gru', units: [3], dropout: 0.3, recurrent_dropout: 0.3 },
    { cell: 'lstm', units: [3], dropout: 0.3, recurrent_dropout: 0.3, gates: ['forget', 'output'] },
    { cell: 'lstm', units: [3], dropout: 0.3, recurrent_dropout: 0.3, bidirectional: true },
  ];
  const providerLists = [undefined, ...builds.map((build) => fusedKernelProviders(build)!)];
  for (const hidden of hiddens) {
    for (const providers of providerLists) {
      const twoPasses = () => {
        const model = buildModel(makeSpec({ timesteps: 6, features: 2, hidden }), 5, { providers });
        const outputs = [1, 2].map(() => tf.tidy(() => Array.from(forward(model, x, true).dataSync())));
        model.dispose();
        return outputs;
      };
      const [first, second] = twoPasses();
      assert.notDeepEqual(second, first, 'the second batch used the first batch\'s masks');
      assert.deepEqual(twoPasses(), [first, second]);
    }
  }
  x.dispose();
});

test('a run asking for another backend than the one a running run uses fails with a clear message', async () => {
  const other = makeSpec({ data: sine, timesteps: 8, hidden: { cell: 'rnn', units: [3], gates: [] } });
  let second: ReturnType<typeof train> | undefined;
  const first = await train(makeSpec({ data: sine, timesteps: 8, epochs: 2, batchSize: 16 }), {
    runsDir,
    backend: 'cpu',
    kernels: 'stock',
    onEvent: (event) => {
      if (event.type === 'start') second = train(other, { runsDir, backend: 'wasm', kernels: 'stock' });
    },
  });
  assert.equal(first.status, 'completed', first.reason);
  const refused = await second!;
  assert.equal(refused.status, 'failed');
  assert.match(refused.reason!, /cannot use the wasm backend: another run of this process is training on the cpu backend/);
  // Once no run is using the backend, another one may be chosen.
  const after = await train(other, { runsDir, backend: 'wasm', kernels: 'stock', epochs: 1, stepsPerEpoch: 1 });
  assert.equal(after.status, 'completed', after.reason);
  assert.equal(after.backend, 'wasm');
});

test('the fused layers of a model run on the build it was built for, the backward copy of a bidirectional layer too', (t) => {
  if (builds.length === 0) return t.skip('no build of the kernels here');
  for (const build of builds) {
    const spec = makeSpec({ hidden: { cell: 'gru', units: [3], bidirectional: true } });
    const model = buildModel(spec, 1, { providers: fusedKernelProviders(build)! });
    const wrapper = model.layers[0] as unknown as { forwardLayer: { args: { build?: string } }; backwardLayer: { args: { build?: string } } };
    assert.equal(wrapper.forwardLayer.args.build, build);
    assert.equal(wrapper.backwardLayer.args.build, build);
    model.dispose();
  }
});
