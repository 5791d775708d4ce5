export { inspectData, schemaFact } from './inspect';
export { loadDataset } from './load';
export { splitWindows } from './split';
export { denormalize } from './normalize';
export { nodeFileSystem, resolveDataPath } from './source-file';
export * from './types';
