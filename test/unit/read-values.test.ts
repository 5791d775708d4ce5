// readValues: the values and shape of the tensor tidy produced, and nothing left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readValues } from '../../core/src/engine/util/read-values';

test('readValues gives the values and shape of the tensor and leaves no tensor behind, intermediate or result', async () => {
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  const { values, shape } = readValues(() => tf.add(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.scalar(10)));
  assert.deepEqual(Array.from(values), [11, 12, 13, 14, 15, 16]);
  assert.deepEqual(shape, [2, 3]);
  assert.equal(tf.memory().numTensors, before);
});

test('readValues passes on an error of the computation and leaves no tensor behind', async () => {
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  assert.throws(() => readValues(() => { tf.ones([4]); throw new Error('no model'); }), /no model/);
  assert.equal(tf.memory().numTensors, before);
});
