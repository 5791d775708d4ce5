export { train } from './loop';
export type { TrainOptions, RunResult } from './options';
export { clipGradients, globalNorm } from './clip';
export { generateText, sampleIndex } from './generate';
export type * from './protocol';
