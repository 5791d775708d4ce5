// The native TensorFlow backend (@tensorflow/tfjs-node, built by `npm run
// setup:native`): selected, cross-checked against cpu, and training the engine
// with the stock layers and the fused kernels. Skips when it is not set up;
// RNN_REQUIRE_TENSORFLOW=1 (CI, once it has a Python TensorFlow for
// setup:native to build against) makes that a failure instead.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, verifyBackend } from '../../core/src/engine/backend';
import { train } from '../../core/src/engine/train';
import type { EpochEvent, StartEvent, TrainEvent } from '../../core/src/shared/protocol';
import type { KernelOption } from '../../core/src/engine/train/options';
import { loadKernelBuild } from '../../core/src/engine/kernels/load';
import { makeSpec } from '../helpers/model-spec';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-tensorflow-'));

after(async () => {
  await selectBackend('cpu');
});

/** Why the tensorflow backend cannot be used here, or undefined when it can (then it is active). */
let unavailable: Promise<string | undefined> | undefined;
async function skipUnlessNative(t: TestContext): Promise<boolean> {
  unavailable ??= selectBackend('tensorflow').then(
    () => undefined,
    (e: Error) => e.message,
  );
  const reason = await unavailable;
  if (reason && process.env.RNN_REQUIRE_TENSORFLOW === '1') assert.fail(`RNN_REQUIRE_TENSORFLOW=1 but ${reason}`);
  if (reason) t.skip(`${reason} (npm run setup:native builds it)`);
  return reason !== undefined;
}

test('an explicit tensorflow preference activates tfjs-node', async (t) => {
  if (await skipUnlessNative(t)) return;
  await selectBackend('cpu');
  assert.deepEqual(await selectBackend('tensorflow'), { name: 'tensorflow' });
  assert.equal(tf.getBackend(), 'tensorflow');
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync());
  assert.deepEqual(Array.from(product), [11]);
});

test('auto picks tensorflow when it loads, without a fallback reason', async (t) => {
  if (await skipUnlessNative(t)) return;
  await selectBackend('cpu');
  assert.deepEqual(await selectBackend('auto'), { name: 'tensorflow' });
  assert.equal(tf.getBackend(), 'tensorflow');
});

test('verifyBackend: a recurrent step on tensorflow matches cpu, and a backend-dependent probe does not', async (t) => {
  if (await skipUnlessNative(t)) return;
  // One tanh recurrence over three steps and its gradients with respect to both weights.
  const probe = () =>
    tf.tidy(() => {
      const x = tf.tensor3d([0.1, -0.4, 0.7, 0.2, -0.3, 0.5, 0.9, -0.8, 0.05, 0.3, -0.6, 0.4], [2, 3, 2]);
      const w = tf.tensor2d([0.5, -0.2, 0.1, 0.3, -0.7, 0.4], [2, 3]);
      const u = tf.tensor2d([0.2, -0.1, 0.05, 0.3, 0.1, -0.2, -0.4, 0.2, 0.1], [3, 3]);
      const loss = (wv: tf.Tensor, uv: tf.Tensor): tf.Scalar => {
        let h = tf.zeros([2, 3]) as tf.Tensor2D;
        for (let s = 0; s < 3; s++) {
          const xs = tf.squeeze(tf.slice(x, [0, s, 0], [2, 1, 2]), [1]) as tf.Tensor2D;
          h = tf.tanh(tf.add(tf.matMul(xs, wv as tf.Tensor2D), tf.matMul(h, uv as tf.Tensor2D))) as tf.Tensor2D;
        }
        return tf.mean(tf.square(h));
      };
      const { value, grads } = tf.valueAndGrads(loss)([w, u]);
      return { loss: value.dataSync()[0], gradients: grads.map((g) => g.dataSync() as Float32Array) };
    });
  const agree = await verifyBackend('tensorflow', probe);
  assert.ok(agree.ok, agree.message);
  assert.equal(tf.getBackend(), 'tensorflow');
  const buggy = () => ({ loss: 1, gradients: [new Float32Array([tf.getBackend() === 'tensorflow' ? 1.1 : 1])] });
  const disagree = await verifyBackend('tensorflow', buggy);
  assert.equal(disagree.ok, false);
  assert.match(disagree.message, /tensorflow differs from cpu .*gradient 1/);
});

async function trainOnTensorflow(kernels: KernelOption | undefined) {
  const events: TrainEvent[] = [];
  const spec = makeSpec({ data: { fn: 'sine', args: { samples: 160, period: 20, amplitude: 1, noise: 0 } }, timesteps: 8, epochs: 4, batchSize: 16, seed: 3 });
  const result = await train(spec, { runsDir, backend: 'tensorflow', ...(kernels && { kernels }), onEvent: (e) => events.push(e) });
  const start = events.find((e): e is StartEvent => e.type === 'start');
  const losses = events.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => e.loss);
  return { result, events, start, losses };
}

/** The implementation the default (fused) kernels should give here: the native build, else the wasm one, else the stock layers. */
function defaultImplementation(): string {
  const build = (['native', 'wasm'] as const).find((b) => loadKernelBuild(b) !== null);
  return build ? `fused-${build}` : 'tfjs-layers';
}

for (const kernels of ['stock', undefined] as const) {
  const label = kernels === 'stock' ? 'the stock layers' : 'the default (fused) kernels';
  test(`the engine trains on tensorflow with ${label}: verified against cpu, the loss finite and falling`, async (t) => {
    if (await skipUnlessNative(t)) return;
    const { result, events, start, losses } = await trainOnTensorflow(kernels);
    assert.equal(result.status, 'completed', result.reason);
    assert.equal(result.backend, 'tensorflow');
    assert.equal(start?.backend, 'tensorflow');
    assert.ok(events.some((e) => e.type === 'log' && /tensorflow matches cpu/.test(e.message)));
    assert.deepEqual(start?.implementations, [kernels === 'stock' ? 'tfjs-layers' : defaultImplementation()]);
    assert.equal(losses.length, 4);
    assert.ok(losses.every(Number.isFinite), String(losses));
    assert.ok(losses[3] < losses[0], `the loss does not fall: ${losses.join(', ')}`);
    assert.ok(Number.isFinite(result.final.loss), JSON.stringify(result.final));
  });
}

test('auto runs the ops around the fused kernels on wasm, and a model the kernels cannot take on tensorflow', async (t) => {
  if (await skipUnlessNative(t)) return;
  if (!loadKernelBuild('native')) return t.skip('the native kernels are not built (npm run setup:native)');
  const data = { fn: 'sine' as const, args: { samples: 120, period: 20, amplitude: 1, noise: 0 } };
  const runAuto = async (activation: 'tanh' | 'softmax', kernels: KernelOption = 'fused') => {
    const events: TrainEvent[] = [];
    const spec = makeSpec({ data, timesteps: 6, epochs: 1, batchSize: 32, hidden: { cell: 'lstm', units: [4], activation } });
    const result = await train(spec, { runsDir, backend: 'auto', kernels, onEvent: (e) => events.push(e) });
    assert.equal(result.status, 'completed', result.reason);
    return { backend: result.backend, start: events.find((e): e is StartEvent => e.type === 'start')!, events };
  };
  const fused = await runAuto('tanh');
  assert.equal(fused.backend, 'wasm');
  assert.deepEqual(fused.start.implementations, ['fused-native']);
  assert.ok(fused.events.some((e) => e.type === 'log' && /wasm backend around the fused kernels/.test(e.message)));
  const portable = await runAuto('tanh', 'wasm');
  assert.equal(portable.backend, 'wasm');
  assert.deepEqual(portable.start.implementations, ['fused-wasm']);
  // softmax is not in the kernels: the stock layer runs, and tfjs-node serves it best.
  const stock = await runAuto('softmax');
  assert.equal(stock.backend, 'tensorflow');
  assert.deepEqual(stock.start.implementations, ['tfjs-layers']);
});
