export { train } from './loop';
export { KERNEL_OPTIONS, type TrainOptions, type RunResult, type KernelOption } from './options';
export { clipGradients, globalNorm } from './clip';
export { generateText, sampleIndex } from './generate';
export { loadResumePoint, resumeSpec, specChanges, ResumeError, type ResumePoint } from './resume';
export type { Callback, RunContext, TrainingContext, RunSetup, RunHistory, BatchLogs, EpochLogs, RunEnd } from './callbacks/callback';
