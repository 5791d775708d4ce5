// The engine layer's one public entry: a checked spec -> data windows -> a tfjs
// model (stock layers or fused kernels) -> a training run in the run store.
// It uses the language only through the language's public entry.
export * from './data';
export * from './backend';
export { buildModel, buildModelWithInfo, summarizeLayers } from './compile/model';
export { portableLayerProviders, type RecurrentLayerProvider, type RecurrentLayerRequest } from './compile/providers';
export { cellGates } from './compile/gates';
export { SeededOrthogonal } from './compile/initializers';
export { loadResumePoint, resumeSpec, specChanges, ResumeError, type ResumePoint } from './train';
export { InsightRecorder, traceData, type InsightHistogramSink, type InsightOptions, type InsightProbe } from './train/callbacks/insight';
export { train, clipGradients, globalNorm, generateText, KERNEL_OPTIONS, type TrainOptions, type RunResult, type KernelOption } from './train';
export type { Callback, RunContext, TrainingContext, RunSetup, RunHistory, BatchLogs, EpochLogs, RunEnd } from './train';
export * from './checkpoint';
export * from './interop';
export * from '../run-store';
export { FusedRecurrent } from './kernels/fused-layer';
export { loadKernelBuild, loadNativeVariants, loadRecurrentKernels, type KernelBuild } from './kernels/load';
export { fusedKernelProviders } from './kernels/provider';
export type { KernelCellConfig } from './kernels/recurrent-kernels';
export { softmaxCrossEntropy } from './kernels/output-kernel';
export { createRandom } from './util/random';
export { FORMULA_SYMBOLS, KERNEL_ABI, kernelAbiNumber } from './kernels/abi';
export * from './predict';
export { EventFileWriter, EVENT_FILE_VERSION, encodeEvent, frameRecord, maskedCrc32c, type Histogram, type Scalar } from './tensorboard/event-file';
export { probeRecurrentLayers, type ProbeRequest, type LayerProbe } from './insight/probe';
