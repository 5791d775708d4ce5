// The schema's optimizers as one pass over plain arrays per weight, with
// gradient clipping in the same pass. tfjs's optimizers run 5-15 small ops
// per weight and step (Adam: about 60 for a one-layer model), and around the
// fused kernels that dispatch was a tenth of a 64-unit batch
// (docs/performance.md, issue 15). The arithmetic is tfjs's, in its order,
// with its float32 constants and float32 state; the intermediate values of
// an element's update stay in double precision (rounding each one to float32
// as tfjs's ops do tripled the loop's time), which moves a weight by a few
// float32 ulps at most (test/unit/flat-optimizer.test.ts holds it within
// 1e-6 of tfjs over several steps). The state has the names and layout
// tfjs's getWeights gives: a checkpoint written by either resumes on the
// other (optimizer-state.ts).
import * as tf from '@tensorflow/tfjs-core';
import { t, type OptimizerSpec } from '../../shared';
import type { ClipSettings } from './clip';

const f = Math.fround;

/** tfjs's epsilon() on its float32 backends, which Adagrad adds. */
const BACKEND_EPSILON = 1e-7;

/** One step of one weight: reads the gradient `g`, updates `w` and the weight's slots in place. */
type Update = (w: Float32Array, g: Float32Array, slots: Float32Array[]) => void;

/**
 * An optimizer as tfjs lays out its state: per weight, slots named
 * `<weight>/<suffix>` (in getWeights' order: every weight's first slot, then
 * every weight's second, ...), and a few scalars of its own.
 */
interface Rule {
  slots: readonly string[];
  /** The slots' first value (Adagrad's accumulator starts at 0.1). */
  initial: number;
  /** Scalars saved before the slots (after `iter`), then after them, as optimizer-state.ts names them. */
  scalarsBefore: readonly string[];
  scalarsAfter: readonly string[];
  scalars: Record<string, number>;
  /** The per-step update, given the scalars as they are at the start of the step. */
  step(): Update;
  /** After every weight's update (tfjs advances Adam's β powers once per step). */
  finish?(): void;
}

function ruleFor(spec: OptimizerSpec): Rule {
  const { fn, args: a } = spec;
  const none = { scalarsBefore: [], scalarsAfter: [], scalars: {}, initial: 0 };
  switch (fn) {
    case 'sgd': {
      const c = f(-a.lr);
      if (!a.momentum) return { ...none, slots: [], step: () => (w, g) => { for (let i = 0; i < w.length; i++) w[i] += c * g[i]; } };
      const m = f(a.momentum);
      const nesterov = a.nesterov ?? false;
      return {
        ...none,
        slots: ['momentum'],
        step: () => (w, g, [acc]) => {
          for (let i = 0; i < w.length; i++) {
            const next = m * acc[i] + g[i];
            acc[i] = next;
            w[i] += nesterov ? c * (g[i] + next * m) : c * next;
          }
        },
      };
    }
    case 'adam': {
      const [b1, b2, eps, lr] = [f(a.beta1), f(a.beta2), f(a.epsilon), f(-a.lr)];
      const [k1, k2] = [f(1 - a.beta1), f(1 - a.beta2)];
      const scalars = { 'adam/accBeta1': b1, 'adam/accBeta2': b2 };
      return {
        ...none,
        slots: ['m', 'v'],
        scalarsAfter: Object.keys(scalars),
        scalars,
        step: () => {
          // The bias corrections' divisions as multiplications by reciprocals, once per step.
          const r1 = 1 / f(1 - scalars['adam/accBeta1']);
          const r2 = 1 / f(1 - scalars['adam/accBeta2']);
          const scale = lr * r1;
          return (w, g, [m, v]) => {
            for (let i = 0; i < w.length; i++) {
              const gi = g[i];
              const mi = m[i] * b1 + gi * k1;
              const vi = v[i] * b2 + gi * gi * k2;
              m[i] = mi;
              v[i] = vi;
              w[i] += (scale * mi) / (Math.sqrt(vi * r2) + eps);
            }
          };
        },
        finish() {
          scalars['adam/accBeta1'] = f(scalars['adam/accBeta1'] * b1);
          scalars['adam/accBeta2'] = f(scalars['adam/accBeta2'] * b2);
        },
      };
    }
    case 'rmsprop': {
      const [rho, k, momentum, eps, lr] = [f(a.rho), f(1 - a.rho), f(a.momentum), f(a.epsilon), f(a.lr)];
      return {
        ...none,
        slots: ['rms', 'momentum'],
        step: () => (w, g, [ms, mom]) => {
          for (let i = 0; i < w.length; i++) {
            const gi = g[i];
            const msi = ms[i] * rho + gi * gi * k;
            const momi = mom[i] * momentum + (gi * lr) / Math.sqrt(msi + eps);
            ms[i] = msi;
            mom[i] = momi;
            w[i] -= momi;
          }
        },
      };
    }
    case 'adagrad': {
      const [lr, eps] = [f(-a.lr), f(BACKEND_EPSILON)];
      return {
        ...none,
        initial: 0.1,
        slots: ['accumulator'],
        step: () => (w, g, [acc]) => {
          for (let i = 0; i < w.length; i++) {
            const gi = g[i];
            const next = acc[i] + gi * gi;
            acc[i] = next;
            w[i] += (gi / Math.sqrt(next + eps)) * lr;
          }
        },
      };
    }
    case 'adadelta': {
      const [rho, k, eps, lr] = [f(a.rho), f(1 - a.rho), f(a.epsilon), f(-a.lr)];
      return {
        ...none,
        slots: ['accum_grad', 'accum_var'],
        step: () => (w, g, [accGrad, accVar]) => {
          for (let i = 0; i < w.length; i++) {
            const gi = g[i];
            // tfjs scales by the accumulated gradient from before this step's.
            const update = Math.sqrt((accVar[i] + eps) / (accGrad[i] + eps)) * gi;
            accGrad[i] = accGrad[i] * rho + gi * gi * k;
            accVar[i] = accVar[i] * rho + update * update * k;
            w[i] += update * lr;
          }
        },
      };
    }
    case 'adamax': {
      const [b1, b2, k1, eps, lr] = [f(a.beta1), f(a.beta2), f(1 - a.beta1), f(a.epsilon), f(-a.lr)];
      const scalars = { 'adamax/iteration': 0, 'adamax/accBeta1': b1 };
      return {
        ...none,
        slots: ['m', 'v'],
        scalarsBefore: Object.keys(scalars),
        scalars,
        step: () => {
          // tfjs's lr / (1 + decay · iteration), with no decay: lr / 1.
          const scale = lr / f(1 - scalars['adamax/accBeta1']);
          return (w, g, [m, u]) => {
            for (let i = 0; i < w.length; i++) {
              const gi = g[i];
              const mi = m[i] * b1 + gi * k1;
              const ui = Math.max(u[i] * b2, Math.abs(gi));
              m[i] = mi;
              u[i] = ui;
              w[i] += (scale * mi) / (ui + eps);
            }
          };
        },
        finish() {
          scalars['adamax/iteration'] = f(scalars['adamax/iteration'] + 1);
          scalars['adamax/accBeta1'] = f(scalars['adamax/accBeta1'] * b1);
        },
      };
    }
  }
}

/** A weight the optimizer updates, with its slots (created at its first gradient, as tfjs does). */
interface Entry {
  variable: tf.Variable;
  slots: Float32Array[];
  /**
   * The weight's values as the last update left them, and the data the
   * variable then held: while it still holds that data (nothing else
   * assigned it: a resumed run's weights, early stopping's best ones), the
   * update starts from this copy instead of reading the weight back.
   */
  weights?: Float32Array;
  assigned?: tf.DataId;
}

export interface NamedState {
  name: string;
  tensor: tf.Tensor;
}

export class FlatOptimizer {
  private readonly rule: Rule;
  /**
   * By weight name, in the order of the first gradients (tfjs keeps its slots
   * by position, which is the same order while every weight has a gradient).
   */
  private entries = new Map<string, Entry>();
  private iterations_ = 0;

  constructor(readonly spec: OptimizerSpec) {
    this.rule = ruleFor(spec);
  }

  get iterations(): number {
    return this.iterations_;
  }

  /**
   * One step: clips the gradients (by value, then by global norm, as
   * clip.ts does) and updates every variable named in `gradients`.
   */
  applyGradients(gradients: tf.NamedTensorMap, clip: ClipSettings = {}): void {
    const names = Object.keys(gradients);
    const values = names.map((name) => clipped(gradients[name].dataSync() as Float32Array, clip.clipvalue));
    if (clip.clipnorm !== undefined) scaleToNorm(values, clip.clipnorm);
    const update = this.rule.step();
    // wasm copies a new tensor's values into its own memory; cpu and tensorflow keep the array itself.
    const copiedOnWrite = tf.getBackend() === 'wasm';
    names.forEach((name, i) => {
      const entry = this.entries.get(name) ?? this.entry(name);
      const { variable } = entry;
      // dataSync may hand out the backend's own array (cpu): the update works on a copy.
      if (!entry.weights || entry.assigned !== variable.dataId) entry.weights = Float32Array.from(variable.dataSync() as Float32Array);
      update(entry.weights, values[i], entry.slots);
      variable.assign(tf.tensor(copiedOnWrite ? entry.weights : entry.weights.slice(), variable.shape, 'float32'));
      entry.assigned = variable.dataId;
    });
    this.rule.finish?.();
    this.iterations_++;
  }

  private entry(name: string): Entry {
    const variable = tf.engine().registeredVariables[name];
    if (!variable) throw new Error(`optimizer: no variable named ${name}`);
    const entry = { variable, slots: this.rule.slots.map(() => new Float32Array(variable.size).fill(this.rule.initial)) };
    this.entries.set(name, entry);
    return entry;
  }

  /**
   * The state as tfjs's optimizer of the same kind names it
   * (optimizer-state.ts), copied (cpu would otherwise keep the live slots);
   * the caller disposes the tensors.
   */
  state(): NamedState[] {
    const { rule } = this;
    const scalar = (name: string) => ({ name, tensor: tf.scalar(rule.scalars[name], 'float32') });
    return [
      { name: 'iter', tensor: tf.scalar(this.iterations_, 'int32') },
      ...rule.scalarsBefore.map(scalar),
      ...rule.slots.flatMap((suffix, s) =>
        [...this.entries.values()].map((e) => ({ name: `${e.variable.name}/${suffix}`, tensor: tf.tensor(e.slots[s].slice(), e.variable.shape, 'float32') })),
      ),
      ...rule.scalarsAfter.map(scalar),
    ];
  }

  /**
   * Puts back a state `state()` or tfjs's optimizer gave (by position, as
   * tfjs's setWeights does: every weight's first slot, then the second...).
   * `variables`: the weights in the order the gradients come in.
   */
  restore(tensors: readonly NamedState[], variables: readonly tf.Variable[]): void {
    const { rule } = this;
    const named = (name: string) => {
      const found = tensors.find((t) => t.name === name);
      if (!found) throw new Error(t('the optimizer state has no {0}', name));
      return found.tensor.dataSync()[0];
    };
    this.iterations_ = named('iter');
    for (const name of [...rule.scalarsBefore, ...rule.scalarsAfter]) rule.scalars[name] = named(name);
    const slotTensors = tensors.filter((t) => t.name !== 'iter' && !(t.name in rule.scalars));
    const count = rule.slots.length ? slotTensors.length / rule.slots.length : 0;
    if (rule.slots.length && count !== variables.length) {
      throw new Error(t('the optimizer state holds {0} tensors for {1} weights', slotTensors.length, variables.length));
    }
    const restored = variables.map((variable, i) => ({
      variable,
      slots: rule.slots.map((_, s) => {
        const { name, tensor } = slotTensors[s * count + i];
        if (tensor.size !== variable.size) throw new Error(t('the optimizer state holds {0} values in {1}, for a weight of {2}', tensor.size, name, variable.size));
        const values = tensor.dataSync() as Float32Array;
        return Float32Array.from(values);
      }),
    }));
    this.entries = new Map(restored.map((entry) => [entry.variable.name, entry]));
  }

  dispose(): void {
    this.entries.clear();
  }
}

/** clipByValue: each element into [-limit, limit] (a copy; the gradient's array may be the backend's). */
function clipped(gradient: Float32Array, limit: number | undefined): Float32Array {
  if (limit === undefined) return gradient;
  const [low, high] = [f(-limit), f(limit)];
  return gradient.map((g) => (g < low ? low : g > high ? high : g));
}

/** Scales every gradient by clipnorm / max(global norm, clipnorm), in place (the arrays are the step's own copies). */
function scaleToNorm(gradients: Float32Array[], clipnorm: number): void {
  let squares = 0;
  for (const g of gradients) for (let i = 0; i < g.length; i++) squares += g[i] * g[i];
  const bound = f(clipnorm);
  const scale = f(bound / Math.max(f(Math.sqrt(squares)), bound));
  if (scale === 1) return;
  for (let k = 0; k < gradients.length; k++) gradients[k] = gradients[k].map((g) => f(g * scale));
}
