// The generated data sets: a noisy sine wave and the adding problem.
import { createRandom } from '../../util/random';

/** amplitude·sin(2πt/period) + Gaussian noise of the given standard deviation, t = 0..samples-1. */
export function sineSeries(args: { samples: number; period: number; amplitude: number; noise: number }, seed: number): Float32Array {
  const random = createRandom(seed);
  const series = new Float32Array(args.samples);
  for (let t = 0; t < args.samples; t++) {
    series[t] = args.amplitude * Math.sin((2 * Math.PI * t) / args.period) + (args.noise > 0 ? args.noise * random.normal() : 0);
  }
  return series;
}

/**
 * The adding problem as in Le et al. 2015: channel 0 holds values uniform in
 * [0, 1), channel 1 a marker that is 1 at one position of the first half and
 * one of the second half; the target is the sum of the two marked values.
 */
export function addingSequences(samples: number, timesteps: number, seed: number): { inputs: Float32Array; targets: Float32Array } {
  const random = createRandom(seed);
  const inputs = new Float32Array(samples * timesteps * 2);
  const targets = new Float32Array(samples);
  const half = Math.floor(timesteps / 2);
  for (let s = 0; s < samples; s++) {
    const base = s * timesteps * 2;
    for (let t = 0; t < timesteps; t++) inputs[base + t * 2] = random.next();
    const first = random.int(half);
    const second = half + random.int(timesteps - half);
    inputs[base + first * 2 + 1] = 1;
    inputs[base + second * 2 + 1] = 1;
    targets[s] = inputs[base + first * 2] + inputs[base + second * 2];
  }
  return { inputs, targets };
}
