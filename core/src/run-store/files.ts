// The files of a run folder <runsDir>/<Model>/<timestamp>/ (docs/run-format.md).

/** The run format this version writes, and the newest it reads. */
export const RUN_FORMAT = 1;

export const SUMMARY_FILE = 'summary.json';
export const METRICS_FILE = 'metrics.jsonl';
export const SPEC_FILE = 'model.rnn';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** The last epoch's checkpoint with the optimizer's state, to resume from (model.json holds the best weights). */
export const RESUME_DIR = 'last';
export const RESUME_STATE_FILE = 'state.json';
/** TensorBoard event files (engine/tensorboard/event-file.ts writes them). */
export const TENSORBOARD_DIR = 'tensorboard';
