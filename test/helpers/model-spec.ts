// Builds a resolved ModelSpec directly (no checker), small by default, for engine tests.
import type { ActivationName, DataSpec, HiddenSpec, LossName, ModelSpec, OptimizerSpec, OutputSpec, OutputSteps, Task } from '../../core/src/shared/spec';
import { blockDefaults, callDefaults } from '../../core/src/language/schema/defaults';
import { cellGates } from '../../core/src/engine/compile/gates';

export interface SpecOptions {
  name?: string;
  data?: DataSpec;
  timesteps?: number;
  features?: number;
  hidden?: Partial<HiddenSpec>;
  outputUnits?: number;
  outputActivation?: ActivationName;
  /** Rows forecast at once (`output.horizon`). */
  horizon?: number;
  outputAt?: OutputSteps;
  loss?: LossName;
  /** The arguments not given take the schema's defaults. */
  optimizer?: { fn: OptimizerSpec['fn']; args: Record<string, number | boolean | undefined> };
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  shuffle?: boolean;
  earlyStopping?: number;
  tensorboard?: boolean;
  /** `train.insight`; off unless a test asks, since its probe costs a forward and backward pass per epoch. */
  insight?: boolean;
  insightSample?: number;
  seed?: number;
  baseDir?: string;
  task?: Task;
  generate?: ModelSpec['generate'];
  stratify?: boolean;
  embedding?: ModelSpec['embedding'];
}

export function makeSpec(o: SpecOptions = {}): ModelSpec {
  const cell = o.hidden?.cell ?? 'lstm';
  const optimizer = o.optimizer ?? { fn: 'adam', args: { lr: 0.01 } };
  return {
    name: o.name ?? 'TestModel',
    baseDir: o.baseDir ?? '/tmp',
    source: `model ${o.name ?? 'TestModel'} { }\n`,
    task: o.task ?? (o.data && ['text', 'sequences', 'text_folder'].includes(o.data.fn) ? 'classification' : 'regression'),
    data: o.data ?? { fn: 'sine', args: { samples: 200, period: 20, amplitude: 1, noise: 0 } },
    input: { timesteps: o.timesteps ?? 10, features: o.features ?? 1 },
    // The schema's defaults, every gate of the cell, 4 units.
    hidden: { ...blockDefaults('hidden'), cell, units: [4], gates: cellGates(cell), ...o.hidden } as HiddenSpec,
    output: { ...blockDefaults('output'), units: o.outputUnits ?? 1, activation: o.outputActivation ?? 'linear', at: o.outputAt ?? 'last', ...(o.horizon ? { horizon: o.horizon } : {}) } as OutputSpec,
    loss: o.loss ?? 'mse',
    // Which arguments a function takes is known only once its name is: the schema's defaults fill what the test leaves out.
    optimizer: { fn: optimizer.fn, args: { ...callDefaults('optimizer', optimizer.fn), ...optimizer.args } } as unknown as OptimizerSpec,
    train: {
      epochs: o.epochs ?? 2,
      batch_size: o.batchSize ?? 16,
      validation_split: o.validationSplit ?? 0.2,
      stratify: o.stratify ?? false,
      shuffle: o.shuffle ?? true,
      early_stopping: o.earlyStopping ?? 0,
      tensorboard: o.tensorboard ?? true,
      insight: o.insight ?? false,
      insight_sample: o.insightSample ?? 0,
      seed: o.seed ?? 1,
    },
    generate: o.generate,
    ...(o.embedding ? { embedding: o.embedding } : {}),
  };
}
