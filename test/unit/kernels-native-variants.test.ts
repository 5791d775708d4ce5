// The prebuilt variants of the native addon (the ones the .vsix ships, one
// per instruction set): each one this CPU runs is loaded by name and checked
// against the WebAssembly build on the same layers, weights and step masks:
// outputs and the gradients of the input and every weight within 1e-4 (the
// kernel tests' tolerance), for rnn, gru and lstm with gate variants, at every
// step and at the last, split between two threads, with recurrent dropout.
// A variant the CPU cannot run is skipped with the reason; one that is not
// built fails under RNN_REQUIRE_NATIVE=1 (CI) and is skipped otherwise. And the
// machine code of each variant holds no instruction its CPU check does not
// vouch for, so the baseline loads on every x86-64.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { RecurrentLayerRequest } from '../../core/src/engine/compile/providers';
import { fusedLayerProvider } from '../../core/src/engine/kernels/provider';
import { loadKernelBuild } from '../../core/src/engine/kernels/load';
import { loadNativeVariant, loadPrebuiltNativeMachine } from '../../core/src/engine/kernels/native-machine';
import { nativeVariants, prebuiltVariantPath } from '../../core/src/engine/kernels/native-variants';
import { RecurrentKernels } from '../../core/src/engine/kernels/recurrent-kernels';
import { seedDropout } from '../../core/src/engine/compile/dropout-seeds';
import { createRandom } from '../../core/src/engine/util/random';
import { assertClose, layerRequest, maskedGradients, seededUniform, stepMask } from './kernels-helpers';

const TIMESTEPS = 7;
const FEATURES = 3;
const UNITS = 6;
/** The vector width each variant's compiler flags (native/binding.gyp) must give. */
const VECTOR_BITS: Record<string, number> = { baseline: 128, avx2: 256, avx512: 512 };

const wasm = loadKernelBuild('wasm');
const ran: string[] = [];
const skipped: string[] = [];

/** Every case as [request, batch]: 16 rows and more are split between the two threads. */
const cases: [Partial<RecurrentLayerRequest>, number][] = [
  [{ cell: 'rnn', gates: [] }, 5],
  [{ cell: 'rnn', gates: [], activation: 'relu', returnSequences: false }, 17],
  [{ cell: 'gru', gates: ['update', 'reset'] }, 5],
  [{ cell: 'gru', gates: ['update'], returnSequences: false }, 17],
  [{ cell: 'lstm' }, 17],
  [{ cell: 'lstm', returnSequences: false }, 5],
  [{ cell: 'lstm', gates: ['forget', 'output'], peepholes: true }, 5],
  [{ cell: 'lstm', coupled: true, gateActivation: 'hard_sigmoid', returnSequences: false }, 5],
  [{ cell: 'lstm', recurrentDropout: 0.3 }, 5],
];

const label = (c: Partial<RecurrentLayerRequest>) =>
  [c.cell, c.gates && c.cell !== 'rnn' ? `gates [${c.gates.join(', ')}]` : '', c.peepholes ? 'peepholes' : '', c.coupled ? 'coupled' : '',
    c.recurrentDropout ? 'recurrent dropout' : '', c.returnSequences === false ? 'last step' : 'every step'].filter(Boolean).join(' ');

/** Both builds run the same layer, weights, inputs and mask of mixed lengths; the variant must give wasm's outputs and gradients. */
function compareWithWasm(variant: RecurrentKernels, overrides: Partial<RecurrentLayerRequest>, batch: number, seed: number): void {
  const req = layerRequest({ units: UNITS, ...overrides });
  const rand = seededUniform(seed);
  const x = tf.variable(rand([batch, TIMESTEPS, FEATURES], 1));
  const mask = stepMask(Array.from({ length: batch }, (_, b) => 1 + ((b * 3) % TIMESTEPS)), TIMESTEPS);
  const reference = fusedLayerProvider(wasm!).create({ ...req, name: 'on_wasm' });
  const tested = fusedLayerProvider(variant).create({ ...req, name: 'on_variant' });
  tf.dispose([reference.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor, tested.apply(tf.zeros([batch, TIMESTEPS, FEATURES])) as tf.Tensor]);
  const weights = reference.getWeights().map((w) => rand(w.shape, 0.6));
  reference.setWeights(weights);
  tested.setWeights(weights);
  const probe = rand(req.returnSequences ? [batch, TIMESTEPS, UNITS] : [batch, UNITS], 1);
  const training = req.recurrentDropout > 0;
  // The same dropout masks on both: drawn from the same seeded dropout seeds.
  if (training) for (const layer of [reference, tested]) seedDropout([layer], createRandom(seed).next);
  const want = maskedGradients(reference, x, probe, mask, training);
  const got = maskedGradients(tested, x, probe, mask, training);
  assert.ok(Math.abs(want.value.dataSync()[0]) > 1e-3, 'the layer computes something');
  assertClose(got.value, want.value, 1e-4, 'sum of the outputs times the probe');
  assertClose(got.input, want.input, 1e-4, 'input gradient');
  want.weights.forEach((w, i) => assertClose(got.weights[i], w, 1e-4, `gradient of ${reference.trainableWeights[i].originalName}`));
  tf.dispose([x, mask, probe, ...weights, ...want.all, ...got.all]);
  reference.dispose();
  tested.dispose();
}

tf.setBackend('cpu');
for (const { name } of nativeVariants()) {
  const { machine, problem } = loadNativeVariant(name, 2);
  const cpuCannot = !machine && /cannot run/.test(problem ?? '');
  if (!machine && !cpuCannot && process.env.RNN_REQUIRE_NATIVE === '1') throw new Error(`RNN_REQUIRE_NATIVE=1 but ${problem}`);
  const skip = !wasm ? 'dist/kernels.wasm is not built (npm run build:kernels)' : (problem ?? false);
  (skip ? skipped : ran).push(skip ? `${name} (${skip})` : name);
  const kernels = machine ? new RecurrentKernels(machine) : null;

  test(`the ${name} variant is what its name says: ${VECTOR_BITS[name] ?? '?'}-bit vectors`, { skip: machine ? false : skip }, () => {
    assert.equal(machine!.variant, name);
    if (VECTOR_BITS[name]) assert.equal(machine!.vectorBits, VECTOR_BITS[name]);
  });
  for (const [index, [overrides, batch]] of cases.entries()) {
    test(`${name} variant: ${label(overrides)}, batch ${batch}, step mask, matches the wasm build`, { skip }, () => {
      compareWithWasm(kernels!, overrides, batch, 500 + index);
    });
  }
}

/** The variant this CPU should get, from the kernel's own list of CPU flags: an oracle independent of the addon's cpuid. */
function expectedVariant(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim().split(/\s+/));
  const has = (...names: string[]) => names.every((n) => flags.has(n));
  return has('avx2', 'fma', 'avx512f', 'avx512vl', 'avx512bw', 'avx512dq') ? 'avx512' : has('avx2', 'fma') ? 'avx2' : 'baseline';
}

test('the engine without a build of its own (an installed extension) takes the widest variant this CPU runs, as /proc/cpuinfo tells it', { skip: ran.length === 0 ? 'no variant runs here' : !expectedVariant() && 'needs linux-x64' }, () => {
  const { machine, problem } = loadPrebuiltNativeMachine(1);
  assert.ok(machine, problem);
  assert.equal(machine.variant, expectedVariant());
});

/** How many instructions of the addon at `path` are VEX-encoded (AVX, AVX2, FMA) and EVEX-encoded (AVX-512), by their first byte in objdump's listing. */
function encodings(path: string): { vex: number; evex: number } {
  const listing = spawnSync('objdump', ['-d', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
  const counts = { vex: 0, evex: 0 };
  for (const line of listing.split('\n')) {
    const [, bytes, mnemonic] = line.split('\t');
    if (!mnemonic) continue; // a label, or the continuation of a long instruction's bytes
    const first = bytes.trim().split(' ')[0];
    if (first === 'c4' || first === 'c5') counts.vex++;
    else if (first === '62') counts.evex++; // BOUND in 32-bit code; in 64-bit code only EVEX begins so
  }
  return counts;
}

const objdump = spawnSync('objdump', ['--version']).status === 0;
const root = join(__dirname, '..', '..');
test('the variants hold only the instructions their CPU check allows: the baseline neither AVX nor AVX-512, the avx2 variant no AVX-512', {
  skip: process.arch !== 'x64' ? 'x64 only' : !objdump ? 'objdump not found (apt-get install binutils)' : !existsSync(prebuiltVariantPath(root, 'baseline')) && 'the variants are not built (npm run build)',
}, () => {
  const [baseline, avx2, avx512] = ['baseline', 'avx2', 'avx512'].map((name) => encodings(prebuiltVariantPath(root, name)));
  assert.deepEqual(baseline, { vex: 0, evex: 0 }, 'baseline: SSE2 only');
  assert.ok(avx2.vex > 0 && avx2.evex === 0, `avx2: ${JSON.stringify(avx2)}`);
  assert.ok(avx512.evex > 0, `avx512: ${JSON.stringify(avx512)}`);
});

after(() => {
  console.log(`native variants compared with the wasm build: ${ran.join(', ') || 'none'}; skipped: ${skipped.join('; ') || 'none'}`);
});
