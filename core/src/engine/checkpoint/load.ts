// Loading a saved run's model back (custom cells registered) with its summary.
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import '../compile/cells'; // registers the custom cells and initializers for deserialisation
import '../compile/embedding'; // registers the token embedding
import { MODEL_FILE, readSummary, WEIGHTS_FILE, type RunSummary } from '../../run-store';
import { t } from '../../shared';
import { fileIOHandler } from './model-files';

/** The saved model and summary of a run; a backend must be active (see selectBackend). Throws with the reason when the run cannot be loaded. */
export async function loadRun(runDir: string): Promise<{ model: LayersModel; summary: RunSummary }> {
  const summary = readSummary(runDir);
  if (!existsSync(join(runDir, MODEL_FILE))) {
    throw new Error(
      summary.reason
        ? t('the run in {0} saved no model ({1}: {2})', runDir, summary.status, summary.reason)
        : t('the run in {0} saved no model ({1})', runDir, summary.status),
    );
  }
  try {
    return { model: await loadLayersModel(fileIOHandler(runDir)), summary };
  } catch (error) {
    throw new Error(t('the model of the run in {0} cannot be loaded ({1} or {2} is damaged): {3}', runDir, MODEL_FILE, WEIGHTS_FILE, (error as Error).message));
  }
}
