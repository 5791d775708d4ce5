// Regression runs end with the model's predictions on the validation windows
// against their targets (the first output, back in the data's units), which
// the panel plots. Long validation sets are thinned to at most
// MAX_PREDICTION_POINTS evenly spaced windows. A model that predicts at
// every step is shown by its prediction after the last step, the one a
// last-step model makes.
import * as tf from '@tensorflow/tfjs-core';
import { denormalize } from '../../data/normalize';
import { batchTensors, windowIndices } from '../batches';
import { forward, lastStepOutput } from '../forward';
import type { Callback, TrainingContext } from './callback';

const MAX_PREDICTION_POINTS = 500;

export const validationPredictions: Callback = {
  onTrainEnd(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data, model } = setup;
    if (data.task !== 'regression' || data.validation.size === 0) return;
    const stride = Math.ceil(data.validation.size / MAX_PREDICTION_POINTS);
    const indices = windowIndices(Math.ceil(data.validation.size / stride)).map((i) => i * stride);
    // Targets at every step hold `timesteps` rows per window: the last one is the next value after the window.
    const targetRows = data.targetSteps === 'every_step' ? data.timesteps : 1;
    const target: number[] = [];
    const predicted: number[] = [];
    for (let start = 0; start < indices.length; start += 256) {
      const chunk = indices.slice(start, start + 256);
      const batch = data.validation.batch(chunk);
      const values = tf.tidy(() => {
        const { x, mask } = batchTensors(batch, data);
        return lastStepOutput(forward(model, x, false, mask)).dataSync();
      });
      chunk.forEach((_, i) => {
        target.push(denormalize(batch.y[((i + 1) * targetRows - 1) * data.outputs], data.normalization, 0));
        predicted.push(denormalize(values[i * spec.output.units], data.normalization, 0));
      });
    }
    run.outputs.predictions = { target, predicted };
  },
};
