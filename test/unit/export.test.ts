// rnn export's translation of a checked spec (which keys it refuses, what the
// project holds) and the weights' exchange names. Running the exported
// Python is test/interop's (npm run test:interop).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../core/src/engine/backend';
import { buildModel } from '../../core/src/engine/compile/model';
import { exchangeWeights, setExchangeWeights } from '../../core/src/engine/interop/exchange';
import { checkText, expandSweep, keyRange } from '../../core/src/language';
import { checkExportable, ExportError, exportProject, exportedSpec, RECORD_ONLY_KEYS } from '../../core/src/language';
import type { ModelSpec } from '../../core/src/shared/spec';
import { makeSpec } from '../helpers/model-spec';

before(async () => {
  await selectBackend('cpu');
});

const refusal = (spec: ModelSpec) => {
  try {
    checkExportable(spec, 'pytorch');
  } catch (error) {
    assert.ok(error instanceof ExportError);
    return { key: error.key, message: error.message };
  }
  return undefined;
};

test('every cell, data source, loss and optimizer of the schema exports', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    for (const loss of ['mse', 'mae', 'huber'] as const) assert.equal(refusal(makeSpec({ hidden: { cell, bidirectional: true, units: [3, 2] }, loss })), undefined);
  }
  for (const fn of ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const) {
    assert.equal(refusal(makeSpec({ optimizer: { fn, args: { clipvalue: 1 } } })), undefined);
  }
  const data = [
    { fn: 'adding', args: { samples: 10, timesteps: 10 } },
    { fn: 'csv', args: { path: 'a.csv', column: 'x', normalize: 'zscore' } },
    { fn: 'text', args: { path: 'a.txt', level: 'char', stride: 10 } },
    { fn: 'text', args: { path: 'a.txt', level: 'word', lowercase: true, vocabulary: 500, stride: 10 } },
    { fn: 'sequences', args: { path: 'a.csv', label: 'y', id: 'id', time: 't', columns: ['a'], normalize: 'zscore' } },
    { fn: 'text_folder', args: { path: 'texts', level: 'word', lowercase: true, vocabulary: 100 } },
  ] as const;
  for (const source of data) assert.equal(refusal(makeSpec({ data: source as never })), undefined, source.fn);
  // The last round's modelling keys: every-step outputs, horizons, embeddings, stratified splits.
  const base = makeSpec();
  assert.equal(refusal({ ...base, output: { ...base.output, at: 'every_step' } } as ModelSpec), undefined);
  assert.equal(refusal({ ...base, output: { ...base.output, horizon: 12 } } as ModelSpec), undefined);
  assert.equal(refusal({ ...base, embedding: { dim: 8 }, train: { ...base.train, stratify: true } } as ModelSpec), undefined);
  // How the engine reads a CSV (streamed or whole) and the season of its baselines change nothing the export builds.
  const streamed = { ...makeSpec({ data: { fn: 'csv', args: { path: 'a.csv', column: 'x', normalize: 'none', stream: 'always', season: 12 } } as never }), streamData: true };
  assert.equal(refusal(streamed as ModelSpec), undefined);
});

test('a key the export does not know is refused by name, unless it holds its schema default', () => {
  const spec = makeSpec();
  const withKey = (block: 'output' | 'hidden', key: string, value: unknown) => ({ ...spec, [block]: { ...spec[block], [key]: value } }) as ModelSpec;
  assert.deepEqual(refusal(withKey('output', 'quantiles', [0.1, 0.9]))?.key, 'output.quantiles');
  assert.match(refusal(withKey('output', 'quantiles', [0.1]))!.message, /`output\.quantiles` cannot be exported to pytorch yet/);
  assert.equal(refusal(withKey('output', 'quantiles', undefined)), undefined);
  // A key of another round whose translation nobody wrote (an initialiser changes the initial weights): refused.
  assert.equal(refusal(withKey('hidden', 'recurrent_init', { fn: 'identity', args: { gain: 1 } }))?.key, 'hidden.recurrent_init');
  assert.equal(refusal({ ...spec, embedding: { size: 8 } } as unknown as ModelSpec)?.key, 'embedding.size');
  assert.equal(refusal(withKey('output', 'at', 'every_other_step'))?.key, 'output.at');
  assert.equal(refusal({ ...spec, data: { fn: 'parquet', args: { path: 'x' } } } as unknown as ModelSpec)?.key, 'data');
  assert.equal(refusal({ ...spec, data: { ...spec.data, args: { ...spec.data.args, trend: 0.1 } } } as unknown as ModelSpec)?.key, 'data.sine.trend');
  assert.equal(refusal(withKey('hidden', 'activation', 'swish'))?.key, 'hidden.activation');
  assert.equal(refusal({ ...spec, optimizer: { fn: 'lion', args: { lr: 1 } } } as unknown as ModelSpec)?.key, 'optimizer');
});

test('what a run records beside the model (TensorBoard files, insight: recordsOnly in the schema) exports whatever its value', () => {
  assert.equal(refusal(makeSpec({ tensorboard: false, insight: false, insightSample: 5 })), undefined);
  assert.equal(refusal(makeSpec({ tensorboard: true, insight: true })), undefined);
  // The schema's marks, not a list of the export's: a key that is not marked and not translated is still refused.
  assert.deepEqual([...RECORD_ONLY_KEYS].sort(), ['train.insight', 'train.insight_sample', 'train.tensorboard']);
  assert.equal(refusal(makeSpec({ shuffle: false })), undefined);
});

test("a refusal points at the key in the model's source", () => {
  const text = 'model M {\n  data: csv(path: "a.csv", normalize: zscore)\n  output { units: 1 }\n}\n';
  const decl = checkText(text).file.models[0];
  assert.equal(keyRange(decl, 'data.csv.normalize').start.line, 1);
  assert.equal(keyRange(decl, 'data.csv.normalize').start.character, 27);
  assert.equal(keyRange(decl, 'output.at').start.line, 2, 'a key the source does not spell out: its block');
  assert.equal(keyRange(decl, 'embedding').start.line, 0, "nothing of it in the source: the model's name");
});

test('the project: the modules, the spec as checked with its layer table, data files copied beside it', () => {
  const spec = makeSpec({ data: { fn: 'csv', args: { path: '../shared/load.csv', column: 'kw', normalize: 'minmax', stream: 'auto' } }, baseDir: '/work/specs', hidden: { cell: 'gru', units: [4] } });
  const project = exportProject(spec, 'pytorch');
  const paths = project.files.map((f) => f.path).sort();
  assert.deepEqual(paths, ['README.md', 'model.rnn', 'predict.py', 'requirements.txt', 'rnn_data.py', 'rnn_model.py', 'rnn_runs.py', 'rnn_training.py', 'spec.json', 'train.py']);
  const json = JSON.parse(project.files.find((f) => f.path === 'spec.json')!.content);
  assert.deepEqual(json, JSON.parse(JSON.stringify(exportedSpec(spec))));
  assert.equal(json.data.args.path, 'data/load.csv', 'a file outside the spec folder goes to data/');
  assert.equal(json.totalParams, json.layers.reduce((sum: number, layer: { params: number }) => sum + layer.params, 0));
  assert.deepEqual(project.dataFiles, [{ source: '/work/shared/load.csv', path: 'data/load.csv' }]);
  const inside = exportProject(makeSpec({ data: { fn: 'text', args: { path: 'corpus/a.txt', level: 'char', stride: 10, lowercase: false } }, baseDir: '/s' }), 'pytorch');
  assert.deepEqual(inside.dataFiles, [{ source: '/s/corpus/a.txt', path: 'corpus/a.txt' }]);
  assert.match(project.files.find((f) => f.path === 'README.md')!.content, /batch_size is the global batch/);
});

test('the Keras project: its model, training and prediction scripts; gate variants refuse recurrent dropout, which its cell lacks', () => {
  const paths = exportProject(makeSpec(), 'keras').files.map((f) => f.path).sort();
  assert.deepEqual(paths, ['README.md', 'keras_model.py', 'model.rnn', 'predict.py', 'requirements.txt', 'rnn_data.py', 'rnn_runs.py', 'spec.json', 'train.py']);
  const standard = makeSpec({ hidden: { cell: 'gru', units: [3], recurrent_dropout: 0.2 } });
  assert.ok(exportProject(standard, 'keras'));
  const variant = makeSpec({ hidden: { cell: 'gru', units: [3], gates: ['reset'], recurrent_dropout: 0.2 } });
  assert.throws(() => exportProject(variant, 'keras'), (error: ExportError) => error.key === 'hidden.recurrent_dropout');
  assert.ok(exportProject(variant, 'pytorch'), 'the PyTorch step loop has recurrent dropout');
});

test('exchange names and layouts: a stacked bidirectional peephole model, its weights into a second copy', () => {
  const spec = makeSpec({ hidden: { cell: 'lstm', units: [3, 2], gates: ['forget', 'output'], peepholes: true, bidirectional: true }, timesteps: 4 });
  const model = buildModel(spec, 3);
  const weights = exchangeWeights(model);
  assert.deepEqual([...weights.keys()].slice(0, 8), [
    'hidden.0.forward.kernel', 'hidden.0.forward.recurrent_kernel', 'hidden.0.forward.bias', 'hidden.0.forward.peephole',
    'hidden.0.backward.kernel', 'hidden.0.backward.recurrent_kernel', 'hidden.0.backward.bias', 'hidden.0.backward.peephole',
  ]);
  assert.deepEqual(weights.get('hidden.1.forward.kernel')!.shape, [6, 6]);
  assert.deepEqual(weights.get('output.kernel')!.shape, [4, 1]);
  const copy = buildModel(spec, 99);
  setExchangeWeights(copy, weights);
  const x = tf.randomNormal([2, 4, 1], 0, 1, 'float32', 5);
  assert.deepEqual((copy.predict(x) as tf.Tensor).arraySync(), (model.predict(x) as tf.Tensor).arraySync());
  const wrong = new Map(weights);
  wrong.set('output.kernel', { shape: [5, 1], values: new Float32Array(5) });
  assert.throws(() => setExchangeWeights(copy, wrong), /weight output\.kernel has the shape \[5, 1\]; this model needs \[4, 1\]/);
  const missing = new Map(weights);
  missing.delete('hidden.1.backward.bias');
  assert.throws(() => setExchangeWeights(copy, missing), /has no hidden\.1\.backward\.bias/);
});

test("an embedding's table has its own exchange name; the recurrent layers after it are numbered from 0", () => {
  const base = makeSpec({ hidden: { cell: 'gru', units: [3] }, timesteps: 4 });
  const spec = { ...base, embedding: { dim: 2 }, input: { timesteps: 4, features: 7 } } as ModelSpec;
  const weights = exchangeWeights(buildModel(spec, 3));
  assert.deepEqual([...weights.keys()], ['embedding.embeddings', 'hidden.0.forward.kernel', 'hidden.0.forward.recurrent_kernel', 'hidden.0.forward.bias', 'output.kernel', 'output.bias']);
  assert.deepEqual(weights.get('embedding.embeddings')!.shape, [7, 2]);
  assert.deepEqual(weights.get('hidden.0.forward.kernel')!.shape, [2, 9], 'the recurrent layer reads the embedding');
});

test('a sweep exports with its trials: sweep.json holds each trial values and whole spec; without one an earlier sweep.json is removed', () => {
  const text = 'model M {\n  data: sine(samples: 200)\n  input { timesteps: 8, features: 1 }\n  hidden { cell: lstm, units: [4] }\n  output { units: 1 }\n' +
    '  loss: mse\n  train { epochs: 1, seed: 3 }\n  sweep { optimizer.lr: [0.01, 0.001], hidden.units: [[4], [2, 2]] }\n}\n';
  const [model] = checkText(text).models;
  const trials = expandSweep(model);
  const project = exportProject(model.spec!, 'pytorch', trials);
  const sweep = JSON.parse(project.files.find((f) => f.path === 'sweep.json')!.content);
  assert.equal(sweep.trials.length, 4);
  sweep.trials.forEach((trial: { trial: number; params: Record<string, unknown>; spec: Record<string, unknown> }, i: number) => {
    assert.equal(trial.trial, trials[i].trial);
    assert.deepEqual(trial.params, trials[i].params);
    assert.deepEqual(trial.spec, JSON.parse(JSON.stringify(exportedSpec(trials[i].spec))));
  });
  assert.deepEqual(sweep.trials.map((t: { spec: { optimizer: { args: { lr: number } } } }) => t.spec.optimizer.args.lr), trials.map((t) => t.params['optimizer.lr']));
  assert.deepEqual(project.staleFiles, []);
  assert.match(project.files.find((f) => f.path === 'README.md')!.content, /## The sweep: 4 trials[\s\S]*--ray-tune/);
  const keras = exportProject(model.spec!, 'keras', trials);
  assert.match(keras.files.find((f) => f.path === 'README.md')!.content, /a sweep of 4 trials/);
  const plain = exportProject(model.spec!, 'pytorch');
  assert.equal(plain.files.some((f) => f.path === 'sweep.json'), false);
  assert.deepEqual(plain.staleFiles, ['sweep.json']);
});

test("a trial the export cannot translate is refused by its key, like the model's own", () => {
  const text = 'model M {\n  data: sine(samples: 200)\n  input { timesteps: 8, features: 1 }\n  hidden { cell: gru, units: [4], gates: [reset] }\n  output { units: 1 }\n' +
    '  loss: mse\n  train { epochs: 1, seed: 3 }\n  sweep { hidden.recurrent_dropout: [0, 0.2] }\n}\n';
  const [model] = checkText(text).models;
  assert.ok(exportProject(model.spec!, 'pytorch', expandSweep(model)));
  assert.throws(() => exportProject(model.spec!, 'keras', expandSweep(model)), (error: ExportError) => error.key === 'hidden.recurrent_dropout');
});
