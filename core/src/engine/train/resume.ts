// Resuming a run (`rnn train --resume <run-folder>`): the run's last
// checkpoint (model weights, optimizer state, the data order and the random
// generators after its last complete epoch) and the spec to go on with. A new
// run continues it, numbering its epochs and steps on; the old run is never
// written to. Only what cannot change the training may differ from the spec
// the run was trained with: `train.epochs` (the new total), the `generate`
// block and the insight recording; anything else is refused, naming what changed.
import { differingKeys, flattenSpec, RECORD_ONLY_KEYS, type DataAccessPolicy } from '../../language';
import { runSpec, RunSpecError } from '../checkpoint';
import { readResumeCheckpoint, tryReadSummary, type ResumeState, type RunSummary } from '../../run-store';
import { t, type ModelSpec } from '../../shared';

/** Why a run cannot be resumed (or not with that spec); the message says what to do. */
export class ResumeError extends Error {}

export interface ResumePoint {
  runDir: string;
  summary: RunSummary;
  state: ResumeState;
  /** The tensors of the checkpoint, as state.tensors lists them. */
  bytes: Uint8Array;
}

/** The last checkpoint of the run in `runDir`; throws a ResumeError naming what is missing. */
export function loadResumePoint(runDir: string): ResumePoint {
  const read = tryReadSummary(runDir);
  if (!read.ok) throw new ResumeError(t('cannot resume the run in {0}: {1}', runDir, read.reason));
  if (read.state === 'running') throw new ResumeError(t('cannot resume the run in {0}: it is still training', runDir));
  const checkpoint = readResumeCheckpoint(runDir);
  if (!checkpoint.ok) throw new ResumeError(t('cannot resume the run in {0}: {1}', runDir, checkpoint.reason));
  return { runDir, summary: read.summary, state: checkpoint.state, bytes: checkpoint.bytes };
}

/**
 * The spec to resume with: `current` (from a .rnn file the caller checked)
 * when given, else the run's own copy, checked where the run's .rnn file was
 * (its data paths are relative to that folder). Throws a ResumeError when
 * the model differs from the one trained in more than its epochs.
 */
export function resumeSpec(point: ResumePoint, current: ModelSpec | undefined, dataAccess: DataAccessPolicy): ModelSpec {
  const trained = trainedSpec(point, dataAccess);
  if (!current) return trained;
  const changes = specChanges(trained, current);
  if (changes.length > 0) {
    throw new ResumeError(t('cannot resume the run in {0} with this spec: {1} changed since it was trained (only train.epochs, generate and the insight recording (train.insight, train.insight_sample) may change; train it anew instead)',
      point.runDir, changes.join('; ')));
  }
  return current;
}

function trainedSpec(point: ResumePoint, dataAccess: DataAccessPolicy): ModelSpec {
  try {
    return runSpec(point.runDir, point.summary, dataAccess);
  } catch (error) {
    if (error instanceof RunSpecError) throw new ResumeError(t('cannot resume the run in {0}: {1}', point.runDir, error.message));
    throw error;
  }
}

/** Paths of the checked spec that cannot change between a run and its resumption, with both values: "hidden.units: [8] → [16]". */
export function specChanges(trained: ModelSpec, current: ModelSpec): string[] {
  const [before, after] = [flattenSpec(trained), flattenSpec(current)];
  return differingKeys([before, after]).filter((key) => !isFree(key)).map((key) => `${key}: ${shown(before[key])} → ${shown(after[key])}`);
}

/**
 * Keys that do not change what is trained: the new total of epochs, the text sampled after training and what the
 * schema marks as recorded beside the model (TensorBoard files, the insight recording).
 */
const isFree = (key: string) => key === 'train.epochs' || RECORD_ONLY_KEYS.has(key) || key === 'generate' || key.startsWith('generate.');

const shown = (value: unknown) =>
  value === undefined ? '—' : Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]` : JSON.stringify(value);
