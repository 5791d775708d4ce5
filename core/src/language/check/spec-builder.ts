// Turns a clean resolved model into the ModelSpec the engine trains, and
// plans its layers. The resolved tree already has the spec's shape (the spec
// keeps the language's key names); what is added here is what the source
// leaves to inference: sizes from the data, the active gates, the task.
import type { DataSpec, ModelSpec } from '../../shared';
import type { ModelContext } from './model-context';
import { activeGates } from './rules/cell-rules';
import type { LayerPlan } from './shapes';
import type { Task } from '../../shared';

/** Sizes the data dictates unless the model gives them. */
function sizes(context: ModelContext) {
  const features = context.get<number>('input.features') ?? context.facts?.features;
  const outputUnits = context.get<number>('output.units') ?? context.facts?.outputs;
  return { features, outputUnits };
}

/** The layer plan, when the input, hidden and output parts resolve (other parts may have errors). */
export function planLayers(context: ModelContext): LayerPlan | undefined {
  const { features, outputUnits } = sizes(context);
  const timesteps = context.get<number>('input.timesteps');
  const cell = context.get<string>('hidden.cell');
  const units = context.get<number[]>('hidden.units');
  if (features === undefined || outputUnits === undefined || timesteps === undefined || !cell || !units?.length) return undefined;
  return {
    timesteps, features, cell, units, outputUnits,
    gates: activeGates(context),
    coupled: context.get<boolean>('hidden.coupled') ?? false,
    peepholes: context.get<boolean>('hidden.peepholes') ?? false,
    bidirectional: context.get<boolean>('hidden.bidirectional') ?? false,
  };
}

export function buildSpec(context: ModelContext, name: string, baseDir: string, source: string): ModelSpec | undefined {
  const tree = context.resolved.tree as Record<string, Record<string, unknown>>;
  const { features, outputUnits } = sizes(context);
  const gates = activeGates(context);
  const task = context.facts?.task ?? (context.calledFunction('data')?.facts?.task as Task | undefined);
  if (features === undefined || outputUnits === undefined || !gates || !task || !context.facts) return undefined;
  return {
    name,
    baseDir,
    source,
    task,
    data: tree.data as unknown as DataSpec,
    input: { ...(tree.input as ModelSpec['input']), features },
    hidden: { ...(tree.hidden as unknown as ModelSpec['hidden']), gates },
    output: { ...(tree.output as ModelSpec['output']), units: outputUnits },
    loss: tree.loss as unknown as string,
    optimizer: tree.optimizer as unknown as ModelSpec['optimizer'],
    train: tree.train as unknown as ModelSpec['train'],
    // Only data that generates (text) keeps its generate block; elsewhere it is ignored, with a warning.
    ...(context.block('generate') && context.calledFunction('data')?.facts?.generates
      ? { generate: tree.generate as unknown as ModelSpec['generate'] } : {}),
  };
}
