// Where a failed training's error goes in the spec: the training process
// sends this range with the failure and the editor puts a diagnostic there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, trainErrorRange } from '../../core/src/language';

const [withOptimizer, withoutOptimizer] = parse('model A {\n  data: sine()\n  optimizer: sgd(lr: 9)\n}\n\nmodel B {\n  loss: mse\n}\n').file.models;

test('a diverged loss goes on the optimizer, a data error on the data, anything else on the name', () => {
  assert.equal(trainErrorRange(withOptimizer, 'nan-loss').start.line, 2);
  assert.equal(trainErrorRange(withOptimizer, 'data').start.line, 1);
  const other = trainErrorRange(withOptimizer, 'internal');
  assert.deepEqual([other.start.line, other.start.character], [0, 6]);
  assert.equal(trainErrorRange(withoutOptimizer, 'nan-loss').start.line, 5, 'no optimizer: the model name');
});
