import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone does not add the chained tensor methods that tfjs-layers calls.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import { inferLayers, type LayerPlan } from '../../core/src/language/check/shapes';

test.before(async () => {
  await tf.setBackend('cpu');
});

/** The same network built from tfjs's stock layers. */
function stockModel(plan: LayerPlan) {
  const model = tfl.sequential();
  const make = { lstm: tfl.layers.lstm, gru: tfl.layers.gru, rnn: tfl.layers.simpleRNN }[plan.cell as 'lstm' | 'gru' | 'rnn'];
  // Zeros: the counts do not depend on the values, and orthogonal initialisation is slow on the cpu backend.
  const initializers = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros' } as const;
  plan.units.forEach((units, index) => {
    const returnSequences = index < plan.units.length - 1;
    const inputShape = index === 0 ? [plan.timesteps, plan.features] : undefined;
    const layer = plan.bidirectional
      ? tfl.layers.bidirectional({ layer: make({ units, returnSequences, ...initializers }) as never, mergeMode: 'concat', inputShape })
      : make({ units, returnSequences, inputShape, ...initializers });
    model.add(layer);
  });
  model.add(tfl.layers.dense({ units: plan.outputUnits * (plan.horizon ?? 1) }));
  return model;
}

const standard: LayerPlan[] = [
  { timesteps: 50, features: 1, cell: 'lstm', units: [64, 32], outputUnits: 1 },
  { timesteps: 12, features: 1, cell: 'gru', units: [32], outputUnits: 1 },
  { timesteps: 12, features: 1, cell: 'gru', units: [32], outputUnits: 1, horizon: 12 },
  { timesteps: 10, features: 3, cell: 'lstm', units: [8], outputUnits: 3, horizon: 4 },
  { timesteps: 50, features: 2, cell: 'rnn', units: [32], outputUnits: 1 },
  { timesteps: 64, features: 65, cell: 'lstm', units: [128], outputUnits: 65 },
  { timesteps: 10, features: 3, cell: 'gru', units: [8, 4, 2], outputUnits: 2 },
  { timesteps: 7, features: 3, cell: 'lstm', units: [16, 8], outputUnits: 4, bidirectional: true },
  { timesteps: 5, features: 2, cell: 'gru', units: [6], outputUnits: 1, bidirectional: true },
  { timesteps: 5, features: 4, cell: 'rnn', units: [5, 3], outputUnits: 3, bidirectional: true },
];

for (const plan of standard) {
  const label = `${plan.bidirectional ? 'bidirectional ' : ''}${plan.cell} ${JSON.stringify(plan.units)} on ${plan.features} features`;
  test(`parameters and shapes match tfjs for ${label}`, () => {
    const model = stockModel(plan);
    const inferred = inferLayers(plan);
    assert.deepEqual(
      inferred.layers.map((l) => [l.params, l.outputShape]),
      model.layers.map((l) => [l.countParams(), l.outputShape]),
    );
    assert.equal(inferred.totalParams, model.countParams());
    model.dispose();
  });
}

test('layer names follow Keras', () => {
  const stacked = inferLayers({ timesteps: 50, features: 1, cell: 'lstm', units: [64, 32], outputUnits: 1 });
  assert.deepEqual(stacked.layers.map((l) => l.name), ['lstm (LSTM)', 'lstm_1 (LSTM)', 'dense (Dense)']);
  const rnn = inferLayers({ timesteps: 5, features: 1, cell: 'rnn', units: [4], outputUnits: 1 });
  assert.deepEqual(rnn.layers.map((l) => l.name), ['simple_rnn (SimpleRNN)', 'dense (Dense)']);
  const bidirectional = inferLayers({ timesteps: 5, features: 1, cell: 'gru', units: [4, 4], outputUnits: 1, bidirectional: true });
  assert.deepEqual(bidirectional.layers.map((l) => l.name), ['bidirectional (Bidirectional(GRU))', 'bidirectional_1 (Bidirectional(GRU))', 'dense (Dense)']);
});

// Variants have no stock tfjs layer: the contract's formula, worked by hand.
// u = 32 units, i = 2 inputs: one block is u·(i+u)+u = 32·34+32 = 1120.
const lstm = (extra: Partial<LayerPlan>) =>
  inferLayers({ timesteps: 50, features: 2, cell: 'lstm', units: [32], outputUnits: 1, ...extra }).layers[0].params;

test('gate variants: one block per computed gate plus the candidate', () => {
  assert.equal(lstm({}), 4 * 1120);
  assert.equal(lstm({ gates: ['input', 'output'] }), 3 * 1120, 'no forget gate');
  assert.equal(lstm({ gates: ['output'] }), 2 * 1120);
  assert.equal(lstm({ gates: [] }), 1120, 'no gates at all: the candidate only');
  assert.equal(lstm({ coupled: true }), 3 * 1120, 'coupled: input = 1 - forget is not computed');
  assert.equal(lstm({ coupled: true, gates: ['input', 'output'] }), 3 * 1120, 'coupling without forget changes nothing');
  assert.equal(lstm({ peepholes: true }), 4 * 1120 + 3 * 32, 'one peephole vector per computed gate');
  assert.equal(lstm({ peepholes: true, coupled: true }), 3 * 1120 + 2 * 32);
  assert.equal(lstm({ peepholes: true, coupled: true, bidirectional: true }), 2 * (3 * 1120 + 2 * 32));
  const gru = inferLayers({ timesteps: 50, features: 2, cell: 'gru', units: [32], outputUnits: 1, gates: ['reset'] });
  assert.equal(gru.layers[0].params, 2 * 1120, 'gru without its update gate');
});

test('the dense layer reads the concatenated width of a bidirectional last layer', () => {
  const { layers } = inferLayers({ timesteps: 5, features: 1, cell: 'lstm', units: [8], outputUnits: 3, bidirectional: true });
  assert.deepEqual(layers[0].outputShape, [null, 16]);
  assert.equal(layers[1].params, 16 * 3 + 3);
});

