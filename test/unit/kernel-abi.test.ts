// The kernels' calling convention is one table (core/src/engine/kernels/abi.ts):
// the C header and the addon's dispatch are generated from it, it agrees with
// the schema, and every call RecurrentKernels lays out fits it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ADDON_ENTRIES_PATH, KERNEL_HEADER_PATH, renderAddonEntries, renderKernelHeader } from '../../scripts/gen-kernel-abi';
import { KERNEL_ABI, KERNEL_ENTRIES, floatsOf, kernelAbiNumber, parseFormula, type KernelCall } from '../../core/src/engine/kernels/abi';
import type { KernelMachine } from '../../core/src/engine/kernels/machine';
import { RecurrentKernels, cellBlocks, type KernelCellConfig, type LayerWeights } from '../../core/src/engine/kernels/recurrent-kernels';
import { cellGates } from '../../core/src/engine/compile/gates';

const REGENERATE = 'run `node --import tsx scripts/gen-kernel-abi.ts` after changing the table, then `npm run build`';

test('kernels/src/recurrent.h and native/src/entries.h are what the generator writes from the table', () => {
  assert.equal(readFileSync(KERNEL_HEADER_PATH, 'utf8'), renderKernelHeader(), REGENERATE);
  assert.equal(readFileSync(ADDON_ENTRIES_PATH, 'utf8'), renderAddonEntries(), REGENERATE);
});

test("the table's cells agree with the schema: weight blocks, and gate flags in the schema's gate order", () => {
  for (const [cell, facts] of Object.entries(KERNEL_ABI.cells) as [keyof typeof KERNEL_ABI.cells, (typeof KERNEL_ABI.cells)['lstm']][]) {
    assert.equal(facts.blocks, cellBlocks(cell), `${cell} blocks`);
    const gateFlags = facts.flags.filter((flag) => flag.endsWith('_gate'));
    assert.deepEqual(gateFlags, cellGates(cell).map((gate) => `${gate}_gate`), `${cell} gate flags`);
    assert.deepEqual(facts.flags.slice(0, gateFlags.length), gateFlags, `${cell}: the gate flags come first`);
  }
});

test('the ABI number follows the calling convention: argument order and sizes change it, notes do not', () => {
  type Table = { entries: { args: { name: string; note: string }[]; work: { floats: string }[] }[] };
  const copy = (): Table => JSON.parse(JSON.stringify(KERNEL_ABI));
  assert.equal(kernelAbiNumber(copy()), kernelAbiNumber());
  const swapped = copy();
  const args = swapped.entries[2].args;
  [args[7], args[8]] = [args[8], args[7]];
  assert.notEqual(kernelAbiNumber(swapped), kernelAbiNumber());
  const resized = copy();
  resized.entries[3].work[0].floats = 'T*B*U';
  assert.notEqual(kernelAbiNumber(resized), kernelAbiNumber());
  const renoted = copy();
  renoted.entries[0].args[0].note = 'another wording';
  assert.equal(kernelAbiNumber(renoted), kernelAbiNumber());
});

test('a size formula evaluates as the C expression it is', () => {
  const lstm = parseFormula('T*B*NG + 3*U + GEMM_KC*NG', 4);
  const [T, B, F, U] = [5, 3, 2, 7];
  assert.equal(floatsOf(lstm, T, B, F, U), T * B * 4 * U + 3 * U + KERNEL_ABI.gemmKc * 4 * U);
  assert.throws(() => parseFormula('T*Q', 1), /unknown symbol "Q"/);
});

/** A machine that runs nothing: it records the calls and the memory asked for. */
class RecordingMachine implements KernelMachine {
  readonly name = 'wasm';
  readonly heapBase = 1024;
  bytes = 0;
  readonly batches: KernelCall[][] = [];
  constructor(readonly threads: number) {}
  reserve(bytes: number): Float32Array {
    this.bytes = Math.max(this.bytes, bytes);
    return new Float32Array(Math.ceil(this.bytes / 4));
  }
  run(calls: KernelCall[]): void {
    this.batches.push(calls);
  }
}

interface Extent {
  name: string;
  start: number;
  end: number;
  written: boolean;
}

/** The byte ranges a call's buffers cover by the table's sizes (absent buffers left out). */
function extents(call: KernelCall): Extent[] {
  const row = KERNEL_ABI.entries[call.entry.id];
  const { T, B, F, U, C } = call.args;
  const blocks = call.entry.cell ? KERNEL_ABI.cells[call.entry.cell].blocks : 1;
  return row.args.flatMap((arg): Extent[] => {
    if (arg.kind === 'int') return [];
    const offset = call.args[arg.name];
    if (offset === 0) {
      assert.ok('optional' in arg && arg.optional, `${row.name}: ${arg.name} may not be absent`);
      return [];
    }
    const terms = arg.floats === 'cache' ? call.entry.cacheTerms : arg.floats === 'work' ? call.entry.workTerms : parseFormula(arg.floats, blocks);
    return [{ name: `${row.name}.${arg.name}`, start: offset, end: offset + 4 * floatsOf(terms, T, B, F, U, C), written: arg.kind === 'out' }];
  });
}

const overlap = (a: Extent, b: Extent) => a.start < b.end && b.start < a.end;

/** Every buffer lies inside the memory; nothing a call writes overlaps another buffer of the calls running with it. */
function assertFitsTable(machine: RecordingMachine, calls: KernelCall[], batch: number): void {
  assert.equal(calls.reduce((sum, c) => sum + c.args.B, 0), batch, 'the parts cover the batch');
  const all = calls.map(extents);
  for (const [i, own] of all.entries()) {
    assert.deepEqual(Object.keys(calls[i].args).sort(), [...calls[i].entry.order].sort(), `${calls[i].entry.name}: the arguments of the table`);
    for (const e of own) assert.ok(e.start >= machine.heapBase && e.end <= machine.bytes, `${e.name} lies outside the memory`);
    for (const w of own.filter((e) => e.written)) {
      for (const [j, others] of all.entries()) {
        for (const o of others) {
          if (o !== w) assert.ok(!overlap(w, o), `${w.name} (call ${i}) overlaps ${o.name} (call ${j})`);
        }
      }
    }
  }
}

const random = (size: number) => Float32Array.from({ length: size }, (_, i) => Math.sin(i));

const CONFIGS: { config: KernelCellConfig; mask: boolean }[] = [
  { config: { cell: 'rnn', units: 5, activation: 'tanh', gateActivation: 'sigmoid', gates: [], coupled: false, peepholes: false }, mask: false },
  { config: { cell: 'lstm', units: 6, activation: 'tanh', gateActivation: 'sigmoid', gates: cellGates('lstm'), coupled: false, peepholes: true }, mask: true },
  { config: { cell: 'lstm', units: 4, activation: 'relu', gateActivation: 'hard_sigmoid', gates: ['forget', 'output'], coupled: true, peepholes: false }, mask: false },
  { config: { cell: 'gru', units: 7, activation: 'tanh', gateActivation: 'sigmoid', gates: cellGates('gru'), coupled: false, peepholes: false }, mask: true },
];

for (const threads of [1, 2]) {
  for (const { config, mask } of CONFIGS) for (const stateGradients of [false, true]) {
    const asked = `${mask ? ', dropout mask' : ''}${stateGradients ? ', state gradients' : ''}`;
    test(`every ${config.cell} call RecurrentKernels lays out fits the table (${threads} thread${threads > 1 ? 's' : ''}${asked})`, () => {
      const machine = new RecordingMachine(threads);
      const kernels = new RecurrentKernels(machine);
      const shape = { batch: 17, timesteps: 4, features: 3 };
      const U = config.units;
      const NG = U * cellBlocks(config.cell);
      const weights: LayerWeights = {
        kernel: random(shape.features * NG),
        recurrentKernel: random(U * NG),
        bias: random(NG),
        ...(config.peepholes ? { peepholes: random(3 * U) } : {}),
        ...(mask ? { recurrentMask: random(shape.batch * U) } : {}),
      };
      const input = random(shape.batch * shape.timesteps * shape.features);
      const { cache } = kernels.forward(config, shape, input, weights, { lastStepOnly: false, keepCache: true });
      kernels.backward(config, shape, input, weights, cache!, random(shape.batch * shape.timesteps * U), false, { stateGradients });
      assert.deepEqual(machine.batches.map((calls) => calls.map((c) => c.entry.name)), [
        Array(threads).fill(`${config.cell}_forward`),
        Array(threads).fill(`${config.cell}_backward`),
      ]);
      for (const calls of machine.batches) assertFitsTable(machine, calls, shape.batch);
      const [forward, backward] = machine.batches;
      assert.deepEqual(backward.map((c) => c.args.cache), forward.map((c) => c.args.cache), 'the backward pass reads the caches the forward pass wrote');
      // Training asks for no state gradients, and the kernels then add up nothing (NULL).
      assert.ok(backward.every((c) => (c.args.dhsq !== 0) === stateGradients), 'dhsq is laid out exactly when state gradients are asked for');
    });
  }
}

for (const { config } of CONFIGS) {
  test(`a one-hot ${config.cell} input goes as indices (xi, no x) and a pass without an input gradient lays out no dx; the calls fit the table`, () => {
    const machine = new RecordingMachine(2);
    const kernels = new RecurrentKernels(machine);
    const shape = { batch: 17, timesteps: 4, features: 3 };
    const U = config.units;
    const NG = U * cellBlocks(config.cell);
    const weights: LayerWeights = { kernel: random(3 * NG), recurrentKernel: random(U * NG), bias: random(NG), ...(config.peepholes ? { peepholes: random(3 * U) } : {}) };
    const oneHot = new Float32Array(17 * 4 * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
    const { cache } = kernels.forward(config, shape, oneHot, weights, { lastStepOnly: false, keepCache: true });
    kernels.backward(config, shape, oneHot, weights, cache!, random(17 * 4 * U), false, { inputGradient: false });
    for (const calls of machine.batches) {
      assertFitsTable(machine, calls, shape.batch);
      assert.ok(calls.every((c) => c.args.x === 0 && c.args.xi !== 0), `${calls[0].entry.name}: indices, not x`);
    }
    assert.ok(machine.batches[1].every((c) => c.args.dx === 0), 'no dx');
  });
}

test('every entry point takes its integers before its buffers (the addon decodes them in that order)', () => {
  for (const entry of KERNEL_ENTRIES) {
    const kinds = KERNEL_ABI.entries[entry.id].args.map((a) => (a.kind === 'int' ? 'int' : 'buffer'));
    assert.deepEqual(kinds, [...kinds].sort((a, b) => (a === b ? 0 : a === 'int' ? -1 : 1)), entry.name);
  }
});
