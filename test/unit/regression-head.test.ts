// The regression head (core/src/engine/train/regression-head.ts): the
// last-step linear output layer with its loss and metric as one op must give
// the loss, the metric and every weight's gradient tfjs gives through the
// model's own output layer and losses.ts, for each loss it takes, and a
// seeded model must train to the same loss curve with it as without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { regressionHead } from '../../core/src/engine/train/regression-head';
import { forward, forwardHidden } from '../../core/src/engine/train/forward';
import { lossFunction, taskMetric } from '../../core/src/engine/train/losses';
import { FlatOptimizer } from '../../core/src/engine/train/flat-optimizer';
import { trainStep, type TrainStep } from '../../core/src/engine/train/step';
import { batchTensors, windowIndices } from '../../core/src/engine/train/batches';
import { buildModelWithInfo } from '../../core/src/engine/compile/model';
import { loadDataset } from '../../core/src/engine/data/load';
import { nodeFileSystem } from '../../core/src/language';
import type { LossName } from '../../core/src/shared';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';

test.before(async () => {
  await tf.setBackend('cpu');
});

const SINE = { fn: 'sine' as const, args: { samples: 200, period: 20, amplitude: 1, noise: 0.1 } };

function setup(options: SpecOptions) {
  const spec = makeSpec({ data: SINE, ...options });
  const data = loadDataset(spec, 1, nodeFileSystem);
  const { model } = buildModelWithInfo(spec, 1);
  return { spec, data, model, variables: model.trainableWeights.map((w) => w.read() as tf.Variable) };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

for (const loss of ['mse', 'mae', 'huber'] as LossName[]) {
  for (const horizon of [1, 3]) {
    test(`${loss}, ${horizon} row(s) forecast: the head's loss, metric and gradients equal tfjs's`, () => {
      // Scaled-up weights put errors on both sides of huber's bend at 1.
      const { spec, data, model, variables } = setup({ hidden: { cell: 'lstm', units: [5] }, loss, horizon });
      model.setWeights(model.getWeights().map((w) => tf.mul(w, 3)));
      const head = regressionHead(model, spec.loss, data);
      assert.ok(head, 'the head takes a linear last-step regression model');
      const batch = data.train.batch(windowIndices(16));
      const { x, y } = batchTensors(batch, data);
      const lossOf = lossFunction(spec.loss, data.targets);
      const metric = taskMetric(data.task, spec.loss, data.targets);
      const reference = tf.variableGrads(() => lossOf(y, forward(model, x, true), undefined), variables);
      const referenceMetric = metric.compute(y, forward(model, x, false)).dataSync()[0];
      let values = { value: NaN, metric: NaN };
      const fused = tf.variableGrads(() => {
        const out = head.loss(forwardHidden(model, x, true), batch.y);
        values = out;
        return out.loss;
      }, variables);
      const expected = reference.value.dataSync()[0];
      assert.ok(Math.abs(values.value - expected) <= 1e-6 * Math.max(1, expected), `loss ${values.value} against ${expected}`);
      assert.ok(Math.abs(fused.value.dataSync()[0] - expected) <= 1e-6 * Math.max(1, expected));
      assert.ok(Math.abs(values.metric - referenceMetric) <= 1e-6, `metric ${values.metric} against ${referenceMetric}`);
      for (const v of variables) {
        const difference = maxDifference(fused.grads[v.name].dataSync(), reference.grads[v.name].dataSync());
        assert.ok(difference <= 1e-6, `${v.name}: gradients differ by ${difference}`);
        assert.ok(maxDifference(reference.grads[v.name].dataSync(), new Float32Array(v.size)) > 1e-5, `${v.name}: a gradient of zeros proves nothing`);
      }
      model.dispose();
    });
  }
}

test('the head declines what it does not compute: other activations and losses, classification, every-step outputs', () => {
  const declined: SpecOptions[] = [
    { outputActivation: 'tanh' },
    { loss: 'binary_crossentropy', outputActivation: 'sigmoid' },
    { outputAt: 'every_step' },
  ];
  for (const options of declined) {
    const { spec, data, model } = setup(options);
    assert.equal(regressionHead(model, spec.loss, data), undefined, JSON.stringify(options));
    model.dispose();
  }
});

test('a seeded model trains to the same loss curve with the head as through tfjs (40 steps, mse and huber)', () => {
  for (const loss of ['mse', 'huber'] as LossName[]) {
    const curve = (withHead: boolean) => {
      const { spec, data, model, variables } = setup({ hidden: { cell: 'gru', units: [6] }, loss, optimizer: { fn: 'adam', args: { lr: 0.02 } } });
      const step: TrainStep = {
        model,
        variables,
        optimizer: new FlatOptimizer(spec.optimizer),
        loss: lossFunction(spec.loss, data.targets),
        metric: taskMetric(data.task, spec.loss, data.targets),
        clip: {},
        head: withHead ? regressionHead(model, spec.loss, data) : undefined,
      };
      const points: number[][] = [];
      for (let k = 0; k < 40; k++) {
        const indices = Array.from({ length: 16 }, (_, i) => (k * 16 + i) % data.train.size);
        points.push(Array.from(trainStep(step, data.train.batch(indices), data)));
      }
      model.dispose();
      return points;
    };
    const [fused, reference] = [curve(true), curve(false)];
    assert.ok(fused[39][0] < fused[0][0] / 2, `${loss}: the model learns (${fused[0][0]} -> ${fused[39][0]})`);
    fused.forEach(([lossValue, metric], k) => {
      assert.ok(Math.abs(lossValue - reference[k][0]) <= 1e-5, `${loss}, step ${k + 1}: loss ${lossValue} with the head, ${reference[k][0]} without`);
      assert.ok(Math.abs(metric - reference[k][1]) <= 1e-5, `${loss}, step ${k + 1}: metric ${metric} with the head, ${reference[k][1]} without`);
    });
  }
});
