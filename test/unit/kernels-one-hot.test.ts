// A one-hot input given to the kernels as indices (xi) against the same input
// as dense rows of 0 and 1: the outputs and every gradient (kernel, recurrent
// kernel, bias, peepholes, the state gradients' squares and, when asked, the
// input's) within 1e-5, for the three cells, with a step mask, a recurrent
// dropout mask and rows of zeros, on the wasm build, the native build and
// every native variant this CPU runs; and with no input gradient asked for,
// the rest unchanged. Also the check that decides which inputs go as indices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneHotIndices } from '../../core/src/engine/kernels/one-hot';
import { loadNativeVariant } from '../../core/src/engine/kernels/native-machine';
import { nativeVariants } from '../../core/src/engine/kernels/native-variants';
import {
  RecurrentKernels,
  cellBlocks,
  sequenceInput,
  type KernelCellConfig,
  type LayerWeights,
  type SequenceInput,
  type SequenceShape,
  type WeightGradients,
} from '../../core/src/engine/kernels/recurrent-kernels';
import { cellGates } from '../../core/src/language';
import { createRandom } from '../../core/src/engine/util/random';
import { KERNEL_BUILDS, assertValuesClose } from './kernels-helpers';

test('oneHotIndices: the index of each row of one 1, -1 for a row of zeros', () => {
  const x = Float32Array.from([0, 1, 0, /**/ 0, 0, 0, /**/ 1, 0, 0, /**/ 0, 0, 1]);
  assert.deepEqual([...oneHotIndices(x, 3)!], [1, -1, 0, 2]);
});

test('oneHotIndices: null as soon as a row is not one-hot (a 0.5, two 1s, a negative, a NaN)', () => {
  for (const row of [[0, 0.5, 0], [1, 0, 1], [0, -1, 0], [0, NaN, 1], [1, 0, NaN]]) {
    const x = Float32Array.from([1, 0, 0, ...row, 0, 0, 1]);
    assert.equal(oneHotIndices(x, 3), null, `row [${row}]`);
  }
});

test('sequenceInput: a one-hot batch goes as indices, any other dense; RNN_SPARSE_INPUT=0 keeps it dense', () => {
  const oneHot = Float32Array.from([0, 1, 0, 0, 0, 0]);
  assert.deepEqual(sequenceInput(oneHot, 3), { indices: Float32Array.from([1, -1]) });
  const dense = Float32Array.from([0, 1, 0, 0, 2, 0]);
  assert.equal(sequenceInput(dense, 3), dense);
  withDenseInput(() => assert.equal(sequenceInput(oneHot, 3), oneHot));
});

/** Runs `run` with the sparse input switched off (the dense reference). */
function withDenseInput<T>(run: () => T): T {
  const before = process.env.RNN_SPARSE_INPUT;
  process.env.RNN_SPARSE_INPUT = '0';
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.RNN_SPARSE_INPUT;
    else process.env.RNN_SPARSE_INPUT = before;
  }
}

const TIMESTEPS = 6;
const FEATURES = 5;
const UNITS = 4;
const config = (cell: KernelCellConfig['cell'], extra: Partial<KernelCellConfig> = {}): KernelCellConfig => ({
  cell,
  units: UNITS,
  activation: 'tanh',
  gateActivation: 'sigmoid',
  gates: cellGates(cell),
  coupled: false,
  peepholes: false,
  ...extra,
});

interface Case {
  name: string;
  config: KernelCellConfig;
  batch: number;
  lastStepOnly: boolean;
  recurrentMask: boolean;
}

const CASES: Case[] = [
  { name: 'rnn', config: config('rnn'), batch: 5, lastStepOnly: false, recurrentMask: false },
  { name: 'rnn, last step, recurrent dropout', config: config('rnn'), batch: 17, lastStepOnly: true, recurrentMask: true },
  { name: 'lstm with peepholes', config: config('lstm', { peepholes: true }), batch: 17, lastStepOnly: false, recurrentMask: true },
  { name: 'lstm coupled, last step', config: config('lstm', { coupled: true, gates: ['forget', 'output'] }), batch: 5, lastStepOnly: true, recurrentMask: false },
  { name: 'gru', config: config('gru'), batch: 17, lastStepOnly: false, recurrentMask: true },
  { name: 'gru without reset gate, last step', config: config('gru', { gates: ['update'] }), batch: 5, lastStepOnly: true, recurrentMask: false },
];

/** Seeded indices in [0, FEATURES) with a few -1 (rows of zeros), sequence 0's second step among them; and the same as dense rows. */
function oneHotBatch(batch: number, next: () => number): { indices: Float32Array; dense: Float32Array } {
  const indices = Float32Array.from({ length: batch * TIMESTEPS }, () => (next() < 0.15 ? -1 : Math.floor(next() * FEATURES)));
  indices[1] = -1;
  const dense = new Float32Array(batch * TIMESTEPS * FEATURES);
  indices.forEach((index, row) => {
    if (index >= 0) dense[row * FEATURES + index] = 1;
  });
  return { indices, dense };
}

function compare(kernels: RecurrentKernels, c: Case, seed: number): void {
  const { next } = createRandom(seed);
  const random = (size: number, scale: number) => Float32Array.from({ length: size }, () => (next() * 2 - 1) * scale);
  const shape: SequenceShape = { batch: c.batch, timesteps: TIMESTEPS, features: FEATURES };
  const U = c.config.units;
  const NG = U * cellBlocks(c.config.cell);
  const { indices, dense } = oneHotBatch(c.batch, next);
  const stepMask = new Float32Array(c.batch * TIMESTEPS);
  for (let b = 0; b < c.batch; b++) stepMask.fill(1, b * TIMESTEPS, b * TIMESTEPS + 1 + ((b * 3) % TIMESTEPS));
  const weights: LayerWeights = {
    kernel: random(FEATURES * NG, 0.6),
    recurrentKernel: random(U * NG, 0.6),
    bias: random(NG, 0.3),
    peepholes: c.config.peepholes ? random(3 * U, 0.5) : undefined,
    recurrentMask: c.recurrentMask ? Float32Array.from({ length: c.batch * U }, () => (next() < 0.3 ? 0 : 1 / 0.7)) : undefined,
    stepMask,
  };
  const outputGradient = random(c.lastStepOnly ? c.batch * U : c.batch * TIMESTEPS * U, 1);
  const pass = (input: SequenceInput, inputGradient: boolean) => {
    const { output, cache } = kernels.forward(c.config, shape, input, weights, { lastStepOnly: c.lastStepOnly, keepCache: true });
    const grads = kernels.backward(c.config, shape, input, weights, cache!, outputGradient, c.lastStepOnly, { stateGradients: true, inputGradient });
    return { output, grads };
  };
  const want = withDenseInput(() => pass(dense, true));
  const got = pass({ indices }, true);
  const without = pass({ indices }, false);
  assert.ok(want.output.some((v) => Math.abs(v) > 1e-3), 'the layer computes something');
  assertClose(got.output, want.output, 'output');
  for (const key of ['input', 'kernel', 'recurrentKernel', 'bias', 'peepholes', 'stateGradientSquares'] as const) {
    assert.equal(got.grads[key] === undefined, want.grads[key] === undefined, `${key}: given by both or neither`);
    if (want.grads[key]) assertClose(got.grads[key]!, want.grads[key]!, `gradient of ${key}`);
  }
  assert.equal(without.grads.input, undefined, 'no input gradient when none is asked for');
  const rest = (g: WeightGradients) => ({ ...g, input: undefined });
  assert.deepEqual(rest(without.grads), rest(got.grads), 'asking for no input gradient changes no other gradient');
  assert.deepEqual(without.output, got.output);
}

function assertClose(actual: Float32Array | Float64Array, expected: Float32Array | Float64Array, what: string): void {
  assertValuesClose(actual, expected, 1e-5, what, ['indices', 'dense']);
}

const variants = nativeVariants().map(({ name }) => {
  const { machine, problem } = loadNativeVariant(name, 2);
  return { build: `native ${name} variant`, kernels: machine ? new RecurrentKernels(machine) : null, skip: machine ? false : (problem ?? 'not loaded') };
});

for (const { build, kernels, skip } of [...KERNEL_BUILDS, ...variants]) {
  for (const [index, c] of CASES.entries()) {
    test(`one-hot indices match the dense one-hot input: ${c.name}, batch ${c.batch}, step mask (${build} kernels)`, { skip }, () => {
      compare(kernels!, c, 700 + index);
    });
  }
}
