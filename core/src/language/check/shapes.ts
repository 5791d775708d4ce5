// Layer shapes and parameter counts of a model, Keras style. This is the
// parameter contract the engine's layers must match exactly:
//   per direction, a recurrent layer with u units and i inputs has
//   blocks·(u·(i+u)+u) parameters, plus u per computed gate with peepholes,
//   where blocks = 1 (the candidate) + the computed gates.
// Computed gates are the active ones, minus the gate that `coupled` derives
// from its partner (the cell's `couples` fact). Cell facts come from the schema.
import { cellFacts, cellGates } from '../schema/facts';
import type { ModelSpec } from '../../shared';
import type { LayerSummary } from '../../shared';

export interface LayerPlan {
  timesteps: number;
  features: number;
  cell: string;
  /** Units of each stacked layer, first to last. */
  units: number[];
  /** Active gates (undefined: all of the cell's gates). */
  gates?: string[];
  coupled?: boolean;
  peepholes?: boolean;
  bidirectional?: boolean;
  outputUnits: number;
  /** Rows forecast at once: the dense layer emits horizon × outputUnits values (default 1). */
  horizon?: number;
  /** Token inputs through a trained lookup table: `features` is the vocabulary, the recurrent layers see `dim` values per step. */
  embedding?: { dim: number };
  /** The output layer predicts at every step (`output.at: every_step`): the last recurrent layer returns its sequence. */
  everyStep?: boolean;
}

export interface LayerInference {
  layers: LayerSummary[];
  totalParams: number;
}

/** The gates whose activations the cell computes (and so owns weights for). */
export function computedGates(cell: string, gates: readonly string[] | undefined, coupled: boolean): string[] {
  const all: string[] = cellGates(cell);
  const active = all.filter((g) => (gates ?? all).includes(g));
  const [derived, source] = cellFacts(cell)?.couples ?? [];
  if (coupled && derived && source && active.includes(derived) && active.includes(source)) return active.filter((g) => g !== derived);
  return active;
}

/** Parameters of one direction of one recurrent layer. */
export function recurrentParams(units: number, inputs: number, computed: number, peepholes: boolean): number {
  const blocks = 1 + computed;
  return blocks * (units * (inputs + units) + units) + (peepholes ? units * computed : 0);
}

/** "SimpleRNN" -> "simple_rnn", as Keras names layers after their class. */
function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Keras names the n-th layer of a kind `kind`, `kind_1`, `kind_2`, ... */
class LayerNamer {
  private readonly counts = new Map<string, number>();

  next(kind: string): string {
    const count = this.counts.get(kind) ?? 0;
    this.counts.set(kind, count + 1);
    return count === 0 ? kind : `${kind}_${count}`;
  }
}

export function inferLayers(plan: LayerPlan): LayerInference {
  const className = cellFacts(plan.cell)?.layer ?? plan.cell.toUpperCase();
  const computed = computedGates(plan.cell, plan.gates, plan.coupled ?? false).length;
  const directions = plan.bidirectional ? 2 : 1;
  const namer = new LayerNamer();
  const layers: LayerSummary[] = [];
  let inputs = plan.features;
  if (plan.embedding) {
    const { dim } = plan.embedding;
    layers.push({ name: `${namer.next('embedding')} (Embedding)`, outputShape: [null, plan.timesteps, dim], params: plan.features * dim });
    inputs = dim;
  }
  plan.units.forEach((units, index) => {
    const last = index === plan.units.length - 1 && !plan.everyStep;
    const width = units * directions;
    const name = plan.bidirectional
      ? `${namer.next('bidirectional')} (Bidirectional(${className}))`
      : `${namer.next(snakeCase(className))} (${className})`;
    layers.push({
      name,
      outputShape: last ? [null, width] : [null, plan.timesteps, width],
      params: directions * recurrentParams(units, inputs, computed, plan.peepholes ?? false),
    });
    inputs = width;
  });
  // At every step the same Dense weights apply to each step: the shape gains the time axis, the parameters stay.
  const outputs = plan.outputUnits * (plan.horizon ?? 1);
  const outputShape = plan.everyStep ? [null, plan.timesteps, outputs] : [null, outputs];
  layers.push({ name: `${namer.next('dense')} (Dense)`, outputShape, params: inputs * outputs + outputs });
  return { layers, totalParams: layers.reduce((sum, layer) => sum + layer.params, 0) };
}

/** The layer plan of a resolved spec: what the engine builds and the summary shows. */
export function layerPlanOf(spec: ModelSpec): LayerPlan {
  const { hidden } = spec;
  return {
    timesteps: spec.input.timesteps,
    features: spec.input.features,
    cell: hidden.cell,
    units: hidden.units,
    gates: hidden.gates,
    coupled: hidden.coupled,
    peepholes: hidden.peepholes,
    bidirectional: hidden.bidirectional,
    outputUnits: spec.output.units,
    horizon: spec.output.horizon,
    ...(spec.embedding ? { embedding: { dim: spec.embedding.dim } } : {}),
    everyStep: spec.output.at === 'every_step',
  };
}
