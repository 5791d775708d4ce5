export { RunWriter, createRunDir, runTimestamp, type RunSummary, METRICS_FILE, SUMMARY_FILE, SPEC_FILE } from './store';
export { loadRun, listRuns, readEvents, readSummary, type RunEntry } from './read';
export { fileIOHandler, MODEL_FILE, WEIGHTS_FILE } from './file-io';
export { writeFileAtomic } from './atomic';
