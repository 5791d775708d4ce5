// Every recurrent variant's forward pass against a plain-JS reference of a tiny cell.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel } from '../../core/src/engine/compile/model';
import { gatedCellProvider, stockLayerProvider, type RecurrentLayerRequest } from '../../core/src/engine/compile/providers';
import { computedGates, recurrentParams } from '../../core/src/engine/compile/gates';
import { createRandom } from '../../core/src/engine/util/random';
import type { GateName, HiddenSpec } from '../../core/src/shared/spec';
import { makeSpec } from '../helpers/model-spec';

const INPUTS = 2;
const UNITS = 3;
const STEPS = 4;
const BATCH = 2;

before(async () => {
  await selectBackend('cpu');
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

interface Weights {
  kernel: number[][]; // [INPUTS][blocks*UNITS]
  recurrent: number[][]; // [UNITS][blocks*UNITS]
  bias: number[];
  peephole?: number[];
}

/** z_block[j] = x·W[:, block*U + j] + h·U[:, block*U + j] + b[block*U + j] */
function preActivation(w: Weights, x: number[], h: number[], block: number, j: number): number {
  const col = block * UNITS + j;
  let z = w.bias[col];
  for (let i = 0; i < x.length; i++) z += x[i] * w.kernel[i][col];
  for (let k = 0; k < h.length; k++) z += h[k] * w.recurrent[k][col];
  return z;
}

/** Plain LSTM of Greff et al.: missing gates fixed at 1, coupled input = 1 - forget, optional peepholes. */
function referenceLstm(w: Weights, xs: number[][], hidden: Pick<HiddenSpec, 'gates' | 'coupled' | 'peepholes'>): number[] {
  const computed = computedGates({ cell: 'lstm', ...hidden });
  const blocks = ['input', 'forget', 'candidate', 'output'].filter((b) => b === 'candidate' || computed.includes(b));
  const block = (name: string) => blocks.indexOf(name);
  const peep = (gate: string, j: number, c: number) => (hidden.peepholes ? w.peephole![computed.indexOf(gate) * UNITS + j] * c : 0);
  let h = [0, 0, 0];
  let c = [0, 0, 0];
  for (const x of xs) {
    const nextC: number[] = [];
    const nextH: number[] = [];
    for (let j = 0; j < UNITS; j++) {
      const f = computed.includes('forget') ? sigmoid(preActivation(w, x, h, block('forget'), j) + peep('forget', j, c[j])) : 1;
      const i = hidden.coupled ? 1 - f : computed.includes('input') ? sigmoid(preActivation(w, x, h, block('input'), j) + peep('input', j, c[j])) : 1;
      const g = Math.tanh(preActivation(w, x, h, block('candidate'), j));
      nextC.push(f * c[j] + i * g);
    }
    for (let j = 0; j < UNITS; j++) {
      const o = computed.includes('output') ? sigmoid(preActivation(w, x, h, block('output'), j) + peep('output', j, nextC[j])) : 1;
      nextH.push(o * Math.tanh(nextC[j]));
    }
    h = nextH;
    c = nextC;
  }
  return h;
}

/** GRU, Keras convention h = z·h_prev + (1-z)·candidate; missing update: h = candidate; missing reset: r = 1. */
function referenceGru(w: Weights, xs: number[][], gates: string[]): number[] {
  const blocks = ['update', 'reset', 'candidate'].filter((b) => b === 'candidate' || gates.includes(b));
  const block = (name: string) => blocks.indexOf(name);
  let h = [0, 0, 0];
  for (const x of xs) {
    const r = h.map((_, j) => (gates.includes('reset') ? sigmoid(preActivation(w, x, h, block('reset'), j)) : 1));
    const rh = h.map((v, j) => r[j] * v);
    const next: number[] = [];
    for (let j = 0; j < UNITS; j++) {
      const candidate = Math.tanh(preActivation({ ...w, recurrent: w.recurrent }, x, rh, block('candidate'), j));
      if (gates.includes('update')) {
        const z = sigmoid(preActivation(w, x, h, block('update'), j));
        next.push(z * h[j] + (1 - z) * candidate);
      } else {
        next.push(candidate);
      }
    }
    h = next;
  }
  return h;
}

function referenceRnn(w: Weights, xs: number[][]): number[] {
  let h = [0, 0, 0];
  for (const x of xs) h = h.map((_, j) => Math.tanh(preActivation(w, x, h, 0, j)));
  return h;
}

const random = createRandom(99);
const inputs: number[][][] = Array.from({ length: BATCH }, () => Array.from({ length: STEPS }, () => [random.normal(), random.normal()]));
const inputTensor = () => tf.tensor3d(inputs);

function hiddenFor(cell: 'rnn' | 'lstm' | 'gru', options: Partial<HiddenSpec>): HiddenSpec {
  return { ...makeSpec({ hidden: { cell } }).hidden, units: [UNITS], ...options };
}

function request(hidden: HiddenSpec): RecurrentLayerRequest {
  return {
    name: 'probe', cell: hidden.cell, units: UNITS, gates: hidden.gates, coupled: hidden.coupled, peepholes: hidden.peepholes,
    activation: 'tanh', gateActivation: 'sigmoid', dropout: 0, recurrentDropout: 0, returnSequences: false,
    inputShape: [STEPS, INPUTS], kernelSeed: 5, recurrentSeed: 6,
  };
}

/** Builds the layer, gives every weight random values (so zero-initialised peepholes and biases count too), reads them back. */
function randomiseWeights(layer: ReturnType<typeof stockLayerProvider.create>, seed: number): Weights {
  layer.apply(tf.zeros([1, STEPS, INPUTS]));
  const r = createRandom(seed);
  const values = layer.getWeights().map((w) => tf.tensor(Array.from({ length: w.size }, () => r.normal() * 0.5), w.shape));
  layer.setWeights(values);
  const read = layer.getWeights().map((w) => w.arraySync());
  return { kernel: read[0] as number[][], recurrent: read[1] as number[][], bias: read[2] as number[], peephole: read[3] as number[] | undefined };
}

function assertClose(actual: number[][], expected: number[][], what: string) {
  for (let b = 0; b < expected.length; b++) {
    for (let j = 0; j < expected[b].length; j++) {
      assert.ok(Math.abs(actual[b][j] - expected[b][j]) < 1e-5, `${what}: [${b}][${j}] ${actual[b][j]} vs ${expected[b][j]}`);
    }
  }
}

const LSTM_VARIANTS: Partial<HiddenSpec>[] = [
  { gates: ['input', 'forget', 'output'] },
  { gates: ['input', 'output'] },
  { gates: ['forget', 'output'] },
  { gates: ['input', 'forget'] },
  { gates: ['output'] },
  { gates: [] },
  { gates: ['input', 'forget', 'output'], coupled: true },
  { gates: ['input', 'forget'], coupled: true },
  { gates: ['input', 'forget', 'output'], peepholes: true },
  { gates: ['input', 'forget', 'output'], peepholes: true, coupled: true },
  { gates: ['forget'], peepholes: true },
];

for (const variant of LSTM_VARIANTS) {
  test(`lstm ${JSON.stringify(variant)}: custom cell equals the reference`, () => {
    const hidden = hiddenFor('lstm', variant);
    const layer = gatedCellProvider.create(request(hidden));
    const weights = randomiseWeights(layer, 11);
    const actual = (layer.apply(inputTensor()) as tf.Tensor).arraySync() as number[][];
    assertClose(actual, inputs.map((xs) => referenceLstm(weights, xs, hidden)), 'lstm');
  });
}

for (const gates of [['update', 'reset'], ['update'], ['reset'], []] satisfies GateName[][]) {
  test(`gru gates [${gates}]: custom cell equals the reference`, () => {
    const hidden = hiddenFor('gru', { gates });
    const layer = gatedCellProvider.create(request(hidden));
    const weights = randomiseWeights(layer, 12);
    const actual = (layer.apply(inputTensor()) as tf.Tensor).arraySync() as number[][];
    assertClose(actual, inputs.map((xs) => referenceGru(weights, xs, gates)), 'gru');
  });
}

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  test(`${cell}: the stock layer equals the reference${cell === 'rnn' ? '' : ' and the custom cell with the same weights'}`, () => {
    const hidden = hiddenFor(cell, {});
    const stock = stockLayerProvider.create(request(hidden));
    const weights = randomiseWeights(stock, 13);
    const stockOut = (stock.apply(inputTensor()) as tf.Tensor).arraySync() as number[][];
    const reference = inputs.map((xs) => (cell === 'lstm' ? referenceLstm(weights, xs, hidden) : cell === 'gru' ? referenceGru(weights, xs, hidden.gates) : referenceRnn(weights, xs)));
    assertClose(stockOut, reference, `stock ${cell}`);
    if (cell === 'rnn') return;
    const custom = gatedCellProvider.create(request(hidden));
    custom.apply(tf.zeros([1, STEPS, INPUTS]));
    custom.setWeights(stock.getWeights());
    assertClose((custom.apply(inputTensor()) as tf.Tensor).arraySync() as number[][], stockOut, `custom ${cell}`);
  });
}

test('standard configurations compile to stock layers, variants to the gated cell', () => {
  const layerClass = (hidden: Partial<HiddenSpec>) => buildModel(makeSpec({ hidden }), 1).layers[0].getClassName();
  assert.equal(layerClass({ cell: 'lstm' }), 'LSTM');
  assert.equal(layerClass({ cell: 'gru', gates: ['update', 'reset'] }), 'GRU');
  assert.equal(layerClass({ cell: 'rnn', gates: [] }), 'SimpleRNN');
  assert.equal(layerClass({ cell: 'lstm', gates: ['input', 'output'] }), 'GatedRNN');
  assert.equal(layerClass({ cell: 'lstm', coupled: true }), 'GatedRNN');
  assert.equal(layerClass({ cell: 'gru', gates: ['reset'] }), 'GatedRNN');
  // tfjs defaults to hard_sigmoid gates; the spec's sigmoid must reach the layer.
  const lstm = buildModel(makeSpec({ hidden: { cell: 'lstm' } }), 1).layers[0].getConfig();
  assert.equal(lstm.recurrentActivation, 'sigmoid');
});

test('countParams follows the parameter contract, stacked and bidirectional too', () => {
  const cases: Partial<HiddenSpec>[] = [
    { cell: 'lstm', units: [5, 3] },
    { cell: 'lstm', units: [4], gates: ['input', 'output'] },
    { cell: 'lstm', units: [4], coupled: true, peepholes: true },
    { cell: 'lstm', units: [4], peepholes: true },
    { cell: 'gru', units: [6, 2], gates: ['update', 'reset'] },
    { cell: 'gru', units: [3], gates: ['reset'] },
    { cell: 'rnn', units: [7], gates: [] },
    { cell: 'lstm', units: [4, 3], bidirectional: true, gates: ['forget', 'output'] },
    { cell: 'gru', units: [3], bidirectional: true, gates: ['update', 'reset'] },
  ];
  for (const hidden of cases) {
    const spec = makeSpec({ hidden, features: 2, outputUnits: 2 });
    const model = buildModel(spec, 3);
    const directions = spec.hidden.bidirectional ? 2 : 1;
    let inputs = 2;
    let expected = 0;
    for (const units of spec.hidden.units) {
      expected += directions * recurrentParams(spec.hidden, inputs, units);
      inputs = directions * units;
    }
    expected += inputs * 2 + 2;
    assert.equal(model.countParams(), expected, JSON.stringify(hidden));
  }
});

test('same seed, same initial weights; other seed, other weights', () => {
  const weights = (seed: number, bidirectional = false) =>
    buildModel(makeSpec({ hidden: { cell: 'lstm', bidirectional } }), seed).getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(weights(4), weights(4));
  assert.notDeepEqual(weights(4), weights(5));
  // The two directions of a bidirectional layer do not start equal.
  const both = weights(4, true);
  assert.notDeepEqual(both[0], both[3]);
});

async function roundTrip(model: LayersModel): Promise<LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return loadLayersModel(tf.io.fromMemory(artifacts!));
}

for (const hidden of [
  { cell: 'lstm' as const, gates: ['forget', 'output'], peepholes: true, units: [3, 2] },
  { cell: 'gru' as const, gates: ['update'], bidirectional: true, units: [3] },
  { cell: 'lstm' as const, gates: ['input', 'forget', 'output'], coupled: true, units: [3] },
  // A snake_case activation comes back from tfjs's deserialisation in camelCase (hardSigmoid).
  { cell: 'gru' as const, gates: ['reset'], gate_activation: 'hard_sigmoid', units: [3] },
] satisfies Partial<HiddenSpec>[]) {
  test(`save and load a variant model (${JSON.stringify(hidden)}) gives identical predictions`, async () => {
    const model = buildModel(makeSpec({ hidden, timesteps: STEPS, features: INPUTS }), 8);
    const loaded = await roundTrip(model);
    const x = inputTensor();
    assert.deepEqual((loaded.predict(x) as tf.Tensor).arraySync(), (model.predict(x) as tf.Tensor).arraySync());
  });
}
