// Time-ordered validation split shared by the checker (via DataFacts) and the loader.
import type { WindowSplit } from './types';

/**
 * Windows to drop at the boundary of windows cut from one series, `stride`
 * steps apart, each followed by `horizon` target rows: enough that the first
 * validation window starts after the last training target, so no validation
 * input was ever a training target (stride 1: `timesteps + horizon - 1`
 * windows; stride = timesteps, horizon 1: one window).
 */
export function boundaryGap(timesteps: number, stride: number, horizon = 1): number {
  return Math.max(0, Math.ceil((timesteps + horizon) / stride) - 1);
}

/**
 * The last `validationSplit` of the windows is validation, the `gap` windows
 * before it are dropped (0 for independent sequences such as the adding problem).
 */
export function splitWindows(windows: number, validationSplit: number, gap: number): WindowSplit {
  const total = Math.max(0, windows);
  const validation = validationSplit > 0 ? Math.floor(total * validationSplit) : 0;
  const usedGap = validation > 0 ? Math.min(gap, total - validation) : 0;
  return { train: Math.max(0, total - validation - usedGap), validation, gap: usedGap };
}

/** Windows of `timesteps` inputs plus `horizon` target rows, starting every `stride` steps of a series of `length`. */
export function windowCount(length: number, timesteps: number, stride: number, horizon = 1): number {
  return length >= timesteps + horizon ? Math.floor((length - timesteps - horizon) / stride) + 1 : 0;
}

/**
 * How labelled sequences divide: `validationSplit` of all of them, or with
 * `stratify` of every class (rounded per class), so both parts keep the
 * class proportions. Whole sequences, no gap. `validationPerClass` is what
 * the loader draws from each class when stratified.
 */
export function splitLabelled(counts: readonly number[], validationSplit: number, stratify: boolean): WindowSplit & { validationPerClass?: number[] } {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!stratify || validationSplit <= 0) return splitWindows(total, validationSplit, 0);
  const validationPerClass = counts.map((count) => Math.min(count, Math.round(count * validationSplit)));
  const validation = validationPerClass.reduce((a, b) => a + b, 0);
  return { train: total - validation, validation, gap: 0, validationPerClass };
}
