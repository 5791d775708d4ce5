// Runs the fused forward / backward passes (kernels/src) on plain
// Float32Arrays, on either build of the kernels (a KernelMachine: the
// WebAssembly module or the native addon). Both see one linear memory; every
// call lays its buffers out above the cache slots, grows the memory when
// needed, and copies results out, so only forward caches stay between calls.
import type { KernelCall, KernelMachine } from './machine';
import { cellFacts, cellGates } from '../../language';
import type { CellKind } from '../../shared';

/** Activation ids of kernels/src/math.h. */
const KERNEL_ACTIVATIONS: Record<string, number> = { linear: 0, tanh: 1, sigmoid: 2, hard_sigmoid: 3, relu: 4, elu: 5, selu: 6 };

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
  /**
   * Not a weight but fixed for a forward pass and its backward pass alike:
   * the recurrent dropout mask [batch, units] (0 or 1/(1-rate)) that
   * multiplies the previous state before every recurrent multiply.
   */
  recurrentMask?: Float32Array;
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
 * Activations of one forward pass, kept inside the kernels' memory (copying
 * them out and back costs more than the arithmetic on small layers), one slot
 * per part of the batch. A handle is valid until its backward pass ran or it
 * was garbage-collected.
 */
export class CacheHandle {
  constructor(readonly parts: { slot: CacheSlot; generation: number }[]) {}
  get valid(): boolean {
    return this.parts.every((p) => p.slot.generation === p.generation && p.slot.inUse);
  }
  release(): void {
    for (const p of this.parts) if (p.slot.generation === p.generation) p.slot.inUse = false;
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
  const blocks = cellFacts(cell)?.blocks;
  if (blocks === undefined) throw new Error(`kernels: the schema has no block count for cell "${cell}"`);
  return blocks;
}

/** Bit i is set when the cell's i-th canonical gate (schema order) is active; LSTM adds coupled (8) and peepholes (16). */
export function kernelFlags(config: KernelCellConfig): number {
  const canonical = cellGates(config.cell);
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

/** Below this batch size a second thread costs more than it saves. */
const MIN_SPLIT_BATCH = 16;
/** GEMM_KC of kernels/src/gemm.h: rows of one packed block of the long weight-gradient multiply. */
const GEMM_PACK_ROWS = 256;

/** Bump allocation of float buffers inside the kernels' memory for one call. */
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

/** A contiguous run of batch rows handled by one thread. */
interface BatchPart {
  start: number;
  size: number;
}

export class RecurrentKernels {
  /** Cache slots live in [heapBase, scratchBase); every call's own buffers start at scratchBase. */
  private scratchBase: number;
  private readonly slots: CacheSlot[] = [];
  /** A handle collected before its backward pass (inference under a tape, an abandoned step) gives its slots back. */
  private readonly collector = new FinalizationRegistry<{ slot: CacheSlot; generation: number }[]>((parts) => {
    for (const { slot, generation } of parts) if (slot.generation === generation) slot.inUse = false;
  });

  constructor(private readonly machine: KernelMachine) {
    this.scratchBase = machine.heapBase;
  }

  /** Which build runs the kernels: "wasm" or "native". */
  get machineName(): KernelMachine['name'] {
    return this.machine.name;
  }

  /** 1 or 2: how many threads run a large batch. */
  get threads(): number {
    return this.machine.threads;
  }

  private reserve(bytes: number): Float32Array {
    return this.machine.reserve(bytes);
  }

  private split(batch: number): BatchPart[] {
    if (this.machine.threads < 2 || batch < MIN_SPLIT_BATCH) return [{ start: 0, size: batch }];
    const first = Math.ceil(batch / 2);
    return [
      { start: 0, size: first },
      { start: first, size: batch - first },
    ];
  }

  /** Runs the calls (one per batch part) at the same time. */
  private run(calls: KernelCall[]): void {
    this.machine.run(calls);
  }

  private acquireSlot(floats: number): { slot: CacheSlot; generation: number } {
    let slot = this.slots.find((s) => !s.inUse && s.floats >= floats);
    if (!slot) {
      slot = { offset: (this.scratchBase + 15) & ~15, floats, generation: 0, inUse: false };
      this.scratchBase = slot.offset + floats * 4;
      this.slots.push(slot);
    }
    slot.inUse = true;
    slot.generation++;
    return { slot, generation: slot.generation };
  }

  /** Slots kept in the kernels' memory (for tests: a finished backward pass gives its slots back). */
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
  private inputFrame(config: KernelCellConfig, shape: SequenceShape, weights: LayerWeights, layout: CallLayout): InputFrame {
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
      pMask: weights.recurrentMask ? layout.floats(B * U) : 0,
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
    if (weights.recurrentMask) heap.set(weights.recurrentMask, frame.pMask / 4);
  }

  forward(config: KernelCellConfig, shape: SequenceShape, input: Float32Array, weights: LayerWeights, options: ForwardOptions): ForwardResult {
    const parts = this.split(shape.batch);
    const cache = options.keepCache
      ? new CacheHandle(parts.map((p) => this.acquireSlot(this.cacheSize(config, { ...shape, batch: p.size }))))
      : undefined;
    if (cache) this.collector.register(cache, [...cache.parts]);
    const layout = new CallLayout(this.scratchBase);
    const f = this.inputFrame(config, shape, weights, layout);
    const { T, B, F, U } = f;
    const pOut = layout.floats(B * T * U);
    const calls = parts.map((part, i): KernelCall => {
      const pCache = cache ? cache.parts[i].slot.offset : layout.floats(this.cacheSize(config, { ...shape, batch: part.size }));
      const pWork = layout.floats(2 * part.size * U + U + f.NG * U);
      const pMask = f.pMask && f.pMask + part.start * U * 4;
      const px = f.px + part.start * T * F * 4;
      const po = pOut + part.start * T * U * 4;
      const P = part.size;
      if (config.cell === 'rnn') return { name: 'rnn_forward', args: [T, P, F, U, f.act, px, f.pW, f.pR, f.pb, pMask, po, pCache, pWork] };
      if (config.cell === 'lstm') {
        const pPeep = f.peepholes ? f.pPeep : 0;
        return { name: 'lstm_forward', args: [T, P, F, U, f.flags, f.act, f.gact, px, f.pW, f.pR, f.pb, pPeep, pMask, po, pCache, pWork] };
      }
      return { name: 'gru_forward', args: [T, P, F, U, f.flags, f.act, f.gact, px, f.pW, f.pR, f.pb, pMask, po, pCache, pWork] };
    });
    const heap = this.reserve(layout.bytes);
    this.writeInputs(heap, f, input, weights);
    this.run(calls);
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
    if (!cache.valid || cache.parts.length !== this.split(shape.batch).length) {
      cache.release();
      cache = this.forward(config, shape, input, weights, { lastStepOnly, keepCache: true }).cache!;
    }
    try {
      const parts = this.split(shape.batch);
      const layout = new CallLayout(this.scratchBase);
      const f = this.inputFrame(config, shape, weights, layout);
      const { T, B, F, U, NG } = f;
      const pDout = layout.floats(B * T * U);
      const pdx = layout.floats(B * T * F);
      // Each part accumulates its own weight gradients; they are summed below.
      const grads = parts.map((part) => ({
        dW: layout.floats(F * NG),
        dR: layout.floats(U * NG),
        db: layout.floats(NG),
        dPeep: layout.floats(3 * U),
        // ... + the masked states of every step and one masked gradient (recurrent dropout).
        work: layout.floats(T * part.size * NG + 3 * part.size * U + 12 * U + 2 * NG * U + NG * F + GEMM_PACK_ROWS * NG + (T + 1) * part.size * U),
      }));
      const calls = parts.map((part, i): KernelCall => {
        const g = grads[i];
        const P = part.size;
        const pCache = cache.parts[i].slot.offset;
        const px = f.px + part.start * T * F * 4;
        const pd = pDout + part.start * T * U * 4;
        const pdxPart = pdx + part.start * T * F * 4;
        const pMask = f.pMask && f.pMask + part.start * U * 4;
        if (config.cell === 'rnn') return { name: 'rnn_backward', args: [T, P, F, U, f.act, px, f.pW, f.pR, pMask, pCache, pd, pdxPart, g.dW, g.dR, g.db, g.work] };
        if (config.cell === 'lstm') {
          const [pPeep, pdPeep] = f.peepholes ? [f.pPeep, g.dPeep] : [0, 0];
          return {
            name: 'lstm_backward',
            args: [T, P, F, U, f.flags, f.act, f.gact, px, f.pW, f.pR, pPeep, pMask, pCache, pd, pdxPart, g.dW, g.dR, g.db, pdPeep, g.work],
          };
        }
        return { name: 'gru_backward', args: [T, P, F, U, f.flags, f.act, f.gact, px, f.pW, f.pR, pMask, pCache, pd, pdxPart, g.dW, g.dR, g.db, g.work] };
      });
      const heap = this.reserve(layout.bytes);
      this.writeInputs(heap, f, input, weights);
      const dout = pDout / 4;
      if (lastStepOnly) {
        heap.fill(0, dout, dout + B * T * U);
        for (let b = 0; b < B; b++) heap.set(outputGradient.subarray(b * U, (b + 1) * U), dout + (b * T + T - 1) * U);
      } else {
        heap.set(outputGradient, dout);
      }
      this.run(calls);
      const sum = (pick: (g: (typeof grads)[number]) => number, count: number) => {
        const total = heap.slice(pick(grads[0]) / 4, pick(grads[0]) / 4 + count);
        for (const g of grads.slice(1)) {
          const at = pick(g) / 4;
          for (let i = 0; i < count; i++) total[i] += heap[at + i];
        }
        return total;
      };
      return {
        input: heap.slice(pdx / 4, pdx / 4 + B * T * F),
        kernel: sum((g) => g.dW, F * NG),
        recurrentKernel: sum((g) => g.dR, U * NG),
        bias: sum((g) => g.db, NG),
        peepholes: f.peepholes ? sum((g) => g.dPeep, 3 * U) : undefined,
      };
    } finally {
      cache.release();
    }
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
  /** The recurrent dropout mask, or 0 (none). */
  pMask: number;
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
