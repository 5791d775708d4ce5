// A saved run opened to predict with: its summary, its model (model.json:
// the best weights with early stopping) and, when asked for, the spec it was
// trained with. Runs that cannot predict are refused with the reason.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DataAccessPolicy } from '../../language';
import { loadRun, runSpec, RunSpecError } from '../checkpoint';
import { tryReadSummary, type RunSummary } from '../../run-store';
import { t, type ModelSpec } from '../../shared';

/** The run cannot give these predictions; the message names the run and why. */
export class PredictError extends Error {}

export interface SavedModel {
  runDir: string;
  summary: RunSummary;
  model: LayersModel;
  /** The spec the run was trained with (its data is read where the run's .rnn file was). */
  spec(): ModelSpec;
}

/** Opens the run in `runDir` for prediction; a backend must be active. Throws a PredictError. */
export async function openSavedModel(runDir: string, dataAccess: DataAccessPolicy = {}): Promise<SavedModel> {
  const read = tryReadSummary(runDir);
  if (!read.ok) throw new PredictError(t('cannot predict with the run in {0}: {1}', runDir, read.reason));
  const { summary } = read;
  if (summary.status === 'failed') {
    throw new PredictError(t('cannot predict with the run in {0}: it failed ({1}), so its weights may be unusable; train it again', runDir, summary.reason ?? ''));
  }
  let model: LayersModel;
  try {
    model = (await loadRun(runDir)).model;
  } catch (error) {
    throw new PredictError(t('cannot predict with the run in {0}: {1}', runDir, (error as Error).message));
  }
  let spec: ModelSpec | undefined;
  return {
    runDir,
    summary,
    model,
    spec() {
      try {
        spec ??= runSpec(runDir, summary, dataAccess);
        return spec;
      } catch (error) {
        if (error instanceof RunSpecError) throw new PredictError(t('cannot predict with the run in {0}: {1}', runDir, error.message));
        throw error;
      }
    },
  };
}
