// One input per diagnostic code, each making exactly that mistake, for the
// checker's tests and for the language server's tests (in any locale).
import type { DiagnosticCode } from '../../core/src/shared/diagnostic';

/** A clean model; `$name` lines are replaced by the overrides to make one mistake at a time. */
export function model(overrides: Partial<Record<'data' | 'input' | 'hidden' | 'output' | 'loss' | 'optimizer' | 'train' | 'extra', string>> = {}) {
  const parts = {
    data: 'data: sine(samples: 500, period: 40)',
    input: 'input { timesteps: 20, features: 1 }',
    hidden: 'hidden { cell: lstm, units: [16] }',
    output: 'output { units: 1, activation: linear }',
    loss: 'loss: mse',
    optimizer: 'optimizer: adam(lr: 0.01)',
    train: 'train { epochs: 2, batch_size: 16, validation_split: 0.2 }',
    extra: '',
    ...overrides,
  };
  return `model M {\n${Object.values(parts).filter(Boolean).map((p) => `  ${p}`).join('\n')}\n}\n`;
}

/** A CSV file next to the model, with the columns Month and Passengers. */
export const CSV_FILE = 'data/series.csv';
export const CSV_TEXT = 'Month,Passengers\n' + Array.from({ length: 40 }, (_, i) => `m${i},${100 + i}`).join('\n');

/** Labelled sequences in long format next to the model: 20 sequences of 2 to 5 steps, labelled run or walk. */
export const SEQUENCES_FILE = 'data/seq.csv';
export const SEQUENCES_TEXT = 'id,t,x,label\n' + Array.from({ length: 20 }, (_, i) =>
  Array.from({ length: 2 + (i % 4) }, (_, step) => `s${i},${step},${(i * 7 + step) % 10},${i % 2 ? 'walk' : 'run'}`).join('\n')).join('\n');
const SEQUENCES = 'data: sequences(path: "data/seq.csv", id: "id", time: "t", label: "label")';

export interface DiagnosticCase {
  /**
   * The model with the mistake between ⟦ and ⟧ and, for a diagnostic with a
   * related location, that location between ⟪ and ⟫.
   */
  marked: string;
  /** Files next to the model, by relative path; undefined: the file exists but cannot be read. */
  files?: Record<string, string | undefined>;
  /** Checked as in an untrusted workspace: no data file is read. */
  untrusted?: boolean;
}

/** A text file of one distinct character: it reads, but a model has nothing to choose between. */
const ONE_SYMBOL = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

export const DIAGNOSTIC_CASES: Record<DiagnosticCode, DiagnosticCase> = {
  'unexpected-character': { marked: model({ loss: 'loss: mse ⟦@⟧' }) },
  'unterminated-string': { marked: model({ extra: 'generate { prime: ⟦"ROMEO:⟧\n  }' }) },
  'syntax-error': { marked: model({ input: 'input { timesteps: 20 ⟦features⟧: 1 }' }) },
  'no-model': { marked: '⟦⟧# only a comment\n' },
  'duplicate-model': { marked: model().replace('model M', 'model ⟪M⟫') + model().replace('model M', 'model ⟦M⟧') },
  'unknown-base-model': { marked: model() + model().replace('model M', 'model Child extends ⟦N⟧') },
  'inheritance-cycle': { marked: model().replace('model M', 'model A extends ⟦B⟧') + model().replace('model M', 'model B extends A') },
  'unknown-sweep-key': { marked: model({ extra: 'sweep { ⟦optimizer.rl⟧: [0.001, 0.01] }' }) },
  'sweep-too-large': { marked: model({ extra: '⟦sweep⟧ { train.epochs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], repeat: 101 }' }) },
  'unknown-key': { marked: model({ hidden: 'hidden { cell: lstm, units: [16], ⟦dropuot⟧: 0.1 }' }) },
  'duplicate-key': { marked: model({ loss: '⟪loss⟫: mse', extra: '⟦loss⟧: mae' }) },
  'conflicting-keys': { marked: model({ data: 'data: csv(path: "data/series.csv", ⟪column⟫: "Passengers", ⟦columns⟧: ["Passengers"])' }) },
  'missing-required': { marked: model({ loss: '' }).replace('model M', 'model ⟦M⟧') },
  'type-mismatch': { marked: model({ train: 'train { epochs: ⟦"10"⟧ }' }) },
  'unknown-value': { marked: model({ hidden: 'hidden { cell: ⟦lstn⟧, units: [16] }' }) },
  'unknown-function': { marked: model({ optimizer: 'optimizer: ⟦adamm⟧(lr: 0.01)' }) },
  'unknown-argument': { marked: model({ data: 'data: sine(samples: 500, ⟦perod⟧: 40)' }) },
  'out-of-range': { marked: model({ hidden: 'hidden { units: [16], dropout: ⟦1.5⟧ }' }) },
  'resource-budget': { marked: model({ hidden: 'hidden { cell: lstm, units: ⟦[100000]⟧ }' }) },
  'not-an-integer': { marked: model({ train: 'train { epochs: ⟦2.5⟧ }' }) },
  'empty-list': { marked: model({ hidden: 'hidden { cell: gru, units: ⟦[]⟧ }' }) },
  'duplicate-item': { marked: model({ hidden: 'hidden { units: [16], gates: [⟪input⟫, ⟦input⟧] }' }) },
  'gate-not-in-cell': { marked: model({ hidden: 'hidden { cell: gru, units: [16], gates: [update, ⟦forget⟧] }' }) },
  'coupled-needs-input-forget': { marked: model({ hidden: 'hidden { units: [16], gates: [input, output], coupled: ⟦true⟧ }' }) },
  'option-not-for-cell': { marked: model({ hidden: 'hidden { cell: gru, units: [16], peepholes: ⟦true⟧ }' }) },
  'loss-activation-mismatch': { marked: model({ output: 'output { units: 1, activation: softmax }', loss: 'loss: ⟦mse⟧' }) },
  'loss-task-mismatch': { marked: model({ output: 'output { units: 1, activation: softmax }', loss: 'loss: ⟦sparse_categorical_crossentropy⟧' }) },
  'output-units-mismatch': { marked: model({ output: 'output { units: ⟦2⟧ }' }) },
  'features-mismatch': { marked: model({ input: 'input { timesteps: 20, features: ⟦3⟧ }' }) },
  'timesteps-mismatch': { marked: model({ data: 'data: adding(samples: 100, timesteps: ⟦30⟧)', input: 'input { timesteps: 20 }' }) },
  'data-file-missing': { marked: model({ data: 'data: csv(path: ⟦"data/none.csv"⟧, column: "Passengers")' }), files: { [CSV_FILE]: CSV_TEXT } },
  'data-column-missing': { marked: model({ data: 'data: csv(path: "data/series.csv", column: ⟦"Passenger"⟧)' }), files: { [CSV_FILE]: CSV_TEXT } },
  'data-unreadable': { marked: model({ data: 'data: csv(path: ⟦"data/series.csv"⟧, column: "Passengers")' }), files: { [CSV_FILE]: undefined } },
  'data-not-allowed': { marked: model({ data: 'data: csv(path: ⟦"/rnn-studio-elsewhere/series.csv"⟧, column: "Passengers")' }) },
  'data-not-checked': { marked: model({ data: 'data: csv(path: ⟦"data/series.csv"⟧, column: "Passengers")' }), files: { [CSV_FILE]: CSV_TEXT }, untrusted: true },
  'embedding-needs-tokens': { marked: model({ extra: '⟦embedding⟧ { dim: 8 }' }) },
  'stratify-needs-labels': { marked: model({ train: 'train { epochs: 2, stratify: ⟦true⟧ }' }) },
  'insight-sample-out-of-range': { marked: model({ train: 'train { epochs: 2, validation_split: 0.2, insight_sample: ⟦500⟧ }' }) },
  'loss-target-mismatch': {
    marked: model({ data: SEQUENCES, input: 'input { timesteps: 5 }', output: 'output { activation: sigmoid }', loss: 'loss: ⟦binary_crossentropy⟧' }),
    files: { [SEQUENCES_FILE]: SEQUENCES_TEXT },
  },
  'sequence-length': {
    marked: model({ data: SEQUENCES, input: 'input { timesteps: ⟦9⟧ }', output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy' }),
    files: { [SEQUENCES_FILE]: SEQUENCES_TEXT },
  },
  'data-unusable': { marked: model({ data: 'data: text(path: ⟦"data/one.txt"⟧)', input: 'input { timesteps: 20 }', output: 'output { activation: softmax }', loss: 'loss: sparse_categorical_crossentropy' }), files: { 'data/one.txt': ONE_SYMBOL } },
  'not-enough-data': { marked: model({ data: 'data: sine(samples: 30)', input: 'input { timesteps: ⟦50⟧ }' }) },
  'no-validation-samples': { marked: model({ data: 'data: adding(samples: 10)', train: 'train { validation_split: ⟦0.05⟧ }' }) },
  'long-sequence-rnn': { marked: model({ hidden: 'hidden { cell: ⟦rnn⟧, units: [16] }', input: 'input { timesteps: 31 }' }) },
  'unusual-learning-rate': { marked: model({ optimizer: 'optimizer: sgd(lr: ⟦5⟧)' }) },
  'generate-needs-text': { marked: model({ extra: '⟦generate⟧ { length: 10 }' }) },
  'horizon-needs-series': { marked: model({ data: 'data: adding(samples: 100)', output: 'output { units: 1, horizon: ⟦12⟧ }' }) },
  'horizon-needs-regression': {
    marked: model({ data: '', output: 'output { activation: softmax, horizon: ⟦3⟧ }', loss: 'loss: sparse_categorical_crossentropy' }),
  },
  'horizon-too-long': { marked: model({ data: 'data: sine(samples: 40)', input: 'input { timesteps: 20 }', output: 'output { horizon: ⟦25⟧ }' }) },
  'every-step-needs-step-targets': {
    marked: model({ data: 'data: adding(samples: 100)', input: 'input { timesteps: 20 }', output: 'output { units: 1, at: ⟦every_step⟧ }' }),
  },
  'every-step-horizon': { marked: model({ output: 'output { units: 1, at: every_step, horizon: ⟦3⟧ }' }) },
  'every-step-bidirectional': {
    marked: model({ hidden: 'hidden { cell: gru, units: [16], bidirectional: true }', output: 'output { units: 1, at: ⟦every_step⟧ }' }),
  },
};
