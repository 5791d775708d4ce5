// Runs the fused forward / backward passes (kernels/src) on plain
// Float32Arrays, on either build of the kernels (a KernelMachine: the
// WebAssembly module or the native addon). Both see one linear memory; every
// call lays its buffers out above the cache slots, grows the memory when
// needed, and copies results out, so only forward caches stay between calls.
// The arguments of every call are named as in the kernels' table (abi.ts).
import { KERNEL_ABI, floatsOf, kernelCall, kernelEntry, kernelFlagBit, parseFormula, type KernelCall, type KernelCell } from './abi';
import type { KernelMachine } from './machine';
import { oneHotIndices } from './one-hot';
import { cellFacts, cellGates } from '../../language';
import type { CellKind } from '../../shared';

/** Activation name -> the kernels' id. */
const KERNEL_ACTIVATIONS = new Map<string, number>(KERNEL_ABI.activations.map((name, id) => [name, id]));

export function kernelSupportsActivation(name: string): boolean {
  return KERNEL_ACTIVATIONS.has(name);
}

const FORWARD = { rnn: kernelEntry('rnn_forward'), lstm: kernelEntry('lstm_forward'), gru: kernelEntry('gru_forward') };
const BACKWARD = { rnn: kernelEntry('rnn_backward'), lstm: kernelEntry('lstm_backward'), gru: kernelEntry('gru_backward') };
const LSTM_COUPLED = kernelFlagBit('lstm', 'coupled');
const LSTM_PEEPHOLES = kernelFlagBit('lstm', 'peepholes');

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
  /**
   * Fixed for a pass in the same way: which steps are real, [batch, timesteps]
   * (1 real, 0 padding at the end of a shorter sequence). A padded step
   * carries the state through and takes no gradient.
   */
  stepMask?: Float32Array;
}

/** A batch of one-hot input sequences as the index of each step's 1 ([batch, timesteps], -1 for a zero row). */
export interface OneHotInput {
  readonly indices: Float32Array;
}

/** The input of a call: dense [batch, timesteps, features], or one-hot as indices (kernels/src/recurrent.c, xi). */
export type SequenceInput = Float32Array | OneHotInput;

/**
 * The input as the kernels will take it: as indices when every row of x is
 * one-hot or zero, else dense. RNN_SPARSE_INPUT=0 keeps it dense (to measure
 * one against the other on the same run). Decide once per pass and give the
 * result to both its forward and backward calls: the check reads all of x.
 */
export function sequenceInput(x: SequenceInput, features: number): SequenceInput {
  if (!(x instanceof Float32Array) || process.env.RNN_SPARSE_INPUT === '0') return x;
  const indices = oneHotIndices(x, features);
  return indices ? { indices } : x;
}

export interface BackwardOptions {
  /** Also sum, per step, the squares of the state's total gradient (WeightGradients.stateGradientSquares). */
  stateGradients?: boolean;
  /** Compute the input's gradient (default); false when nothing before the layer trains. */
  inputGradient?: boolean;
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
  /** Absent when the call asked for no input gradient. */
  input?: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  peepholes?: Float32Array;
  /** Asked for with `stateGradients`: per step (processing order), Σ over batch and units of (dL/dh_t)², h_t's total gradient. */
  stateGradientSquares?: Float64Array;
}

/** What a forward pass kept, copied out time-major over the whole batch: [T, batch, units] and [T, batch, blocks·units]. */
export interface CachedActivations {
  /** The states h_t. */
  hidden: Float32Array;
  /** LSTM: the cell states c_t. */
  cell?: Float32Array;
  /** LSTM and GRU: the activated blocks of every step in the kernels' full layout (lstm i f c o, gru z r h); a missing gate holds its constant. */
  blocks?: Float32Array;
}

/** Number of weight blocks per cell (1 rnn, 3 gru, 4 lstm), from the schema. */
export function cellBlocks(cell: CellKind): number {
  const blocks = cellFacts(cell)?.blocks;
  if (blocks === undefined) throw new Error(`kernels: the schema has no block count for cell "${cell}"`);
  return blocks;
}

/** Bit i is set when the cell's i-th canonical gate (schema order, the table's flag order) is active; LSTM adds coupled and peepholes. */
export function kernelFlags(config: KernelCellConfig): number {
  const canonical = cellGates(config.cell);
  let flags = 0;
  canonical.forEach((gate, index) => {
    if (config.gates.includes(gate)) flags |= 1 << index;
  });
  if (config.cell === 'lstm') {
    if (config.coupled) flags |= LSTM_COUPLED;
    if (config.peepholes) flags |= LSTM_PEEPHOLES;
  }
  return flags;
}

/** Below this batch size a second thread costs more than it saves. */
const MIN_SPLIT_BATCH = 16;

/** A buffer a call left in the kernels' memory for the next: at byte `at`; the next call lays out its own from `end`. */
export interface ResidentBuffer {
  at: number;
  end: number;
}

/** Bump allocation of float buffers inside the kernels' memory for one call. */
export class CallLayout {
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
export interface BatchPart {
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

  /** The memory, grown to at least `bytes` (a layout's end); views taken before may be stale. */
  reserve(bytes: number): Float32Array {
    return this.machine.reserve(bytes);
  }

  /**
   * Where a call's own buffers may start: above the cache slots (other entry
   * points lay out their calls from here), or from `from` on when what an
   * earlier call left below it (a resident buffer) is still wanted.
   */
  callLayout(from = 0): CallLayout {
    return new CallLayout(Math.max(this.scratchBase, from));
  }

  /** The parts of a batch that run at the same time, one per thread. */
  split(batch: number): BatchPart[] {
    if (this.machine.threads < 2 || batch < MIN_SPLIT_BATCH) return [{ start: 0, size: batch }];
    const first = Math.ceil(batch / 2);
    return [
      { start: 0, size: first },
      { start: first, size: batch - first },
    ];
  }

  /** Runs the calls (one per batch part) at the same time. */
  run(calls: KernelCall[]): void {
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
    return floatsOf(FORWARD[config.cell].cacheTerms, shape.timesteps, shape.batch, shape.features, config.units);
  }

  /**
   * The states and activated gates a forward pass kept (read straight from its
   * cache, nothing recomputed), for insight's traces; the handle stays valid.
   */
  cachedActivations(config: KernelCellConfig, shape: SequenceShape, cache: CacheHandle): CachedActivations {
    if (!cache.valid) throw new Error(`kernels: the ${config.cell} forward cache is no longer there`);
    const { batch, timesteps: T } = shape;
    const U = config.units;
    const NG = U * cellBlocks(config.cell);
    const heap = this.reserve(this.scratchBase);
    const hidden = new Float32Array(T * batch * U);
    const cell = config.cell === 'lstm' ? new Float32Array(T * batch * U) : undefined;
    const blocks = config.cell === 'rnn' ? undefined : new Float32Array(T * batch * NG);
    // Each part's cache holds [T, part rows, ...] pieces laid out as the table says: interleave the rows back into the batch.
    const copy = (target: Float32Array, part: string, width: number, start: number, rows: number, base: number) => {
      const source = base + cachePartOffset(config.cell, part, T, rows, shape.features, U);
      for (let t = 0; t < T; t++) {
        const from = source + t * rows * width;
        target.set(heap.subarray(from, from + rows * width), (t * batch + start) * width);
      }
    };
    this.split(batch).forEach(({ start, size: rows }, i) => {
      const base = cache.parts[i].slot.offset / 4;
      copy(hidden, 'H', U, start, rows, base);
      if (cell) copy(cell, 'C', U, start, rows, base);
      if (blocks) copy(blocks, 'G', NG, start, rows, base);
    });
    return { hidden, cell, blocks };
  }

  /** Lays out the inputs every call shares and resolves the kernel's integer arguments. */
  private inputFrame(config: KernelCellConfig, shape: SequenceShape, input: SequenceInput, weights: LayerWeights, layout: CallLayout): InputFrame {
    const { batch: B, timesteps: T, features: F } = shape;
    const U = config.units;
    const NG = U * cellBlocks(config.cell);
    const dense = input instanceof Float32Array;
    return {
      T, B, F, U, NG,
      px: dense ? layout.floats(B * T * F) : 0,
      pxi: dense ? 0 : layout.floats(B * T),
      pW: layout.floats(F * NG),
      pR: layout.floats(U * NG),
      pb: layout.floats(NG),
      pPeep: layout.floats(3 * U),
      pMask: weights.recurrentMask ? layout.floats(B * U) : 0,
      pSteps: weights.stepMask ? layout.floats(B * T) : 0,
      peepholes: config.cell === 'lstm' && config.peepholes,
      act: activationId(config.activation),
      gact: activationId(config.gateActivation),
      flags: kernelFlags(config),
    };
  }

  private writeInputs(heap: Float32Array, frame: InputFrame, input: SequenceInput, weights: LayerWeights): void {
    if (input instanceof Float32Array) heap.set(input, frame.px / 4);
    else heap.set(input.indices, frame.pxi / 4);
    heap.set(weights.kernel, frame.pW / 4);
    heap.set(weights.recurrentKernel, frame.pR / 4);
    heap.set(weights.bias, frame.pb / 4);
    if (frame.peepholes) {
      if (!weights.peepholes) throw new Error('kernels: peepholes are on but no peephole weights were given');
      heap.set(weights.peepholes, frame.pPeep / 4);
    }
    if (weights.recurrentMask) heap.set(weights.recurrentMask, frame.pMask / 4);
    if (weights.stepMask) heap.set(weights.stepMask, frame.pSteps / 4);
  }

  forward(config: KernelCellConfig, shape: SequenceShape, input: SequenceInput, weights: LayerWeights, options: ForwardOptions): ForwardResult {
    const { lastStepOnly, keepCache } = options;
    const { heap, at, cache, cacheParts } = this.runForward(config, shape, input, weights, keepCache, !lastStepOnly);
    const { batch: B, timesteps: T, features: F } = shape;
    const U = config.units;
    if (!lastStepOnly) return { output: heap.slice(at / 4, at / 4 + B * T * U), cache };
    // No output sequence was written: each part's last state is its cache's last step, [rows, units].
    const last = new Float32Array(B * U);
    this.split(B).forEach(({ start, size: rows }, i) => {
      const from = cacheParts[i] / 4 + cachePartOffset(config.cell, 'H', T, rows, F, U) + (T - 1) * rows * U;
      last.set(heap.subarray(from, from + rows * U), start * U);
    });
    return { output: last, cache };
  }

  /**
   * forward() of the whole sequence whose output stays in the kernels'
   * memory: [batch, timesteps, units] at byte `at`, valid until a call lays
   * out its buffers below `end` (the every-step output kernel reads it there,
   * and its gradient comes back the same way: fused-sequence-loss.ts).
   */
  forwardResident(config: KernelCellConfig, shape: SequenceShape, input: SequenceInput, weights: LayerWeights, keepCache: boolean): ResidentBuffer & { cache?: CacheHandle } {
    const { at, end, cache } = this.runForward(config, shape, input, weights, keepCache, true);
    return { at, end, cache };
  }

  /** One forward call per batch part; the output sequence (at byte `at`) only when `sequence` is asked for. */
  private runForward(config: KernelCellConfig, shape: SequenceShape, given: SequenceInput, weights: LayerWeights, keepCache: boolean, sequence: boolean) {
    const input = sequenceInput(given, shape.features);
    const parts = this.split(shape.batch);
    const cache = keepCache
      ? new CacheHandle(parts.map((p) => this.acquireSlot(this.cacheSize(config, { ...shape, batch: p.size }))))
      : undefined;
    if (cache) this.collector.register(cache, [...cache.parts]);
    const layout = this.callLayout();
    const f = this.inputFrame(config, shape, input, weights, layout);
    const { T, B, F, U } = f;
    const pOut = sequence ? layout.floats(B * T * U) : 0;
    const cacheParts = parts.map((part, i) => (cache ? cache.parts[i].slot.offset : layout.floats(this.cacheSize(config, { ...shape, batch: part.size }))));
    const calls = parts.map((part, i): KernelCall => {
      const pCache = cacheParts[i];
      const P = part.size;
      const work = layout.floats(floatsOf(FORWARD[config.cell].workTerms, T, P, F, U));
      const { rmask, smask, x, xi } = partInputs(f, part);
      const out = pOut && pOut + part.start * T * U * 4;
      const { act, gact, flags, pW: W, pR: R, pb: bias } = f;
      if (config.cell === 'rnn') return kernelCall(FORWARD.rnn, { T, B: P, F, U, act, x, xi, W, R, bias, rmask, smask, out, cache: pCache, work });
      if (config.cell === 'lstm') {
        const peep = f.peepholes ? f.pPeep : 0;
        return kernelCall(FORWARD.lstm, { T, B: P, F, U, flags, act, gact, x, xi, W, R, bias, peep, rmask, smask, out, cache: pCache, work });
      }
      return kernelCall(FORWARD.gru, { T, B: P, F, U, flags, act, gact, x, xi, W, R, bias, rmask, smask, out, cache: pCache, work });
    });
    const heap = this.reserve(layout.bytes);
    this.writeInputs(heap, f, input, weights);
    this.run(calls);
    return { heap, at: pOut, end: layout.bytes, cache, cacheParts };
  }

  /**
   * Backpropagation through time. `outputGradient` matches the forward
   * output ([batch, timesteps, units], or [batch, units] with lastStepOnly),
   * or lies in the kernels' memory already (a ResidentBuffer of the whole
   * sequence's gradient). A cache that is no longer valid is rebuilt by
   * running the forward again (not with a resident gradient: that rebuild
   * would lay its buffers over it).
   */
  backward(
    config: KernelCellConfig,
    shape: SequenceShape,
    given: SequenceInput,
    weights: LayerWeights,
    cache: CacheHandle,
    outputGradient: Float32Array | ResidentBuffer,
    lastStepOnly: boolean,
    options: BackwardOptions = {},
  ): WeightGradients {
    const { stateGradients = false, inputGradient = true } = options;
    const input = sequenceInput(given, shape.features);
    const resident = outputGradient instanceof Float32Array ? undefined : outputGradient;
    const values = outputGradient instanceof Float32Array ? outputGradient : undefined;
    if (!cache.valid || cache.parts.length !== this.split(shape.batch).length) {
      if (resident) throw new Error(`kernels: the ${config.cell} forward cache is no longer there`);
      cache.release();
      cache = this.forward(config, shape, input, weights, { lastStepOnly, keepCache: true }).cache!;
    }
    try {
      const parts = this.split(shape.batch);
      const layout = this.callLayout(resident?.end);
      const f = this.inputFrame(config, shape, input, weights, layout);
      const { T, B, F, U, NG } = f;
      // A model that predicts after the last step sends the last step's gradient alone (dlast [B, U]).
      const pDout = resident ? resident.at : lastStepOnly ? 0 : layout.floats(B * T * U);
      const pDlast = lastStepOnly ? layout.floats(B * U) : 0;
      const pdx = inputGradient ? layout.floats(B * T * F) : 0;
      // Each part accumulates its own weight gradients; they are summed below.
      const grads = parts.map((part) => ({
        dW: layout.floats(F * NG),
        dR: layout.floats(U * NG),
        db: layout.floats(NG),
        dPeep: layout.floats(3 * U),
        dhsq: stateGradients ? layout.floats(2 * T) : 0,
        work: layout.floats(floatsOf(BACKWARD[config.cell].workTerms, T, part.size, F, U)),
      }));
      const calls = parts.map((part, i): KernelCall => {
        const { dW, dR, db, dhsq, work } = grads[i];
        const P = part.size;
        const cachePart = cache.parts[i].slot.offset;
        const dout = pDout && pDout + part.start * T * U * 4;
        const dlast = pDlast && pDlast + part.start * U * 4;
        const dx = pdx && pdx + part.start * T * F * 4;
        const { rmask, smask, x, xi } = partInputs(f, part);
        const { act, gact, flags, pW: W, pR: R } = f;
        if (config.cell === 'rnn') {
          return kernelCall(BACKWARD.rnn, { T, B: P, F, U, act, x, xi, W, R, rmask, smask, cache: cachePart, dout, dlast, dx, dW, dR, db, dhsq, work });
        }
        if (config.cell === 'lstm') {
          const peep = f.peepholes ? f.pPeep : 0;
          const dpeep = f.peepholes ? grads[i].dPeep : 0;
          return kernelCall(BACKWARD.lstm, { T, B: P, F, U, flags, act, gact, x, xi, W, R, peep, rmask, smask, cache: cachePart, dout, dlast, dx, dW, dR, db, dpeep, dhsq, work });
        }
        return kernelCall(BACKWARD.gru, { T, B: P, F, U, flags, act, gact, x, xi, W, R, rmask, smask, cache: cachePart, dout, dlast, dx, dW, dR, db, dhsq, work });
      });
      const heap = this.reserve(layout.bytes);
      this.writeInputs(heap, f, input, weights);
      if (resident) {
        if (lastStepOnly) throw new Error('kernels: a resident output gradient is of the whole sequence');
      } else {
        heap.set(values!, (lastStepOnly ? pDlast : pDout) / 4);
      }
      this.run(calls);
      const sum = (pick: (g: (typeof grads)[number]) => number, count: number) => sumParts(heap, grads.map(pick), count);
      return {
        input: pdx ? heap.slice(pdx / 4, pdx / 4 + B * T * F) : undefined,
        kernel: sum((g) => g.dW, F * NG),
        recurrentKernel: sum((g) => g.dR, U * NG),
        bias: sum((g) => g.db, NG),
        peepholes: f.peepholes ? sum((g) => g.dPeep, 3 * U) : undefined,
        stateGradientSquares: stateGradients ? sumSquares(heap, grads.map((g) => g.dhsq), T) : undefined,
      };
    } finally {
      cache.release();
    }
  }
}

/** Where the piece `name` (H, C, G) of a cell's cache starts, in floats, by the table's layout (the C side's *_cache). */
function cachePartOffset(cell: KernelCell, name: string, T: number, B: number, F: number, U: number): number {
  let offset = 0;
  for (const part of KERNEL_ABI.cells[cell].cache as readonly { name: string; floats: string }[]) {
    if (part.name === name) return offset;
    offset += floatsOf(parseFormula(part.floats, cellBlocks(cell)), T, B, F, U);
  }
  throw new Error(`kernels: the ${cell} cache has no part ${name}`);
}

/** The element-wise sum of the parts' buffers (`count` floats each at byte offsets `offsets`): their weight gradients. */
export function sumParts(heap: Float32Array, offsets: number[], count: number): Float32Array {
  const total = heap.slice(offsets[0] / 4, offsets[0] / 4 + count);
  for (const offset of offsets.slice(1)) {
    const at = offset / 4;
    for (let i = 0; i < count; i++) total[i] += heap[at + i];
  }
  return total;
}

/** The parts' per-step sums of squares (T doubles each at byte offset `at`), added up. */
function sumSquares(heap: Float32Array, offsets: number[], T: number): Float64Array {
  const total = new Float64Array(T);
  for (const at of offsets) {
    const part = new Float64Array(heap.buffer, heap.byteOffset + at, T);
    for (let t = 0; t < T; t++) total[t] += part[t];
  }
  return total;
}

/** Sizes, buffer offsets and integer arguments shared by a forward and a backward call. */
interface InputFrame {
  T: number;
  B: number;
  F: number;
  U: number;
  NG: number;
  /** The dense input, or 0 when it is given as one-hot indices (pxi). */
  px: number;
  /** The one-hot input's indices [B, T], or 0 (dense). */
  pxi: number;
  pW: number;
  pR: number;
  pb: number;
  pPeep: number;
  /** The recurrent dropout mask, or 0 (none). */
  pMask: number;
  /** The step mask, or 0 (every step is real). */
  pSteps: number;
  peepholes: boolean;
  act: number;
  gact: number;
  flags: number;
}

/** Byte offsets of a batch part's rows of the input (dense x or one-hot xi), the recurrent dropout mask and the step mask (0: none). */
function partInputs(frame: InputFrame, part: BatchPart): { x: number; xi: number; rmask: number; smask: number } {
  return {
    x: frame.px && frame.px + part.start * frame.T * frame.F * 4,
    xi: frame.pxi && frame.pxi + part.start * frame.T * 4,
    rmask: frame.pMask && frame.pMask + part.start * frame.U * 4,
    smask: frame.pSteps && frame.pSteps + part.start * frame.T * 4,
  };
}

function activationId(name: string): number {
  const id = KERNEL_ACTIVATIONS.get(name);
  if (id === undefined) throw new Error(`kernels: activation "${name}" has no fused implementation`);
  return id;
}
