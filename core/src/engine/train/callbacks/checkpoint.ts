// Saves the model into the run folder after every epoch, so a cancelled or
// crashed run keeps its last complete epoch, and once more at the end (the
// best epoch's weights with early stopping). A failed run keeps its last
// checkpoint: its weights may be NaN. Fused-kernel models are saved as their
// portable twin, which tfjs-layers loads anywhere.
import { t } from '../../../shared';
import type { Callback, RunContext, RunEnd, RunSetup } from './callback';

export const checkpoint: Callback = {
  async onEpochEnd(run: RunContext): Promise<void> {
    await save(run, run.setup);
  },

  async onRunEnd(run: RunContext, end: RunEnd): Promise<void> {
    if (end.status === 'failed') return;
    try {
      await save(run, run.setup);
    } catch (error) {
      run.log('warning', t('could not save the model: {0}', (error as Error).message));
    }
  },
};

async function save(run: RunContext, { model, portableModel }: Partial<RunSetup>): Promise<void> {
  if (!model) return;
  const epoch = run.history.weightsEpoch;
  if (portableModel) {
    portableModel.setWeights(model.getWeights());
    await run.writer.saveModel(portableModel);
  } else {
    await run.writer.saveModel(model);
  }
  run.history.savedEpoch = epoch;
}
