// Whether a training event has every field the panel reads, of the right
// kind. The host validates what it reads from run folders (core/src/run-store),
// but the panel must not break on an event it missed: an exception here would
// stop the whole run from rendering (issue 13: `reading 'mae'`). Written by
// hand rather than with the run store's zod schemas: those live in the
// node-only run-store layer, and the panel checks only the fields it draws.
import type { TrainEvent } from '../../core/src/shared';

type Kind = 'number' | 'string' | 'metric' | 'metrics' | 'metricList' | 'strings' | 'layers' | 'predictions';
type Shape = Record<string, Kind>;

/** Required fields per event type; `?` marks the optional ones. Keys are the protocol's (core/src/shared/protocol.ts). */
const SHAPES: Record<TrainEvent['type'], Shape> = {
  start: {
    model: 'string', runDir: 'string', backend: 'string', seed: 'number', epochs: 'number', stepsPerEpoch: 'number',
    trainSamples: 'number', validationSamples: 'number', task: 'string', metric: 'string', layers: 'layers',
    'implementations?': 'strings', totalParams: 'number', 'baselineLoss?': 'metric', time: 'number',
  },
  batch: { epoch: 'number', batch: 'number', step: 'number', loss: 'metric', time: 'number' },
  epoch: { epoch: 'number', step: 'number', loss: 'metric', 'val_loss?': 'metric', metrics: 'metrics', seconds: 'number', eta: 'number', time: 'number' },
  log: { level: 'string', message: 'string', time: 'number' },
  error: { message: 'string', code: 'string', time: 'number' },
  end: {
    status: 'string', 'reason?': 'string', epochs: 'number', seconds: 'number', final: 'metrics',
    'predictions?': 'predictions', 'sample?': 'string', time: 'number',
  },
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A metric may be NaN (null in JSON): the charts show a gap. */
const isMetric = (value: unknown) => typeof value === 'number' || value === null;

const CHECKS: Record<Kind, (value: unknown) => boolean> = {
  number: (value) => typeof value === 'number',
  string: (value) => typeof value === 'string',
  metric: isMetric,
  metrics: (value) => isObject(value) && Object.values(value).every(isMetric),
  metricList: (value) => Array.isArray(value) && value.every(isMetric),
  strings: (value) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  layers: (value) => Array.isArray(value) && value.every((layer) =>
    isObject(layer) && typeof layer.name === 'string' && typeof layer.params === 'number' && CHECKS.metricList(layer.outputShape)),
  predictions: (value) => isObject(value) && CHECKS.metricList(value.target) && CHECKS.metricList(value.predicted),
};

/** True when `value` is an event of a known type with every field the panel reads; anything else is left out. */
export function isUsableEvent(value: unknown): value is TrainEvent {
  if (!isObject(value) || typeof value.type !== 'string' || !Object.prototype.hasOwnProperty.call(SHAPES, value.type)) return false;
  return Object.entries(SHAPES[value.type as TrainEvent['type']]).every(([key, kind]) => {
    const optional = key.endsWith('?');
    const field = value[optional ? key.slice(0, -1) : key];
    return (optional && field === undefined) || CHECKS[kind](field);
  });
}
