// Runs the every-step output layer's kernel (kernels/src/output.c: logits,
// softmax, sparse cross-entropy, hits and the gradients of h, W and b in one
// call) on plain Float32Arrays, on either build, the halves of a batch on two
// threads like the recurrent kernels. Kept apart from recurrent-kernels.ts:
// it has no cell and no cache, only a call laid out above the cache slots.
import { floatsOf, kernelCall, kernelEntry, type KernelCall } from './abi';
import { sumParts, type RecurrentKernels, type ResidentBuffer } from './recurrent-kernels';

const SOFTMAX_XENT = kernelEntry('softmax_xent');

export interface SoftmaxCrossEntropyInput {
  batch: number;
  timesteps: number;
  units: number;
  classes: number;
  /** The recurrent layer's outputs [batch, timesteps, units], or where an earlier call left them in the kernels' memory. */
  hidden: Float32Array | ResidentBuffer;
  /** [units, classes]. */
  kernel: Float32Array;
  /** [classes]. */
  bias: Float32Array;
  /** Class index of every step [batch, timesteps]. */
  targets: Float32Array;
  /** 1 a real step, 0 padding [batch, timesteps]; absent: every step is real. */
  stepMask?: Float32Array;
  /** The factor of every gradient (dL/dloss over the real steps of the batch); absent: no gradients. */
  gradientScale?: number;
  /** Leave the gradient of hidden in the kernels' memory (for the recurrent backward pass) instead of copying it out. */
  residentHiddenGradient?: boolean;
}

export interface SoftmaxCrossEntropyResult {
  /** Σ over the real steps of -ln p(target), clipped where p underflows. */
  lossSum: number;
  /** Σ over the real steps of 1 where the largest logit is the target's. */
  hits: number;
  /** With gradientScale: the gradients of hidden (copied out, or resident), kernel and bias. */
  gradients?: { hidden: Float32Array | ResidentBuffer; kernel: Float32Array; bias: Float32Array };
}

export function softmaxCrossEntropy(kernels: RecurrentKernels, input: SoftmaxCrossEntropyInput): SoftmaxCrossEntropyResult {
  const { batch: B, timesteps: T, units: U, classes: C, gradientScale } = input;
  const grads = gradientScale !== undefined;
  const parts = kernels.split(B);
  const resident = input.hidden instanceof Float32Array ? undefined : input.hidden;
  const layout = kernels.callLayout(resident?.end);
  const h = resident ? resident.at : layout.floats(B * T * U);
  const Wo = layout.floats(U * C);
  const bo = layout.floats(C);
  const targets = layout.floats(B * T);
  const smask = input.stepMask ? layout.floats(B * T) : 0;
  const scale = layout.floats(1);
  const dh = grads ? layout.floats(B * T * U) : 0;
  const own = parts.map((part) => ({
    stats: layout.floats(4),
    dWo: grads ? layout.floats(U * C) : 0,
    dbo: grads ? layout.floats(C) : 0,
    work: layout.floats(floatsOf(SOFTMAX_XENT.workTerms, T, part.size, 0, U, C)),
  }));
  const calls = parts.map((part, i): KernelCall => {
    const rows = part.start * T;
    const { stats, dWo, dbo, work } = own[i];
    return kernelCall(SOFTMAX_XENT, {
      T,
      B: part.size,
      U,
      C,
      h: h + rows * U * 4,
      Wo,
      bo,
      targets: targets + rows * 4,
      smask: smask && smask + rows * 4,
      scale,
      stats,
      dh: dh && dh + rows * U * 4,
      dWo,
      dbo,
      work,
    });
  });
  const heap = kernels.reserve(layout.bytes);
  if (!resident) heap.set(input.hidden as Float32Array, h / 4);
  heap.set(input.kernel, Wo / 4);
  heap.set(input.bias, bo / 4);
  heap.set(input.targets, targets / 4);
  if (input.stepMask) heap.set(input.stepMask, smask / 4);
  heap[scale / 4] = gradientScale ?? 0;
  kernels.run(calls);
  let lossSum = 0;
  let hits = 0;
  for (const { stats } of own) {
    const sums = new Float64Array(heap.buffer, heap.byteOffset + stats, 2);
    lossSum += sums[0];
    hits += sums[1];
  }
  if (!grads) return { lossSum, hits };
  const sum = (pick: (o: (typeof own)[number]) => number, count: number) => sumParts(heap, own.map(pick), count);
  return {
    lossSum,
    hits,
    gradients: {
      hidden: input.residentHiddenGradient ? { at: dh, end: layout.bytes } : heap.slice(dh / 4, dh / 4 + B * T * U),
      kernel: sum((o) => o.dWo, U * C),
      bias: sum((o) => o.dbo, C),
    },
  };
}
