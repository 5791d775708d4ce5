// ModelSpec -> tfjs LayersModel: stacked recurrent layers (each built by the
// provider that supports it), optionally bidirectional, then a Dense output
// (after the last step, or at every step: tfjs's Dense on a sequence applies
// the same weights at each step, Keras's TimeDistributed(Dense)).
import { initializers, layers, sequential, type LayersModel, type RNN } from '@tensorflow/tfjs-layers';
import { inferLayers, layerPlanOf } from '../../language';
import type { ModelSpec, RecurrentInitSpec } from '../../shared';
import type { LayerSummary } from '../../shared';
import { createRandom, type Random } from '../util/random';
import { tfjsActivation } from './activations';
import { recurrentInitializer } from './initializers';
import { GatedRNN, type GatedCell } from './cells';
import { chooseRecurrentLayerProvider, portableLayerProviders, type RecurrentLayerProvider, type RecurrentLayerRequest } from './providers';
import { seedDropout, type DropoutSeeds } from './dropout-seeds';
import { TokenEmbedding } from './embedding';
import { noteWrappedLayers } from '../kernels/input-gradient';

export interface BuiltModel {
  model: LayersModel;
  /** Provider id of each recurrent layer, first to last. */
  providers: string[];
}

export interface BuildOptions {
  /**
   * Who implements the recurrent layers, tried in order (default: the stock
   * tfjs layers, then the gated cell: the portable ones, which load wherever
   * tfjs-layers does and are what runs are saved as).
   */
  providers?: readonly RecurrentLayerProvider[];
  /**
   * Where the dropout masks take their seeds, one per mask (default: a
   * generator of its own seeded with `seed`, so the same seed also gives the
   * same masks).
   */
  dropoutSeeds?: DropoutSeeds;
}

/**
 * What each recurrent layer of `spec` asks a provider for, first to last.
 * Seeds are drawn from `random` in layer order (kernel, then recurrent).
 */
export function recurrentLayerRequests(spec: ModelSpec, random: Random = createRandom(0)): RecurrentLayerRequest[] {
  const { hidden } = spec;
  // Behind an embedding, the recurrent layers take the embedding's output: the first layer of the model declares the input.
  const inputShape = spec.embedding ? undefined : [spec.input.timesteps, spec.input.features];
  const names = recurrentLayerNames(spec);
  return hidden.units.map((units, index) => ({
    name: hidden.bidirectional ? `${names[index]}_inner` : names[index],
    cell: hidden.cell,
    units,
    gates: hidden.gates,
    coupled: hidden.coupled,
    peepholes: hidden.peepholes,
    activation: hidden.activation,
    gateActivation: hidden.gate_activation,
    dropout: hidden.dropout,
    recurrentDropout: hidden.recurrent_dropout,
    // Every layer but the last feeds its sequence to the next; the last one too when the output is at every step.
    returnSequences: index < hidden.units.length - 1 || spec.output.at === 'every_step',
    inputShape: index === 0 && !hidden.bidirectional ? inputShape : undefined,
    kernelSeed: random.seed(),
    recurrentSeed: random.seed(),
    recurrentInit: hidden.recurrent_init,
  }));
}

/** Builds the model of `spec`; the same seed gives the same initial weights and dropout masks. */
export function buildModelWithInfo(spec: ModelSpec, seed: number, options: BuildOptions = {}): BuiltModel {
  const random = createRandom(seed);
  const { hidden } = spec;
  const model = sequential({ name: spec.name });
  const inputShape = [spec.input.timesteps, spec.input.features];
  const providers: string[] = [];
  // Layers take the names the checker's summary shows (Keras style), so the
  // table of a spec and of its trained model are the same.
  const names = recurrentLayerNames(spec);
  if (spec.embedding) {
    // A generator of its own, so that adding an embedding leaves the other layers' initial weights as they were.
    const tableSeed = createRandom(seed + EMBEDDING_SEED_OFFSET).seed();
    model.add(new TokenEmbedding({ name: 'embedding', inputDim: spec.input.features, outputDim: spec.embedding.dim, seed: tableSeed, inputShape: [spec.input.timesteps] }));
  }
  recurrentLayerRequests(spec, random).forEach((request, index) => {
    const first = index === 0 && !spec.embedding;
    const name = names[index];
    const provider = chooseRecurrentLayerProvider(request, options.providers ?? portableLayerProviders);
    providers.push(provider.id);
    const layer = provider.create(request);
    if (hidden.bidirectional) {
      // The backward copy is made from the forward layer's config, so its weights get the same seeds:
      // reseed them after building (below) to keep the two directions different.
      model.add(layers.bidirectional({ name, layer: layer as RNN, mergeMode: 'concat', ...(first ? { inputShape } : {}) }));
    } else {
      model.add(layer);
    }
  });
  model.add(
    layers.dense({
      name: names[names.length - 1],
      // A forecast of several rows is one flat layer, row after row (the targets' layout).
      units: spec.output.units * (spec.output.horizon ?? 1),
      activation: tfjsActivation(spec.output.activation) as never,
      kernelInitializer: initializers.glorotUniform({ seed: random.seed() }),
      biasInitializer: 'zeros',
    }),
  );
  if (hidden.bidirectional) {
    reseedBackwardLayers(model, random.seed(), hidden.recurrent_init);
    noteWrappedLayers(model.layers);
  }
  seedDropout(model.layers, options.dropoutSeeds ?? createRandom(seed).next);
  return { model, providers };
}

export function buildModel(spec: ModelSpec, seed: number, options: BuildOptions = {}): LayersModel {
  return buildModelWithInfo(spec, seed, options).model;
}

/** Gives the backward direction of bidirectional layers its own initial kernels (same distribution, other seed). */
function reseedBackwardLayers(model: LayersModel, seed: number, recurrentInit: RecurrentInitSpec | undefined): void {
  const random = createRandom(seed);
  for (const layer of model.layers) {
    const backward = (layer as unknown as { backwardLayer?: { weights: { shape: number[]; name: string; write(v: unknown): void }[] } }).backwardLayer;
    if (!backward) continue;
    for (const weight of backward.weights) {
      if (!/kernel/.test(weight.name)) continue;
      const init = /recurrent/.test(weight.name)
        ? recurrentInitializer(recurrentInit, random.seed())
        : initializers.glorotUniform({ seed: random.seed() });
      const value = init.apply(weight.shape);
      weight.write(value);
      value.dispose();
    }
  }
}

function displayClass(layer: { getClassName(): string }): string {
  // Named as the checker's table and Keras name it.
  if (layer instanceof TokenEmbedding) return 'Embedding';
  if (layer instanceof GatedRNN) {
    const cell = layer.cell as GatedCell;
    return `Gated${cell.args.kind.toUpperCase()}`;
  }
  const inner = (layer as { layer?: { getClassName(): string } }).layer;
  return inner ? `${layer.getClassName()}(${displayClass(inner)})` : layer.getClassName();
}

/** "lstm", "lstm_1", "dense": the names of the checker's layer table after the embedding, first to last. */
function recurrentLayerNames(spec: ModelSpec): string[] {
  return inferLayers(layerPlanOf(spec)).layers.map((layer) => layer.name.split(' ')[0]).slice(spec.embedding ? 1 : 0);
}

const EMBEDDING_SEED_OFFSET = 0x5eed;

/** Keras-style rows of a built model: "lstm_1 (LSTM)", output shape with null batch, parameters. */
export function summarizeLayers(model: LayersModel): LayerSummary[] {
  return model.layers.map((layer) => ({
    name: `${layer.name} (${displayClass(layer)})`,
    outputShape: layer.outputShape as (number | null)[],
    params: layer.countParams(),
  }));
}
