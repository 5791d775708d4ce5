export { decodeSafetensors, encodeSafetensors, type NamedTensor, type SafetensorsContent } from './safetensors';
export { exchangeWeights, setExchangeWeights } from './exchange';
export { importWeights, runWeightsFile, WEIGHTS_FORMAT } from './run-weights';
