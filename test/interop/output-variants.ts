// The models of the last round's modelling keys that the output parity tests
// (PyTorch and Keras) export: a prediction at every step, a multi-step
// horizon, an embedding of token ids, and padded sequences (text folders)
// whose masked steps keep the state.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelText, specOf, workDir } from './export-helpers';

const folder = join(workDir, 'outputs');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'words.txt'), 'To be, or not to be: that is the question. Whether tis nobler in the mind to suffer\n'.repeat(8));
// Texts of 1 to 11 words, cut at 8 steps: most windows are padded, some whole.
const WORDS = ['sea', 'tea', 'rain', 'soft', 'grey', 'LOUD', 'BANG', 'now', 'go', 'stop', 'why'];
for (let i = 0; i < 24; i++) {
  const words = Array.from({ length: 1 + (i % 11) }, (_, k) => WORDS[(i * 3 + k * (i % 2 ? 5 : 1)) % WORDS.length]);
  mkdirSync(join(folder, 'texts', i % 2 ? 'loud' : 'calm'), { recursive: true });
  writeFileSync(join(folder, 'texts', i % 2 ? 'loud' : 'calm', `t${i}.txt`), `${words.join(' ')}${i % 2 ? '!' : '.'}`);
}

const CLASSIFIER = { output: '{ activation: softmax }', loss: 'sparse_categorical_crossentropy' };
const TEXTS = { data: 'text_folder(path: "texts", level: word, lowercase: true, vocabulary: 10)', input: '{ timesteps: 8 }', ...CLASSIFIER,
  train: '{ epochs: 1, batch_size: 4, validation_split: 0.3, stratify: true, seed: 7 }' };

export const OUTPUT_VARIANTS: Record<string, { hidden: string; members: Record<string, string> }> = {
  EveryStepLstm: { hidden: 'cell: lstm, units: [5]', members: { output: '{ units: 1, at: every_step }' } },
  EveryStepStackedGru: { hidden: 'cell: gru, units: [4, 3], gates: [reset]', members: { output: '{ units: 1, at: every_step }' } },
  HorizonStackedGru: { hidden: 'cell: gru, units: [4, 3]', members: { output: '{ units: 1, horizon: 5 }' } },
  HorizonPeepholes: { hidden: 'cell: lstm, units: [4], peepholes: true', members: { output: '{ units: 1, horizon: 3 }' } },
  EveryStepWordsEmbedding: {
    hidden: 'cell: lstm, units: [6]',
    members: { data: 'text(path: "words.txt", level: word, vocabulary: 12)', input: '{ timesteps: 5 }', embedding: '{ dim: 3 }', ...CLASSIFIER,
      output: '{ activation: softmax, at: every_step }', train: '{ epochs: 1, batch_size: 6, validation_split: 0.25, seed: 7 }' },
  },
  MaskedLstmEmbedding: { hidden: 'cell: lstm, units: [5]', members: { ...TEXTS, embedding: '{ dim: 4 }' } },
  MaskedBidirectionalGru: { hidden: 'cell: gru, units: [4, 3], bidirectional: true', members: TEXTS },
  MaskedStackedRnn: { hidden: 'cell: rnn, units: [4, 4]', members: { ...TEXTS, embedding: '{ dim: 3 }' } },
  MaskedCoupledPeepholes: { hidden: 'cell: lstm, units: [4], coupled: true, peepholes: true', members: TEXTS },
};

/** The checked spec of a variant, written beside its data as `<prefix><name>.rnn`. */
export function outputVariant(name: string, prefix = '') {
  const { hidden, members } = OUTPUT_VARIANTS[name];
  return specOf(folder, `${prefix}${name}.rnn`, modelText(`${prefix}${name}`, hidden, members));
}

/**
 * How the fortunes sample trains in these tests: on the wasm backend with the fused kernels, as `rnn train` runs it.
 * On the cpu backend (trainRun's default) an epoch once took 215-230 s, half of the interop suite, all but a few
 * seconds of it in tfjs's gradient of the embedding's lookup there (UnsortedSegmentSum, a pass per vocabulary row;
 * the engine now scatters instead, compile/embedding.ts). What the tests compare is the exported model against the
 * engine with the run's weights, whichever backend trained them.
 */
export const FORTUNES_TRAINING = { backend: 'wasm' } as const;

/** samples/fortunes.rnn for one epoch, with a copy of its data, written as `<prefix>Fortunes.rnn`. */
export function fortunesOneEpoch(text: string, prefix = '') {
  cpSync('samples/data/fortunes', join(folder, 'data', 'fortunes'), { recursive: true });
  const spec = text.replace('epochs: 20', 'epochs: 1').replace('model Fortunes', `model ${prefix}Fortunes`);
  return specOf(folder, `${prefix}Fortunes.rnn`, spec);
}
