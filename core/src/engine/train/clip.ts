// Gradient clipping, which tfjs optimizers do not do: by value (each element
// into [-clipvalue, clipvalue]) and by global norm (all gradients scaled
// together so that their joint L2 norm is at most clipnorm). The loop clips
// in the flat optimizer's pass (flat-optimizer.ts); these tensor versions are
// its reference and part of the engine's public entry.
import * as tf from '@tensorflow/tfjs-core';

export interface ClipSettings {
  clipnorm?: number;
  clipvalue?: number;
}

export function globalNorm(gradients: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Clipped copies (call inside tf.tidy); by value first, then by global norm. Unclipped settings return the input. */
export function clipGradients(gradients: tf.NamedTensorMap, settings: ClipSettings): tf.NamedTensorMap {
  const names = Object.keys(gradients);
  let values = names.map((n) => gradients[n]);
  if (settings.clipvalue !== undefined) {
    const limit = settings.clipvalue;
    values = values.map((g) => tf.clipByValue(g, -limit, limit));
  }
  if (settings.clipnorm !== undefined && values.length > 0) {
    const norm = globalNorm(values);
    // scale = clipnorm / max(norm, clipnorm): 1 when already within the bound.
    const scale = tf.div(settings.clipnorm, tf.maximum(norm, settings.clipnorm));
    values = values.map((g) => tf.mul(g, scale));
  }
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}
