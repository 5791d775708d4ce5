// The training process's answer to a predict request: the same engine calls
// as `rnn predict` (a forecast, the validation part's predictions, or text
// from a text model), returned as CSV or text for the editor to show.
import {
  forecastTable, generateFromRun, generatesText, openSavedModel, PredictError, predictionCsv, selectBackend, validationTable,
} from '../../../core/src/engine';
import type { PredictRequest, WorkerToHost } from './worker-protocol';

export async function predict(request: PredictRequest): Promise<WorkerToHost> {
  await selectBackend('auto');
  try {
    const saved = await openSavedModel(request.runDir, request.dataAccess);
    try {
      if (generatesText(saved)) return { type: 'predicted', format: 'text', text: generateFromRun(saved, {}), notes: [] };
      const table = request.forecast !== undefined ? forecastTable(saved, request.forecast) : validationTable(saved);
      return { type: 'predicted', format: 'csv', text: predictionCsv(table), notes: table.notes };
    } finally {
      saved.model.dispose();
    }
  } catch (error) {
    if (error instanceof PredictError) return { type: 'rejected', message: error.message };
    throw error;
  }
}
