// Backend selection and the cpu cross-check (the one wasm smoke test of the engine lives here).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, selectBackend, verifyBackend } from '../../core/src/engine/backend';
import { train } from '../../core/src/engine/train';
import type { TrainEvent } from '../../core/src/shared/protocol';
import { makeSpec } from '../helpers/model-spec';

after(async () => {
  await selectBackend('cpu');
});

test('cpu is always available and becomes the active backend', async () => {
  assert.deepEqual(await selectBackend('cpu'), { name: 'cpu' });
  assert.equal(tf.getBackend(), 'cpu');
});

test('an explicit tensorflow preference that cannot be met is a clear error; auto falls back and says why', async (t) => {
  let installed = true;
  try {
    createRequire(__filename).resolve('@tensorflow/tfjs-node');
  } catch {
    installed = false;
  }
  // With tfjs-node's files there (npm run setup:native) it either loads, which
  // backend-tensorflow.test.ts tests, or its binding is missing or broken.
  if (installed && (await selectBackend('tensorflow').then(() => true, () => false))) return t.skip('@tensorflow/tfjs-node loads here');
  const why = installed ? /tfjs-node failed to load: / : /tfjs-node is not installed/;
  await assert.rejects(selectBackend('tensorflow'), (e: unknown) => e instanceof BackendError && /cannot use the tensorflow backend: @tensorflow\/tfjs-node/.test(e.message) && why.test(e.message));
  const auto = await selectBackend('auto');
  assert.equal(auto.name, 'wasm');
  assert.match(auto.reason!, why);
});

test('verifyBackend accepts a backend that agrees with cpu and rejects one that does not', async () => {
  await selectBackend('wasm');
  const probe = () =>
    tf.tidy(() => {
      const w = tf.tensor1d([0.5, -1, 2]);
      const f = (v: tf.Tensor) => tf.sum(tf.square(tf.mul(v, w)));
      const x = tf.tensor1d([1, 2, 3]);
      return { loss: f(x).dataSync()[0], gradients: [tf.grad(f)(x).dataSync() as Float32Array] };
    });
  const agree = await verifyBackend('wasm', probe);
  assert.ok(agree.ok, agree.message);
  assert.equal(tf.getBackend(), 'wasm');
  // A probe whose gradient depends on the backend stands in for a backend bug.
  const buggy = () => ({ loss: 1, gradients: [new Float32Array([tf.getBackend() === 'wasm' ? 1.1 : 1])] });
  const disagree = await verifyBackend('wasm', buggy);
  assert.equal(disagree.ok, false);
  assert.match(disagree.message, /wasm differs from cpu .*gradient 1/);
});

test('wasm smoke test: a run verifies against cpu, then trains on wasm', async () => {
  const events: TrainEvent[] = [];
  const spec = makeSpec({ data: { fn: 'sine', args: { samples: 120, period: 20, amplitude: 1, noise: 0 } }, timesteps: 6, epochs: 1, batchSize: 32 });
  const result = await train(spec, { runsDir: mkdtempSync(join(tmpdir(), 'rnn-wasm-')), backend: 'wasm', onEvent: (e) => events.push(e) });
  assert.equal(result.status, 'completed', result.reason);
  assert.equal(result.backend, 'wasm');
  assert.ok(events.some((e) => e.type === 'log' && /wasm matches cpu/.test(e.message)));
  const start = events.find((e) => e.type === 'start');
  assert.ok(start && start.type === 'start' && start.backend === 'wasm');
});
