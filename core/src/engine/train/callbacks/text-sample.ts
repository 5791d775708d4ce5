// Character models with a `generate` block end with a sample of generated
// text, seeded from the run's seed so the same run gives the same text.
import { generateText } from '../generate';
import type { Callback, TrainingContext } from './callback';

export const textSample: Callback = {
  onTrainEnd(run: TrainingContext): void {
    const { spec, setup } = run;
    const { data, model } = setup;
    if (!spec.generate || !data.vocabulary) return;
    const tokens = spec.data.fn === 'text' ? { level: spec.data.args.level, lowercase: spec.data.args.lowercase } : {};
    run.outputs.sample = generateText(model, { ...spec.generate, ...tokens, vocabulary: data.vocabulary, timesteps: data.timesteps, seed: run.seed + 2 });
  },
};
