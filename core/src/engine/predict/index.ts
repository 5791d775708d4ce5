export { openSavedModel, PredictError, type SavedModel } from './saved-model';
export { predictionCsv, validationTable, seriesFromCsv, seriesTable, forecastTable, generateFromRun, generatesText, type PredictionTable, type GenerationOptions } from './predict';
