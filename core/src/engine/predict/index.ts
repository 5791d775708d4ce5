export { openSavedModel, PredictError, type SavedModel } from './saved-model';
export { validationTable, seriesFromCsv, seriesTable, forecastTable, generateFromRun, type PredictionTable, type GenerationOptions } from './predict';
