// Guards against backend-specific gradient bugs (tfjs has had wasm-only
// ones): one training step on the chosen backend must match the plain JS cpu
// backend, the reference implementation, within a tolerance.
import * as tf from '@tensorflow/tfjs-core';
import { t } from '../../shared';

/** One training step's loss and gradients, computed from scratch on the active backend (the step must clean up its tensors). */
export type StepProbe = () => { loss: number; gradients: Float32Array[] };

export interface BackendVerification {
  ok: boolean;
  /** Largest relative difference found: |a-b| / (|b| + 1e-6) for the loss, ||a-b|| / (||b|| + 1e-6) per gradient. */
  maxRelativeError: number;
  message: string;
}

function norm(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/** Compares the probe on `backend` with the probe on cpu, then leaves `backend` active. */
export async function verifyBackend(backend: string, probe: StepProbe, tolerance = 1e-3): Promise<BackendVerification> {
  if (backend === 'cpu') return { ok: true, maxRelativeError: 0, message: t('cpu is the reference backend') };
  await tf.setBackend('cpu');
  const reference = probe();
  await tf.setBackend(backend);
  const candidate = probe();
  let worst = Math.abs(candidate.loss - reference.loss) / (Math.abs(reference.loss) + 1e-6);
  let worstWhat = t('the loss');
  if (!Number.isFinite(candidate.loss)) worst = Infinity;
  reference.gradients.forEach((expected, i) => {
    const got = candidate.gradients[i];
    const diff = new Float32Array(expected.length);
    for (let k = 0; k < expected.length; k++) diff[k] = (got?.[k] ?? NaN) - expected[k];
    const error = norm(diff) / (norm(expected) + 1e-6);
    if (!(error <= worst)) {
      worst = Number.isNaN(error) ? Infinity : error;
      worstWhat = t('gradient {0}', i + 1);
    }
  });
  const ok = worst <= tolerance;
  const message = ok
    ? t('{0} matches cpu on one training step (largest relative difference {1})', backend, worst.toExponential(2))
    : t('{0} differs from cpu on one training step ({1}: relative difference {2} > {3})', backend, worstWhat, worst.toExponential(2), tolerance);
  return { ok, maxRelativeError: worst, message };
}
