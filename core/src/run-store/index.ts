// The run store's one public entry: the files of a run folder, their schemas
// and format number, writing the JSON half of a run and reading runs back.
// Node only, but no tfjs: the CLI, the language server and the extension host
// all read runs through it. The engine adds the model files (engine/checkpoint).
export {
  RUN_FORMAT, SUMMARY_FILE, METRICS_FILE, SPEC_FILE, MODEL_FILE, WEIGHTS_FILE, RESOLVED_SPEC_FILE, NOTES_FILE, TRASH_FOLDER,
  RESUME_DIR, RESUME_STATE_FILE, TENSORBOARD_DIR, INSIGHT_PROBE_WINDOWS, INSIGHT_HISTOGRAM_BINS, INSIGHT_TRACE_BUDGET,
} from './files';
export {
  runNotesSchema, type RunNotes, runSummarySchema, trainEventSchema, TRAIN_EVENT_SCHEMAS, eventTypeOf, type RunSummary, type RunSweep,
  resumeStateSchema, type ResumeState,
} from '../shared';
export { writeFileAtomic } from './atomic';
export { createRunDir, runTimestamp } from './folder';
export { RunFolderWriter, RunStoreError } from './write';
export { readInsight, type InsightLog } from './insight';
export { judgeRunState, writerIdentity, HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS, type RunState } from './liveness';
export {
  tryReadSummary, readSummary, readEventLog, readEvents, readSpecCopy, readResolvedSpec, readResumeCheckpoint,
  type SummaryRead, type EventLog, type ResumeCheckpointRead,
} from './read';
export { listRuns, type RunEntry } from './list';
export { readNotes, updateNotes } from './notes';
export { removeRun, type RemovedTo, type RemoveOptions } from './remove';
