// The probe batch of a run's insight recording (issue #10): the windows every
// epoch's gradients, saturation and histograms are measured on, drawn once
// from the validation part (the training part when there is none), and the
// one sequence whose gates and states are traced. Drawn with a generator of
// its own, seeded from the run's seed, so that recording on or off leaves the
// run's shuffles, dropout masks and losses exactly as they are.
import type { Batch, Dataset, WindowSource } from '../../language';
import type { InsightProbeRecord } from '../../shared';
import { INSIGHT_PROBE_WINDOWS } from '../../run-store';
import { denormalize } from '../data/normalize';
import { createRandom } from '../util/random';

/** Far from the seeds of the run's own generators (dropout: seed, shuffle: seed + 1, the text sample: seed + 2). */
const PROBE_SEED_OFFSET = 0x1d5e7;

export interface ProbeBatch {
  batch: Batch;
  /** Index within `batch` of the traced sequence. */
  traced: number;
  /** Its index within the part it was drawn from. */
  sample: number;
  /** Which part the windows come from. */
  part: 'validation' | 'training';
  /** Set when the requested sample was out of range: the windows there. */
  outOfRange?: { requested: number; available: number };
}

/**
 * The traced sequence `sample` (0 when out of range) first, then up to
 * `size` - 1 other windows of the same part drawn without replacement, in the
 * order drawn.
 */
export function drawProbeBatch(data: Dataset, seed: number, requested: number, size = INSIGHT_PROBE_WINDOWS): ProbeBatch {
  const part = data.validation.size > 0 ? 'validation' : 'training';
  const source: WindowSource = part === 'validation' ? data.validation : data.train;
  const inRange = requested < source.size;
  const sample = inRange ? requested : 0;
  const chosen = new Set<number>([sample]);
  const wanted = Math.min(size, source.size);
  const random = createRandom(seed + PROBE_SEED_OFFSET);
  if (wanted === source.size) {
    for (let i = 0; i < source.size; i++) chosen.add(i);
  } else {
    // Rejection is cheap here: at most 64 of the part's windows are wanted, and a part with few more than that repeats a few draws.
    while (chosen.size < wanted) chosen.add(random.int(source.size));
  }
  return {
    batch: source.batch([...chosen]),
    traced: 0,
    sample,
    part,
    ...(inRange ? {} : { outOfRange: { requested, available: source.size } }),
  };
}

/** The traced sequence as the probe record shows it: values in the data's units, or a text model's token indices and tokens. */
export function tracedInput(data: Dataset, batch: Batch, traced: number): Pick<InsightProbeRecord, 'input' | 'tokens' | 'features'> {
  const steps = data.timesteps;
  const width = data.inputs === 'token-ids' ? 1 : data.features;
  const rowOf = (t: number) => batch.x.subarray((traced * steps + t) * width, (traced * steps + t + 1) * width);
  const real = (t: number) => !batch.mask || batch.mask[traced * steps + t] > 0;
  if (data.vocabulary) {
    const vocabulary = data.vocabulary;
    // One-hot rows (features = vocabulary size) or token ids: one token index per step either way.
    const ids = Array.from({ length: steps }, (_, t) => (width === 1 ? rowOf(t)[0] : argMax(rowOf(t))));
    return { input: ids.map((id) => [id]), tokens: ids.map((id, t) => (real(t) ? vocabulary[id] ?? '' : '')) };
  }
  const input = Array.from({ length: steps }, (_, t) => Array.from(rowOf(t), (value, f) => denormalize(value, data.normalization, f)));
  const names = data.normalization?.columns ?? data.series?.columns;
  return names && names.length === width ? { input, features: names } : { input };
}

function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
