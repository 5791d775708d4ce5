// Shared by the insight tests: a model checked from .rnn text, built and fed
// as a run builds and feeds it (checkText, loadDataset, buildModelWithInfo),
// and its probe.
import * as tf from '@tensorflow/tfjs-core';
import { checkText, nodeFileSystem, type Batch, type Dataset } from '../../core/src/language';
import { buildModelWithInfo, loadDataset, portableLayerProviders, type RecurrentLayerProvider } from '../../core/src/engine';
import { lossFunction } from '../../core/src/engine/train/losses';
import { probeLayers, type LayerProbe, type ProbeOptions } from '../../core/src/engine/insight/probe';
import type { ModelSpec } from '../../core/src/shared';

/** The checked spec of model `name` in `source` (the first model when no name); fails on any error. */
export function specOf(source: string, name?: string): ModelSpec {
  const result = checkText(source);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
  const model = name ? result.models.find((m) => m.name === name) : result.models[0];
  if (!model?.spec) throw new Error(`no checked model ${name ?? ''}`);
  return model.spec;
}

export interface Probed {
  probes: LayerProbe[];
  data: Dataset;
  batch: Batch;
}

/** Builds `spec` on `providers` with `seed` and probes its first `windows` validation windows. */
export function probeSpec(spec: ModelSpec, seed: number, windows: number, providers: readonly RecurrentLayerProvider[] = portableLayerProviders, options: ProbeOptions = {}): Probed {
  const data = loadDataset(spec, seed, nodeFileSystem);
  const { model } = buildModelWithInfo(spec, seed, { providers });
  const batch = data.validation.batch(Array.from({ length: Math.min(windows, data.validation.size) }, (_, i) => i));
  try {
    const probes = probeLayers({ model, data, batch, traced: 0, loss: lossFunction(spec.loss, data.targets) }, options);
    return { probes, data, batch };
  } finally {
    model.dispose();
  }
}

export { tf };
