// The training loop on tiny models (cpu backend: 2 shared cores).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { train, type Callback, type TrainOptions } from '../../core/src/engine/train';
import type { EndEvent, EpochEvent, TrainEvent } from '../../core/src/shared/protocol';
import { loadRun, readEvents, readSummary } from '../../core/src/engine';
import { loadDataset } from '../../core/src/engine/data';
import type { FileSystem } from '../../core/src/language/check/api';
import { makeSpec, type SpecOptions } from '../helpers/model-spec';
import type { HiddenSpec } from '../../core/src/shared/spec';

const runsDir = mkdtempSync(join(tmpdir(), 'rnn-train-test-'));
const sine = { fn: 'sine' as const, args: { samples: 200, period: 20, amplitude: 1, noise: 0.05 } };

async function run(spec: SpecOptions, options: Partial<TrainOptions> = {}) {
  const events: TrainEvent[] = [];
  const result = await train(makeSpec({ data: sine, timesteps: 8, ...spec }), {
    runsDir,
    backend: 'cpu',
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  const end = events.find((e): e is EndEvent => e.type === 'end')!;
  return { result, events, epochs, end };
}

test('loss decreases on sine within a few epochs; events come in protocol order', async () => {
  const { result, events, epochs, end } = await run({ hidden: { cell: 'lstm', units: [8] }, epochs: 4, batchSize: 16 });
  assert.equal(result.status, 'completed');
  assert.equal(epochs.length, 4);
  assert.ok(epochs[3].loss < epochs[0].loss * 0.7, `loss ${epochs[0].loss} -> ${epochs[3].loss}`);
  assert.ok(epochs[3].val_loss! < epochs[0].val_loss!);
  assert.equal(events[0].type, 'start');
  assert.equal(events.at(-1)!.type, 'end');
  const start = events[0];
  assert.ok(start.type === 'start' && start.metric === 'mae' && start.backend === 'cpu');
  // A sine of period 20 is a series with a season: the seasonal-naive forecast (noise only) beats persistence, best first.
  assert.deepEqual(start.baselines?.map((b) => [b.name, b.season]), [['seasonal_naive', 20], ['persistence', undefined]]);
  assert.equal(start.baselineLoss, start.baselines![0].loss);
  assert.ok(start.type === 'start' && start.totalParams === start.layers.reduce((s, l) => s + l.params, 0));
  const batches = events.filter((e) => e.type === 'batch');
  assert.equal(batches.length, 4 * (start.type === 'start' ? start.stepsPerEpoch : 0));
  assert.ok('mae' in epochs[0].metrics && 'val_mae' in epochs[0].metrics);
  assert.equal(epochs[3].eta, 0);
  assert.ok(end.predictions && end.predictions.target.length === end.predictions.predicted.length && end.predictions.target.length > 0);
});

test('same seed gives identical losses (dropout included); another seed does not', async () => {
  const spec: SpecOptions = { hidden: { cell: 'gru', units: [4], dropout: 0.2, recurrent_dropout: 0.2 }, epochs: 2, batchSize: 32 };
  const originalRandom = Math.random;
  let randomReplaced = false;
  const onEvent = () => {
    if (Math.random !== originalRandom) randomReplaced = true;
  };
  const losses = async (seed: number) => (await run(spec, { seed, onEvent })).events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
  const first = await losses(3);
  assert.deepEqual(await losses(3), first);
  assert.notDeepEqual(await losses(4), first);
  // the seeds reach dropout directly: nothing global is replaced during a run
  assert.equal(randomReplaced, false);
});

test('a gate variant trains too (custom cell, peepholes, coupled)', async () => {
  const { result, epochs } = await run({ hidden: { cell: 'lstm', units: [4], coupled: true, peepholes: true, gates: ['input', 'forget'] }, epochs: 3, batchSize: 16 });
  assert.equal(result.status, 'completed');
  assert.ok(epochs[2].loss < epochs[0].loss);
});

test('tensor memory stays flat across epochs', async () => {
  const counts: number[] = [];
  await run(
    { hidden: { cell: 'lstm', units: [4], dropout: 0.1, gates: ['forget', 'output'] }, epochs: 4, batchSize: 32, earlyStopping: 3 },
    { onEvent: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors) },
  );
  assert.equal(counts.length, 4);
  // After epoch 1 the optimizer's slots and the best-weights copy exist; from then on nothing may accumulate.
  assert.ok(counts.slice(1).every((c) => c === counts[1]), `numTensors per epoch: ${counts}`);
});

test('cancellation mid-run ends with status cancelled and keeps the files', async () => {
  const controller = new AbortController();
  const { result, end } = await run(
    { epochs: 5, batchSize: 16 },
    { signal: controller.signal, onEvent: (e) => e.type === 'batch' && e.epoch === 2 && e.batch === 2 && controller.abort() },
  );
  assert.equal(result.status, 'cancelled');
  assert.equal(end.status, 'cancelled');
  assert.equal(end.epochs, 1);
  for (const file of ['model.json', 'weights.bin', 'metrics.jsonl', 'summary.json', 'model.rnn']) {
    assert.ok(existsSync(join(result.runDir, file)), file);
  }
  const summary = readSummary(result.runDir);
  assert.equal(summary.status, 'cancelled');
  assert.match(summary.reason!, /cancelled during epoch 2/);
});

test('a NaN loss fails the run with a message naming the learning rate and clipping', async () => {
  const { result, events } = await run({ optimizer: { fn: 'sgd', args: { lr: 1e6 } }, epochs: 3, batchSize: 16 });
  assert.equal(result.status, 'failed');
  assert.match(result.reason!, /learning rate \(lr: 1000000\).*clipnorm/s);
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error' && error.code === 'nan-loss');
  assert.equal(readSummary(result.runDir).status, 'failed');
});

test('bad data fails with a data error, not a crash', async () => {
  const fs: FileSystem = { exists: () => false, readText: () => undefined };
  const { result, events } = await run({ data: { fn: 'csv', args: { path: 'missing.csv', column: 'x', normalize: 'none', stream: 'auto' } } }, { fs });
  assert.equal(result.status, 'failed');
  assert.match(result.reason!, /data file not found/);
  assert.ok(events.some((e) => e.type === 'error' && e.code === 'data'));
});

test('early stopping stops on a plateau and keeps the best epoch', async () => {
  // A learning rate so small that float32 weights do not move: the validation loss cannot improve.
  const { result, epochs } = await run({ optimizer: { fn: 'sgd', args: { lr: 1e-30 } }, epochs: 10, earlyStopping: 2, batchSize: 32 });
  assert.equal(result.status, 'early_stopped');
  assert.equal(epochs.length, 3);
  assert.match(result.reason!, /did not improve for 2 epochs; kept the best epoch, 1/);
  assert.equal(readSummary(result.runDir).weightsEpoch, 1);
});

test('clipping keeps training finite where the same run without it fails', async () => {
  const spec: SpecOptions = { epochs: 2, batchSize: 16, hidden: { cell: 'rnn', units: [4], gates: [] } };
  const unclipped = await run({ ...spec, optimizer: { fn: 'sgd', args: { lr: 50 } } });
  const clipped = await run({ ...spec, optimizer: { fn: 'sgd', args: { lr: 50, clipnorm: 1e-3 } } });
  assert.equal(unclipped.result.status, 'failed');
  assert.equal(clipped.result.status, 'completed');
});

test('every optimizer and loss trains one step', async () => {
  const optimizers = ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax'] as const;
  for (const fn of optimizers) {
    const { result } = await run({ optimizer: { fn, args: { lr: 0.01, momentum: fn === 'sgd' ? 0.9 : undefined, nesterov: fn === 'sgd' } }, epochs: 1, batchSize: 64 }, { stepsPerEpoch: 1 });
    assert.equal(result.status, 'completed', fn);
  }
  for (const loss of ['mse', 'mae', 'huber'] as const) {
    const { result } = await run({ loss, epochs: 1, batchSize: 64 }, { stepsPerEpoch: 1 });
    assert.equal(result.status, 'completed', loss);
    assert.ok(result.final.loss > 0);
  }
});

test('a saved run loads back and predicts what the run reported (to float rounding: the run may use fused kernels)', async () => {
  const spec = makeSpec({ data: sine, timesteps: 8, hidden: { cell: 'gru', units: [4], gates: ['reset'] }, epochs: 2, batchSize: 32 });
  let end: EndEvent | undefined;
  const result = await train(spec, { runsDir, backend: 'cpu', onEvent: (e) => e.type === 'end' && (end = e) });
  const { model, summary } = await loadRun(result.runDir);
  assert.equal(summary.status, 'completed');
  assert.equal(summary.totalParams, model.countParams());
  const data = loadDataset(spec, result.seed, { exists: () => false, readText: () => undefined });
  const batch = data.validation.batch([0, 1, 2]);
  const predicted = (model.predict(tf.tensor3d(batch.x, [3, 8, 1])) as tf.Tensor).dataSync();
  const reported = end!.predictions!.predicted.slice(0, 3);
  assert.equal(reported.length, 3);
  predicted.forEach((value, i) => assert.ok(Math.abs(value - reported[i]) < 1e-5, `${value} vs ${reported[i]}`));
});

test('metrics.jsonl replays the run event for event', async () => {
  const { result, events } = await run({ epochs: 2, batchSize: 64 });
  assert.deepEqual(readEvents(result.runDir), events);
  assert.equal(readFileSync(join(result.runDir, 'model.rnn'), 'utf8'), makeSpec().source);
});

test('text model: sparse cross-entropy, accuracy metric, seeded generated sample', async () => {
  const text = 'the cat sat on the mat. '.repeat(12);
  const fs: FileSystem = { exists: (p) => p === '/text/t.txt', readText: (p) => (p === '/text/t.txt' ? text : undefined) };
  const spec: SpecOptions = {
    data: { fn: 'text', args: { path: 't.txt', level: 'char', lowercase: false, stride: 2 } },
    baseDir: '/text',
    timesteps: 6,
    features: 11,
    outputUnits: 11,
    outputActivation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    hidden: { cell: 'lstm', units: [8] },
    epochs: 2,
    batchSize: 16,
    generate: { length: 20, temperature: 0.7, prime: 'the ' },
  };
  const a = await run(spec, { fs });
  assert.equal(a.result.status, 'completed', a.result.reason);
  assert.ok('accuracy' in a.epochs[0].metrics);
  assert.equal(a.end.sample!.length, 24);
  assert.ok(a.end.sample!.startsWith('the '));
  assert.equal(a.end.predictions, undefined);
  const b = await run(spec, { fs });
  assert.equal(b.end.sample, a.end.sample);
});

test('clipGradients bounds the global norm and each value, keeping the direction', async () => {
  const { clipGradients, globalNorm } = await import('../../core/src/engine/train/clip');
  const grads = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) }; // global norm 13
  const byNorm = clipGradients(grads, { clipnorm: 1.3 });
  assert.ok(Math.abs(globalNorm(Object.values(byNorm)).dataSync()[0] - 1.3) < 1e-5);
  assert.deepEqual(Array.from(byNorm.a.dataSync()).map((v) => +v.toFixed(5)), [0.3, 0.4]);
  const untouched = clipGradients(grads, { clipnorm: 100 });
  assert.deepEqual(Array.from(untouched.b.dataSync()), [12]);
  const byValue = clipGradients(grads, { clipvalue: 3.5 });
  assert.deepEqual(Array.from(byValue.a.dataSync()), [3, 3.5]);
  assert.deepEqual(Array.from(byValue.b.dataSync()), [3.5]);
  assert.equal(clipGradients(grads, {}).a, grads.a);
});

test('csv regression: predictions and targets come back in the data units', async () => {
  const rows = Array.from({ length: 60 }, (_, i) => `${i},${(100 + 50 * Math.sin(i / 3)).toFixed(3)}`);
  const fs: FileSystem = { exists: (p) => p === '/csv/d.csv', readText: (p) => (p === '/csv/d.csv' ? `t,value\n${rows.join('\n')}\n` : undefined) };
  const { result, end } = await run(
    { data: { fn: 'csv', args: { path: 'd.csv', column: 'value', normalize: 'minmax', stream: 'auto' } }, baseDir: '/csv', timesteps: 5, epochs: 1, batchSize: 16 },
    { fs },
  );
  assert.equal(result.status, 'completed', result.reason);
  const targets = end.predictions!.target;
  // 55 windows: 11 validation after a gap of 5; their targets are rows 49..59 in the file's own units.
  assert.equal(targets.length, 11);
  targets.forEach((t, i) => assert.ok(Math.abs(t - (100 + 50 * Math.sin((49 + i) / 3))) < 1e-3, `${t}`));
  const summary = readSummary(result.runDir);
  assert.equal(summary.normalization?.method, 'minmax');
  assert.deepEqual(summary.data?.split, { train: 39, validation: 11, gap: 5 });
});

test('an unusable runs folder or backend fails the run with a message instead of throwing', async () => {
  const file = join(runsDir, 'not-a-folder');
  writeFileSync(file, 'x');
  const blocked = await run({ epochs: 1 }, { runsDir: file });
  assert.equal(blocked.result.status, 'failed');
  assert.match(blocked.result.reason!, /cannot create a run folder/);
  assert.equal(blocked.end.status, 'failed');

  let nativeInstalled = true;
  try {
    createRequire(__filename).resolve('@tensorflow/tfjs-node');
  } catch {
    nativeInstalled = false;
  }
  if (nativeInstalled) return;
  const native = await run({ epochs: 1 }, { backend: 'tensorflow' });
  assert.equal(native.result.status, 'failed');
  assert.match(native.result.reason!, /cannot use the tensorflow backend/);
  assert.ok(native.events.some((e) => e.type === 'error' && e.code === 'backend'));
  assert.equal(readSummary(native.result.runDir).status, 'failed');
});

test('stateful generation equals re-reading the window while the text fits in one window', async () => {
  const { generateText } = await import('../../core/src/engine/train/generate');
  const { buildModel } = await import('../../core/src/engine/compile/model');
  const vocabulary = ['a', 'b', 'c', 'd'];
  for (const hidden of [{ cell: 'lstm' as const, units: [5, 3], dropout: 0.3 }, { cell: 'gru' as const, units: [4], gates: ['reset'] }] satisfies Partial<HiddenSpec>[]) {
    const model = buildModel(makeSpec({ timesteps: 30, features: 4, outputUnits: 4, outputActivation: 'softmax', hidden }), 2);
    // A training-time pass leaves dropout masks of batch size 8 on the cells.
    forwardOnce(model);
    const options = { length: 20, temperature: 0.8, prime: 'abcx', vocabulary, timesteps: 30, seed: 5 };
    const stateful = generateText(model, options);
    // (the first call also frees the masks training left behind)
    const before = tf.memory().numTensors;
    assert.equal(generateText(model, options), stateful);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(stateful, generateText(model, options, 'windowed'));
    assert.equal(stateful.length, 24);
    assert.ok(stateful.startsWith('abcx'));
  }
});

function forwardOnce(model: import('@tensorflow/tfjs-layers').LayersModel) {
  tf.tidy(() => {
    let h: tf.Tensor = tf.randomUniform([8, 30, 4]);
    for (const layer of model.layers) h = layer.apply(h, { training: true }) as tf.Tensor;
  });
}

test('callbacks from the options see every hook in order, after the standard ones, and can stop the run', async () => {
  const calls: string[] = [];
  const recorder: Callback = {
    onRunBegin: () => void calls.push('runBegin'),
    onTrainBegin: (run) => void calls.push(`trainBegin ${run.setup.implementations} ${run.stepsPerEpoch}`),
    onEpochBegin: (_, epoch) => void calls.push(`epochBegin ${epoch}`),
    onBatchEnd: (_, logs) => void calls.push(`batch ${logs.epoch}.${logs.batch} ${logs.size}`),
    onEpochEnd: (run, logs) => {
      calls.push(`epochEnd ${logs.epoch} saved ${run.history.savedEpoch}`);
      if (logs.epoch === 2) run.stop('enough for this test');
    },
    onTrainEnd: (_, end) => void calls.push(`trainEnd ${end.status}`),
    onRunEnd: (_, end) => void calls.push(`runEnd ${end.status}`),
    onEvent: (event) => void (event.type !== 'batch' && event.type !== 'log' && calls.push(event.type)),
  };
  const { result, end } = await run({ hidden: { cell: 'gru', units: [3] }, epochs: 4, batchSize: 16 }, { stepsPerEpoch: 2, callbacks: [recorder], kernels: 'stock' });
  assert.equal(result.status, 'early_stopped');
  assert.equal(end.reason, 'enough for this test');
  assert.deepEqual(calls, [
    'runBegin',
    'start',
    'trainBegin tfjs-layers 2',
    'epochBegin 1',
    'batch 1.1 16',
    'batch 1.2 16',
    'epoch',
    'epochEnd 1 saved 1',
    'epochBegin 2',
    'batch 2.1 16',
    'batch 2.2 16',
    'epoch',
    'epochEnd 2 saved 2',
    'trainEnd early_stopped',
    'runEnd early_stopped',
    'end',
  ]);
  assert.equal(readSummary(result.runDir).status, 'early_stopped');
});

test('a callback that throws fails the run with its message; at the end of the run it is a warning', async () => {
  const failing = await run({ epochs: 2 }, { callbacks: [{ onEpochEnd: () => { throw new Error('recorder disk full'); } }] });
  assert.equal(failing.result.status, 'failed');
  assert.match(failing.result.reason!, /recorder disk full/);
  assert.ok(failing.events.some((e) => e.type === 'error' && e.code === 'internal'));
  const late = await run({ epochs: 1 }, { callbacks: [{ onRunEnd: () => { throw new Error('late'); } }] });
  assert.equal(late.result.status, 'completed');
  assert.ok(late.events.some((e) => e.type === 'log' && e.level === 'warning' && /a callback failed at the end of the run: late/.test(e.message)));
});

test('a caller whose onEvent throws gets the error, and the next run still finds the backend free', async () => {
  await assert.rejects(
    run({ epochs: 1 }, { onEvent: (e) => { if (e.type === 'end') throw new Error('listener broke'); } }),
    /listener broke/,
  );
  const next = await run({ epochs: 1, batchSize: 64 }, { backend: 'wasm', stepsPerEpoch: 1, verifyBackend: false });
  assert.equal(next.result.status, 'completed', next.result.reason);
  assert.equal(next.result.backend, 'wasm');
});
