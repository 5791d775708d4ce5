// Regression runs end with the model's predictions on the validation windows
// against their targets (the first output, back in the data's units), which
// the panel plots. Long validation sets are thinned to at most
// MAX_PREDICTION_POINTS evenly spaced windows.
import * as tf from '@tensorflow/tfjs-core';
import { denormalize } from '../../data/normalize';
import { batchTensors, windowIndices } from '../batches';
import { forward } from '../forward';
import type { Callback, TrainingContext } from './callback';

const MAX_PREDICTION_POINTS = 500;

export const validationPredictions: Callback = {
  onTrainEnd(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data, model } = setup;
    if (data.task !== 'regression' || data.validation.size === 0) return;
    const stride = Math.ceil(data.validation.size / MAX_PREDICTION_POINTS);
    const indices = windowIndices(Math.ceil(data.validation.size / stride)).map((i) => i * stride);
    const target: number[] = [];
    const predicted: number[] = [];
    for (let start = 0; start < indices.length; start += 256) {
      const chunk = indices.slice(start, start + 256);
      const batch = data.validation.batch(chunk);
      const values = tf.tidy(() => forward(model, batchTensors(batch, data).x, false).dataSync());
      chunk.forEach((_, i) => {
        target.push(denormalize(batch.y[i * data.outputs], data.normalization, 0));
        predicted.push(denormalize(values[i * spec.output.units], data.normalization, 0));
      });
    }
    run.outputs.predictions = { target, predicted };
  },
};
