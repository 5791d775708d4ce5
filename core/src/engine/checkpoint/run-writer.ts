// The run store's writer with the half that needs tfjs: the trained model.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { RunFolderWriter, WEIGHTS_FILE } from '../../run-store';
import { fileIOHandler } from './model-files';

export class RunWriter extends RunFolderWriter {
  /** model.json + weights.bin, replacing an earlier checkpoint of this run. */
  async saveModel(model: LayersModel): Promise<void> {
    await this.guardAsync(join(this.dir, WEIGHTS_FILE), async () => {
      await model.save(fileIOHandler(this.dir));
    });
  }
}
