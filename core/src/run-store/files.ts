// The files of a run folder <runsDir>/<Model>/<timestamp>/ (docs/run-format.md).

/** The run format this version writes, and the newest it reads. */
export const RUN_FORMAT = 1;

export const SUMMARY_FILE = 'summary.json';
export const METRICS_FILE = 'metrics.jsonl';
export const SPEC_FILE = 'model.rnn';
/** The checked, fully resolved spec (bases and the sweep trial's values applied) the run trains, as JSON. */
export const RESOLVED_SPEC_FILE = 'spec.json';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** Star, title, note, hidden: what the runs table lets a person write about a run. */
export const NOTES_FILE = 'notes.json';
/** Beside the model folders: deleted runs, where the system has no trash to take them. */
export const TRASH_FOLDER = '.trash';
/** The last epoch's checkpoint with the optimizer's state, to resume from (model.json holds the best weights). */
export const RESUME_DIR = 'last';
export const RESUME_STATE_FILE = 'state.json';
/** TensorBoard event files (engine/tensorboard/event-file.ts writes them). */
export const TENSORBOARD_DIR = 'tensorboard';

// insight.jsonl (shared/insight.ts names the file): the recording's figures docs/run-format.md states.
/** Windows in the insight probe batch at most; never more than a training batch, so the probe costs about one training step. */
export const INSIGHT_PROBE_WINDOWS = 64;
/** Bins per insight histogram: enough to see a distribution's shape, few enough to keep the records small. */
export const INSIGHT_HISTOGRAM_BINS = 30;
/** Bytes of trace lines one insight.jsonl holds at most (when one epoch's traces take at most a third of it). */
export const INSIGHT_TRACE_BUDGET = 32 * 1024 * 1024;
