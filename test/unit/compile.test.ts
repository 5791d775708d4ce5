// Model building: shapes, the layer table, and the provider seam for fused kernels.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { layers } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel, buildModelWithInfo, summarizeLayers } from '../../core/src/engine/compile/model';
import { inferLayers, layerPlanOf } from '../../core/src/language/check/shapes';
import { portableLayerProviders, type RecurrentLayerProvider, type RecurrentLayerRequest } from '../../core/src/engine/compile/providers';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';

before(async () => {
  await selectBackend('cpu');
});

test('stacked layers return sequences except the last; the table reads like Keras', () => {
  const model = buildModel(makeSpec({ hidden: { cell: 'lstm', units: [6, 4] }, timesteps: 12, features: 2, outputUnits: 3 }), 1);
  const table = summarizeLayers(model);
  assert.deepEqual(table.map((r) => r.name), ['lstm (LSTM)', 'lstm_1 (LSTM)', 'dense (Dense)']);
  assert.deepEqual(table.map((r) => r.outputShape), [[null, 12, 6], [null, 4], [null, 3]]);
  assert.deepEqual(table.map((r) => r.params), [4 * (6 * (2 + 6) + 6), 4 * (4 * (6 + 4) + 4), 4 * 3 + 3]);
});

test('bidirectional doubles the outputs and names the wrapped cell', () => {
  const model = buildModel(makeSpec({ hidden: { cell: 'gru', gates: ['update'], units: [5], bidirectional: true } }), 1);
  const [rnn] = summarizeLayers(model);
  assert.equal(rnn.name, 'bidirectional (Bidirectional(GatedGRU))');
  assert.deepEqual(rnn.outputShape, [null, 10]);
});

test('activations come from the spec, output activation included', () => {
  const model = buildModel(makeSpec({ hidden: { cell: 'gru', activation: 'relu', gate_activation: 'hard_sigmoid' }, outputActivation: 'sigmoid' }), 1);
  const config = model.layers[0].getConfig();
  assert.equal(config.activation, 'relu');
  assert.equal(config.recurrentActivation, 'hardSigmoid');
  assert.equal(model.layers[1].getConfig().activation, 'sigmoid');
});

test('a provider put ahead in the build options replaces a layer without touching anything else, and only in that build', () => {
  const seen: RecurrentLayerRequest[] = [];
  const custom: RecurrentLayerProvider = {
    id: 'test-fused',
    supports: (request) => request.cell === 'rnn',
    create: (request) => {
      seen.push(request);
      // (tfjs's default orthogonal initializer needs chained ops that the tfjs-core node bundle lacks)
      return layers.simpleRNN({ units: request.units, returnSequences: request.returnSequences, inputShape: request.inputShape, name: request.name, recurrentInitializer: 'glorotUniform' });
    },
  };
  const providers = [custom, ...portableLayerProviders];
  const spec = makeSpec({ hidden: { cell: 'rnn', gates: [], units: [3, 2] } });
  assert.deepEqual(buildModelWithInfo(spec, 1, { providers }).providers, ['test-fused', 'test-fused']);
  assert.deepEqual(seen.map((r) => r.returnSequences), [true, false]);
  assert.deepEqual(buildModelWithInfo(makeSpec({ hidden: { cell: 'lstm' } }), 1, { providers }).providers, ['tfjs-layers']);
  assert.deepEqual(buildModelWithInfo(spec, 1).providers, ['tfjs-layers', 'tfjs-layers']);
});

test('the built model has the layer names, shapes and parameters the checker infers', () => {
  const variants: SpecOptions['hidden'][] = [
    { cell: 'lstm', units: [6, 4] },
    { cell: 'lstm', units: [5], gates: ['input', 'output'] },
    { cell: 'lstm', units: [5], coupled: true, peepholes: true },
    { cell: 'gru', units: [3, 3], bidirectional: true },
    { cell: 'gru', units: [4], gates: ['reset'] },
    { cell: 'rnn', units: [7, 2] },
  ];
  for (const hidden of variants) {
    const spec = makeSpec({ hidden, timesteps: 9, features: 3, outputUnits: 2 });
    const built = summarizeLayers(buildModel(spec, 3));
    const inferred = inferLayers(layerPlanOf(spec)).layers;
    const label = JSON.stringify(hidden);
    assert.deepEqual(built.map((l) => l.name.split(' ')[0]), inferred.map((l) => l.name.split(' ')[0]), label);
    assert.deepEqual(built.map((l) => l.outputShape), inferred.map((l) => l.outputShape), label);
    assert.deepEqual(built.map((l) => l.params), inferred.map((l) => l.params), label);
  }
});
