// The last epoch's checkpoint (last/ in the run folder), and resuming from
// one. After every epoch it saves what an exact continuation needs besides
// the spec: the model's weights, the optimizer's state, the shuffled order
// of the training windows, the random generators of the order and of the
// dropout masks, and early stopping's watch with its best weights. model.json
// stays the weights to use (the best ones with early stopping); this is the
// weights to go on from. A run given a checkpoint to resume puts all of it
// back before its first batch and numbers its epochs on.
import * as tf from '@tensorflow/tfjs-core';
import { t, type ResumeState } from '../../../shared';
import { optimizerState, restoreOptimizerState, type NamedTensor } from '../optimizer-state';
import { ResumeError, type ResumePoint } from '../resume';
import type { Callback, TrainingContext } from './callback';
import type { EarlyStopping } from './early-stopping';

export class ResumeCheckpoint implements Callback {
  constructor(
    private readonly earlyStopping: EarlyStopping | undefined,
    private readonly from: ResumePoint | undefined,
  ) {}

  async onTrainBegin(run: TrainingContext): Promise<void> {
    if (!this.from) return;
    const { state, bytes } = this.from;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const tensors = tf.io.decodeWeights(buffer, state.tensors);
    try {
      await this.restore(run, state, (prefix) => state.tensors.filter((s) => s.name.startsWith(prefix)).map((s) => ({ name: s.name.slice(prefix.length), tensor: tensors[s.name] })), tensors.order);
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  async onEpochEnd(run: TrainingContext): Promise<void> {
    const { setup, history } = run;
    const { tensors: optimizerTensors, release } = await optimizerState(setup.optimizer, run.spec.optimizer.fn);
    const order = tf.tensor1d(setup.order, 'int32');
    const watch = this.earlyStopping?.snapshot();
    const weights = setup.model.getWeights();
    try {
      const named: NamedTensor[] = [
        ...weights.map((tensor, i) => ({ name: `model/${i}`, tensor })),
        ...optimizerTensors.map(({ name, tensor }) => ({ name: `optimizer/${name}`, tensor })),
        { name: 'order', tensor: order },
        ...(watch?.weights ?? []).map((tensor, i) => ({ name: `best/${i}`, tensor })),
      ];
      const { data, specs } = await tf.io.encodeWeights(named);
      const state: ResumeState = {
        epoch: history.epochs,
        step: history.step,
        final: history.final,
        optimizer: run.spec.optimizer.fn,
        file: `epoch-${history.epochs}.bin`,
        tensors: specs.map(({ name, shape, dtype }) => ({ name, shape, dtype: dtype as 'float32' | 'int32' })),
        random: { shuffle: setup.random.shuffle.state(), dropout: setup.random.dropout.state() },
        ...(watch ? { earlyStopping: { best: watch.best, bestEpoch: watch.bestEpoch, sinceBest: watch.sinceBest } } : {}),
      };
      run.writer.writeResumeCheckpoint(state, new Uint8Array(data));
    } finally {
      release();
      order.dispose();
    }
  }

  private async restore(run: TrainingContext, state: ResumeState, group: (prefix: string) => NamedTensor[], order: tf.Tensor | undefined): Promise<void> {
    const { setup, history } = run;
    const weights = group('model/').map((w) => w.tensor);
    const expected = setup.model.weights.map((w) => w.shape.join('x'));
    const found = weights.map((w) => w.shape.join('x'));
    if (expected.join() !== found.join()) {
      throw new ResumeError(t('the checkpoint of {0} does not fit the model (weights {1}, the model has {2})', this.from!.runDir, found.join(', '), expected.join(', ')));
    }
    if (state.optimizer !== run.spec.optimizer.fn || !order || order.size !== setup.order.length) {
      throw new ResumeError(t('the checkpoint of {0} does not fit the spec (optimizer {1}, {2} training windows)', this.from!.runDir, state.optimizer, order?.size ?? 0));
    }
    setup.model.setWeights(weights);
    const variables = setup.model.trainableWeights.map((w) => w.read() as tf.Variable);
    await restoreOptimizerState(setup.optimizer, state.optimizer as typeof run.spec.optimizer.fn, group('optimizer/'), variables);
    const saved = order.dataSync();
    for (let i = 0; i < saved.length; i++) setup.order[i] = saved[i];
    setup.random.shuffle.restore(state.random.shuffle);
    setup.random.dropout.restore(state.random.dropout);
    if (this.earlyStopping && state.earlyStopping) this.earlyStopping.resume(state.earlyStopping, group('best/').map((w) => w.tensor));
    history.epochs = state.epoch;
    history.weightsEpoch = state.epoch;
    history.step = state.step;
    history.final = state.final;
  }
}
