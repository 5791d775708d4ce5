// Character models with a `generate` block end with a sample of generated
// text, seeded from the run's seed so the same run gives the same text.
import { tokenizationOf } from '../../../language';
import { generateText } from '../generate';
import type { Callback, TrainingContext } from './callback';

export const textSample: Callback = {
  onTrainEnd(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data, model } = setup;
    if (!spec.generate || !data.vocabulary) return;
    run.outputs.sample = generateText(model, { ...spec.generate, ...tokenizationOf(spec.data), vocabulary: data.vocabulary, timesteps: data.timesteps, seed: run.seed + 2 });
  },
};
