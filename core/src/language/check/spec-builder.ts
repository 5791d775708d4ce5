// Turns a clean resolved model into the ModelSpec the engine trains, and
// plans its layers. The resolved tree already has the spec's shape (the spec
// keeps the language's key names); what is added here is what the source
// leaves to inference: sizes from the data, the active gates, the task.
import type { HiddenSpec, InputSpec, ModelMembersSpec, ModelSpec, OutputSpec } from '../../shared';
import { dataSourceFacts } from '../schema/facts';
import { dataTask, type ModelContext } from './model-context';
import { activeGates } from './rules/cell-rules';
import type { LayerPlan } from './shapes';

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
  const dim = context.block('embedding') ? context.get<number>('embedding.dim') : undefined;
  return {
    ...(dim !== undefined ? { embedding: { dim } } : {}),
    timesteps, features, cell, units, outputUnits,
    horizon: context.get<number>('output.horizon') ?? 1,
    gates: activeGates(context),
    coupled: context.get<boolean>('hidden.coupled') ?? false,
    peepholes: context.get<boolean>('hidden.peepholes') ?? false,
    bidirectional: context.get<boolean>('hidden.bidirectional') ?? false,
    everyStep: context.get<string>('output.at') === 'every_step',
  };
}

/**
 * The resolver's tree of a model that checked without errors: the schema's
 * shape with its defaults filled in, less what the checker infers here.
 */
type ResolvedMembers = Omit<ModelMembersSpec, 'input' | 'hidden' | 'output'> & {
  input: Omit<InputSpec, 'features'>;
  hidden: Omit<HiddenSpec, 'gates'>;
  output: Omit<OutputSpec, 'units'>;
};

export function buildSpec(context: ModelContext, name: string, baseDir: string, source: string): ModelSpec | undefined {
  // The one cast from the resolver's generic values to the typed spec: the
  // resolver walks any schema, so TypeScript cannot follow it to these types.
  // The spec types are generated from the same schema (scripts/gen-spec-types.ts).
  const tree = context.resolved.tree as unknown as ResolvedMembers;
  const { features, outputUnits } = sizes(context);
  const gates = activeGates(context);
  const task = dataTask(context);
  if (features === undefined || outputUnits === undefined || !gates || !task || !context.facts) return undefined;
  const dataSource = context.calledFunction('data');
  const { generate, embedding, ...members } = tree;
  return {
    name,
    baseDir,
    source,
    task,
    ...members,
    input: { ...tree.input, features },
    hidden: { ...tree.hidden, gates },
    output: { ...tree.output, units: outputUnits },
    // Only data that generates (text) keeps its generate block; elsewhere it is ignored, with a warning.
    ...(context.block('generate') && dataSource && dataSourceFacts(dataSource.name)?.generates ? { generate } : {}),
    // A block with no required default is absent unless written (a checker error for data without tokens).
    ...(context.block('embedding') ? { embedding } : {}),
  };
}
