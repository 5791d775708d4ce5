// Loads dist/kernels.wasm (built from kernels/src by `npm run build:kernels`)
// and runs its fused forward / backward passes on plain Float32Arrays. The
// module owns one linear memory; every call lays its buffers out from
// __heap_base upwards, grows the memory when needed, and copies results out,
// so nothing is kept in the module between calls.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CELLS } from '../schema/schema';
import type { CellKind } from '../spec';

/** Activation ids of kernels/src/math.h. */
const KERNEL_ACTIVATIONS: Record<string, number> = { linear: 0, tanh: 1, sigmoid: 2, hard_sigmoid: 3, relu: 4 };

export function kernelSupportsActivation(name: string): boolean {
  return name in KERNEL_ACTIVATIONS;
}

/** What the kernel needs to know about one recurrent layer. */
export interface KernelCellConfig {
  cell: CellKind;
  units: number;
  activation: string;
  gateActivation: string;
  /** Active gates, names from the schema. */
  gates: string[];
  coupled: boolean;
  peepholes: boolean;
}

export interface SequenceShape {
  batch: number;
  timesteps: number;
  features: number;
}

export interface LayerWeights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  /** LSTM with peepholes: [input, forget, output] blocks of `units`. */
  peepholes?: Float32Array;
}

export interface ForwardOptions {
  /** Return only the last step's hidden state [batch, units] instead of the whole sequence. */
  lastStepOnly: boolean;
  /** Keep the activations for a backward pass (a gradient is being recorded). */
  keepCache: boolean;
}

export interface ForwardResult {
  /** [batch, timesteps, units], or [batch, units] with lastStepOnly. */
  output: Float32Array;
  /** Where the activations for the backward pass live, when kept. */
  cache?: CacheHandle;
}

/**
 * Activations of one forward pass, kept inside the module's memory (copying
 * them out and back costs more than the arithmetic on small layers). A
 * handle is valid until its backward pass ran or it was garbage-collected.
 */
export class CacheHandle {
  constructor(
    readonly slot: CacheSlot,
    readonly generation: number,
  ) {}
  get valid(): boolean {
    return this.slot.generation === this.generation && this.slot.inUse;
  }
}

interface CacheSlot {
  offset: number;
  floats: number;
  generation: number;
  inUse: boolean;
}

export interface WeightGradients {
  input: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  peepholes?: Float32Array;
}

/** Number of weight blocks per cell (1 rnn, 3 gru, 4 lstm), from the schema. */
export function cellBlocks(cell: CellKind): number {
  const entry = CELLS.find((c) => c.name === cell);
  const blocks = entry?.facts?.blocks;
  if (typeof blocks !== 'number') throw new Error(`kernels: the schema has no block count for cell "${cell}"`);
  return blocks;
}

/** Bit i is set when the cell's i-th canonical gate (schema order) is active; LSTM adds coupled (8) and peepholes (16). */
export function kernelFlags(config: KernelCellConfig): number {
  const canonical = (CELLS.find((c) => c.name === config.cell)?.facts?.gates as string[] | undefined) ?? [];
  let flags = 0;
  canonical.forEach((gate, index) => {
    if (config.gates.includes(gate)) flags |= 1 << index;
  });
  if (config.cell === 'lstm') {
    if (config.coupled) flags |= 8;
    if (config.peepholes) flags |= 16;
  }
  return flags;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  rnn_forward(...args: number[]): void;
  rnn_backward(...args: number[]): void;
  lstm_forward(...args: number[]): void;
  lstm_backward(...args: number[]): void;
  gru_forward(...args: number[]): void;
  gru_backward(...args: number[]): void;
}

const PAGE_BYTES = 65536;

/** Bump allocation of float buffers inside the module's memory for one call. */
class CallLayout {
  private end: number;
  constructor(base: number) {
    this.end = base;
  }
  floats(count: number): number {
    const at = (this.end + 15) & ~15;
    this.end = at + Math.max(count, 1) * 4;
    return at;
  }
  get bytes(): number {
    return this.end;
  }
}

export class RecurrentKernels {
  private readonly exports: KernelExports;
  /** Cache slots live in [heapBase, scratchBase); every call's own buffers start at scratchBase. */
  private scratchBase: number;
  private readonly slots: CacheSlot[] = [];
  private readonly collector = new FinalizationRegistry<{ slot: CacheSlot; generation: number }>(({ slot, generation }) => {
    if (slot.generation === generation) slot.inUse = false;
  });

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.exports = instance.exports as unknown as KernelExports;
    this.scratchBase = Number(this.exports.__heap_base.value);
  }

  private reserve(bytes: number): Float32Array {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
    return new Float32Array(memory.buffer);
  }

  private acquireSlot(floats: number): CacheHandle {
    let slot = this.slots.find((s) => !s.inUse && s.floats >= floats);
    if (!slot) {
      slot = { offset: (this.scratchBase + 15) & ~15, floats, generation: 0, inUse: false };
      this.scratchBase = slot.offset + floats * 4;
      this.slots.push(slot);
    }
    slot.inUse = true;
    slot.generation++;
    const handle = new CacheHandle(slot, slot.generation);
    this.collector.register(handle, { slot, generation: slot.generation });
    return handle;
  }

  /** Slots kept by the module (for tests: a finished backward pass gives its slot back). */
  get cacheSlotsInUse(): number {
    return this.slots.filter((s) => s.inUse).length;
  }

  cacheSize(config: KernelCellConfig, shape: SequenceShape): number {
    const perStep = shape.batch * config.units;
    const steps = shape.timesteps;
    if (config.cell === 'rnn') return steps * perStep;
    if (config.cell === 'lstm') return steps * perStep * 6;
    return steps * perStep * 5;
  }

  /** Lays out the inputs every call shares and resolves the kernel's integer arguments. */
  private inputFrame(config: KernelCellConfig, shape: SequenceShape, layout: CallLayout): InputFrame {
    const { batch: B, timesteps: T, features: F } = shape;
    const U = config.units;
    const NG = U * cellBlocks(config.cell);
    return {
      T, B, F, U, NG,
      px: layout.floats(B * T * F),
      pW: layout.floats(F * NG),
      pR: layout.floats(U * NG),
      pb: layout.floats(NG),
      pPeep: layout.floats(3 * U),
      peepholes: config.cell === 'lstm' && config.peepholes,
      act: activationId(config.activation),
      gact: activationId(config.gateActivation),
      flags: kernelFlags(config),
    };
  }

  private writeInputs(heap: Float32Array, frame: InputFrame, input: Float32Array, weights: LayerWeights): void {
    heap.set(input, frame.px / 4);
    heap.set(weights.kernel, frame.pW / 4);
    heap.set(weights.recurrentKernel, frame.pR / 4);
    heap.set(weights.bias, frame.pb / 4);
    if (frame.peepholes) {
      if (!weights.peepholes) throw new Error('kernels: peepholes are on but no peephole weights were given');
      heap.set(weights.peepholes, frame.pPeep / 4);
    }
  }

  forward(config: KernelCellConfig, shape: SequenceShape, input: Float32Array, weights: LayerWeights, options: ForwardOptions): ForwardResult {
    const cacheSize = this.cacheSize(config, shape);
    const cache = options.keepCache ? this.acquireSlot(cacheSize) : undefined;
    const layout = new CallLayout(this.scratchBase);
    const f = this.inputFrame(config, shape, layout);
    const { T, B, F, U } = f;
    const pOut = layout.floats(B * T * U);
    const pCache = cache ? cache.slot.offset : layout.floats(cacheSize);
    const pWork = layout.floats(B * U + U);
    const heap = this.reserve(layout.bytes);
    this.writeInputs(heap, f, input, weights);
    const pPeep = f.peepholes ? f.pPeep : 0;
    if (config.cell === 'rnn') this.exports.rnn_forward(T, B, F, U, f.act, f.px, f.pW, f.pR, f.pb, pOut, pCache);
    else if (config.cell === 'lstm')
      this.exports.lstm_forward(T, B, F, U, f.flags, f.act, f.gact, f.px, f.pW, f.pR, f.pb, pPeep, pOut, pCache, pWork);
    else this.exports.gru_forward(T, B, F, U, f.flags, f.act, f.gact, f.px, f.pW, f.pR, f.pb, pOut, pCache, pWork);
    const out = pOut / 4;
    if (!options.lastStepOnly) return { output: heap.slice(out, out + B * T * U), cache };
    const last = new Float32Array(B * U);
    for (let b = 0; b < B; b++) last.set(heap.subarray(out + (b * T + T - 1) * U, out + (b * T + T) * U), b * U);
    return { output: last, cache };
  }

  /**
   * Backpropagation through time. `outputGradient` matches the forward
   * output ([batch, timesteps, units], or [batch, units] with lastStepOnly).
   * A cache that is no longer valid is rebuilt by running the forward again.
   */
  backward(
    config: KernelCellConfig,
    shape: SequenceShape,
    input: Float32Array,
    weights: LayerWeights,
    cache: CacheHandle,
    outputGradient: Float32Array,
    lastStepOnly: boolean,
  ): WeightGradients {
    if (!cache.valid) cache = this.forward(config, shape, input, weights, { lastStepOnly, keepCache: true }).cache!;
    try {
      return this.backwardFrom(config, shape, input, weights, cache.slot.offset, outputGradient, lastStepOnly);
    } finally {
      cache.slot.inUse = false;
    }
  }

  private backwardFrom(
    config: KernelCellConfig,
    shape: SequenceShape,
    input: Float32Array,
    weights: LayerWeights,
    pCache: number,
    outputGradient: Float32Array,
    lastStepOnly: boolean,
  ): WeightGradients {
    const layout = new CallLayout(this.scratchBase);
    const f = this.inputFrame(config, shape, layout);
    const { T, B, F, U, NG } = f;
    const pDout = layout.floats(B * T * U);
    const pdx = layout.floats(B * T * F);
    const pdW = layout.floats(F * NG);
    const pdR = layout.floats(U * NG);
    const pdb = layout.floats(NG);
    const pdPeep = layout.floats(3 * U);
    const pWork = layout.floats(T * B * NG + 3 * B * U + 12 * U + NG * U + NG * F);
    const heap = this.reserve(layout.bytes);
    this.writeInputs(heap, f, input, weights);
    const dout = pDout / 4;
    if (lastStepOnly) {
      heap.fill(0, dout, dout + B * T * U);
      for (let b = 0; b < B; b++) heap.set(outputGradient.subarray(b * U, (b + 1) * U), dout + (b * T + T - 1) * U);
    } else {
      heap.set(outputGradient, dout);
    }
    const [pPeep, pdPeepOrNull] = f.peepholes ? [f.pPeep, pdPeep] : [0, 0];
    if (config.cell === 'rnn') this.exports.rnn_backward(T, B, F, U, f.act, f.px, f.pW, f.pR, pCache, pDout, pdx, pdW, pdR, pdb, pWork);
    else if (config.cell === 'lstm')
      this.exports.lstm_backward(T, B, F, U, f.flags, f.act, f.gact, f.px, f.pW, f.pR, pPeep, pCache, pDout, pdx, pdW, pdR, pdb, pdPeepOrNull, pWork);
    else this.exports.gru_backward(T, B, F, U, f.flags, f.act, f.gact, f.px, f.pW, f.pR, pCache, pDout, pdx, pdW, pdR, pdb, pWork);
    const take = (at: number, count: number) => heap.slice(at / 4, at / 4 + count);
    return {
      input: take(pdx, B * T * F),
      kernel: take(pdW, F * NG),
      recurrentKernel: take(pdR, U * NG),
      bias: take(pdb, NG),
      peepholes: f.peepholes ? take(pdPeep, 3 * U) : undefined,
    };
  }
}

/** Sizes, buffer offsets and integer arguments shared by a forward and a backward call. */
interface InputFrame {
  T: number;
  B: number;
  F: number;
  U: number;
  NG: number;
  px: number;
  pW: number;
  pR: number;
  pb: number;
  pPeep: number;
  peepholes: boolean;
  act: number;
  gact: number;
  flags: number;
}

function activationId(name: string): number {
  const id = KERNEL_ACTIVATIONS[name];
  if (id === undefined) throw new Error(`kernels: activation "${name}" has no fused implementation`);
  return id;
}

/** Where the built kernels may be: next to the bundle (dist/), or dist/ from the sources. */
function kernelPaths(): string[] {
  const paths = [join(__dirname, 'kernels.wasm'), join(__dirname, '..', '..', '..', 'dist', 'kernels.wasm')];
  if (process.env.RNN_KERNELS_WASM) paths.unshift(process.env.RNN_KERNELS_WASM);
  return paths;
}

let loaded: RecurrentKernels | null | undefined;

/** The fused kernels, or null when dist/kernels.wasm has not been built (no clang). */
export function loadRecurrentKernels(): RecurrentKernels | null {
  if (loaded !== undefined) return loaded;
  const path = kernelPaths().find((p) => existsSync(p));
  loaded = path ? new RecurrentKernels(new WebAssembly.Module(readFileSync(path))) : null;
  return loaded;
}
