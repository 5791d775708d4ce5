export { inspectData } from '../../language';
export { loadDataset } from './load';
export { splitWindows } from '../../language';
export { denormalize } from './normalize';
export { nodeFileSystem, resolveDataPath } from '../../language';
export * from '../../language';
