// The run store's writer with the half that needs tfjs: the trained model.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { RunFolderWriter } from '../../run-store';
import { fileIOHandler } from './model-files';

export class RunWriter extends RunFolderWriter {
  /** model.json + weights.bin, replacing an earlier checkpoint of this run. */
  async saveModel(model: LayersModel): Promise<void> {
    await model.save(fileIOHandler(this.dir));
  }
}
