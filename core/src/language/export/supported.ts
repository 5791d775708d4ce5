// What the Python exports know how to translate. The spec's types come from
// the schema, so a key or a value added there later (a new block, a data
// source, an output option) reaches this check before any exporter code: a
// spec that uses it with anything but its schema default is refused with the
// key named, instead of being exported with a silently different meaning.
import { t, type ModelSpec } from '../../shared';
import { blockDefaults, callDefaults } from '../schema/defaults';
import { RECORD_ONLY_KEYS } from '../schema/facts';

export type ExportTarget = 'pytorch' | 'keras';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['pytorch', 'keras'];

/** A spec (or part of one) the export cannot translate; `key` is its dotted path in the spec, e.g. `output.at`. */
export class ExportError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Members of a model, and the keys of each block, that the exports translate. */
const BLOCK_KEYS: Record<string, readonly string[]> = {
  input: ['timesteps', 'features'],
  hidden: ['cell', 'units', 'gates', 'coupled', 'peepholes', 'bidirectional', 'dropout', 'recurrent_dropout', 'activation', 'gate_activation'],
  output: ['units', 'activation', 'at', 'horizon'],
  // Besides these, the keys the schema marks `recordsOnly` (TensorBoard files, the insight recording): they change
  // what the engine records, not the model, so an export leaves them out whatever their value.
  train: ['epochs', 'batch_size', 'validation_split', 'shuffle', 'early_stopping', 'seed', 'stratify'],
  embedding: ['dim'],
  // Sampling text after training is the engine's; an export trains and predicts only.
  generate: ['length', 'temperature', 'prime'],
};
const CALL_MEMBERS = ['data', 'optimizer'] as const;
const PLAIN_MEMBERS = ['loss'];
/**
 * What the checker adds besides the schema's members. streamData (main's streamed CSVs) only says how the
 * engine reads the file: the export reads it whole, into the same windows.
 */
const CHECKER_MEMBERS = ['name', 'baseDir', 'source', 'task', 'streamData'];

/** Arguments of each function the exports translate. */
const CALL_ARGS: Record<(typeof CALL_MEMBERS)[number], Record<string, readonly string[]>> = {
  data: {
    sine: ['samples', 'period', 'amplitude', 'noise', 'seed'],
    adding: ['samples', 'timesteps', 'seed'],
    // stream (main's streamed CSVs) and season (its baselines) change how the engine reads the file and what it
    // reports beside the model, not the windows the model sees: the export reads the file whole.
    csv: ['path', 'column', 'columns', 'normalize', 'stream', 'season'],
    text: ['path', 'level', 'vocabulary', 'lowercase', 'max_chars', 'stride'],
    sequences: ['path', 'label', 'id', 'time', 'columns', 'normalize'],
    text_folder: ['path', 'level', 'vocabulary', 'lowercase'],
  },
  optimizer: {
    sgd: ['lr', 'momentum', 'nesterov', 'clipnorm', 'clipvalue'],
    adam: ['lr', 'beta1', 'beta2', 'epsilon', 'clipnorm', 'clipvalue'],
    rmsprop: ['lr', 'rho', 'momentum', 'epsilon', 'clipnorm', 'clipvalue'],
    adagrad: ['lr', 'clipnorm', 'clipvalue'],
    adadelta: ['lr', 'rho', 'epsilon', 'clipnorm', 'clipvalue'],
    adamax: ['lr', 'beta1', 'beta2', 'epsilon', 'clipnorm', 'clipvalue'],
  },
};

/** Values of enumerated keys the exports implement. */
const VALUES: Record<string, readonly string[]> = {
  'hidden.cell': ['rnn', 'lstm', 'gru'],
  'hidden.activation': ['linear', 'tanh', 'sigmoid', 'hard_sigmoid', 'relu', 'elu', 'selu', 'softmax'],
  'hidden.gate_activation': ['linear', 'tanh', 'sigmoid', 'hard_sigmoid', 'relu', 'elu', 'selu', 'softmax'],
  'output.activation': ['linear', 'tanh', 'sigmoid', 'hard_sigmoid', 'relu', 'elu', 'selu', 'softmax'],
  loss: ['mse', 'mae', 'huber', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy'],
  'output.at': ['last', 'every_step'],
  'data.csv.normalize': ['none', 'minmax', 'zscore'],
  'data.sequences.normalize': ['none', 'minmax', 'zscore'],
  'data.text.level': ['char', 'word'],
  'data.text_folder.level': ['char', 'word'],
};

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function defaultsOf(read: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return read();
  } catch {
    return {}; // a block the schema does not know has no defaults: any value of it is refused
  }
}

function unknownKeys(where: string, values: Record<string, unknown>, known: readonly string[], defaults: Record<string, unknown>, target: ExportTarget): void {
  for (const [key, value] of Object.entries(values)) {
    const path = where ? `${where}.${key}` : key;
    if (known.includes(key) || RECORD_ONLY_KEYS.has(path) || value === undefined || sameValue(value, defaults[key])) continue;
    throw new ExportError(path, t('`{0}` cannot be exported to {1} yet: this version of the export does not know it (remove it, or train with rnn train)', path, target));
  }
}

function checkValue(key: string, value: unknown, target: ExportTarget): void {
  const allowed = VALUES[key];
  if (allowed && !allowed.includes(String(value))) {
    const shown = key.replace(/^data\.\w+\./, 'data.');
    throw new ExportError(key, t('`{0}: {1}` cannot be exported to {2} yet', shown, String(value), target));
  }
}

/** Throws an ExportError naming the first key of `spec` the export cannot translate faithfully. */
export function checkExportable(spec: ModelSpec, target: ExportTarget): void {
  const members = spec as unknown as Record<string, unknown>;
  const known = [...Object.keys(BLOCK_KEYS), ...CALL_MEMBERS, ...PLAIN_MEMBERS, ...CHECKER_MEMBERS];
  unknownKeys('', members, known, {}, target);
  for (const [block, keys] of Object.entries(BLOCK_KEYS)) {
    const values = members[block] as Record<string, unknown> | undefined;
    if (values) unknownKeys(block, values, keys, defaultsOf(() => blockDefaults(block)), target);
  }
  for (const member of CALL_MEMBERS) {
    const call = members[member] as { fn: string; args: Record<string, unknown> };
    const args = CALL_ARGS[member][call.fn];
    if (!args) {
      throw new ExportError(member, t('`{0}: {1}(...)` cannot be exported to {2} yet', member, call.fn, target));
    }
    unknownKeys(`${member}.${call.fn}`, call.args, args, defaultsOf(() => callDefaults(member, call.fn)), target);
  }
  for (const key of ['hidden.cell', 'hidden.activation', 'hidden.gate_activation', 'output.activation', 'output.at']) {
    const [block, name] = key.split('.');
    checkValue(key, (members[block] as Record<string, unknown>)[name], target);
  }
  checkValue('loss', spec.loss, target);
  const args = spec.data.args as unknown as Record<string, unknown>;
  for (const arg of ['normalize', 'level']) {
    const key = `data.${spec.data.fn}.${arg}`;
    if (key in VALUES) checkValue(key, args[arg], target);
  }
}
