// The training process's answer to a predict request: the same engine calls
// as `rnn predict` (a forecast, the validation part's predictions, or text
// from a text model), returned as CSV or text for the editor to show, and a
// forecast also as values for the panel to draw.
import {
  forecastTable, generateFromRun, generatesText, openSavedModel, PredictError, predictionCsv, selectBackend, validationTable,
} from '../../../core/src/engine';
import { rolledForecast } from '../panel/prediction';
import type { PredictRequest, WorkerToHost } from './worker-protocol';

export async function predict(request: PredictRequest): Promise<WorkerToHost> {
  await selectBackend('auto');
  try {
    const saved = await openSavedModel(request.runDir, request.dataAccess);
    try {
      if (generatesText(saved)) return { type: 'predicted', format: 'text', text: generateFromRun(saved, {}), notes: [] };
      if (request.forecast !== undefined) {
        const table = forecastTable(saved, request.forecast);
        return { type: 'predicted', format: 'csv', text: predictionCsv(table), notes: table.notes, forecast: rolledForecast(table.header, table.rows) };
      }
      const table = validationTable(saved);
      return { type: 'predicted', format: 'csv', text: predictionCsv(table), notes: table.notes };
    } finally {
      saved.model.dispose();
    }
  } catch (error) {
    if (error instanceof PredictError) return { type: 'rejected', message: error.message };
    throw error;
  }
}
