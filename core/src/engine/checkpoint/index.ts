export { RunWriter } from './run-writer';
export { loadRun } from './load';
export { fileIOHandler } from './model-files';
export { runSpec, RunSpecError } from './run-spec';
