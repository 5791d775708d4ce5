// One recurrent direction stepped by hand with tfjs ops, on the layer's own
// weights: tfjs-layers' RNN keeps its per-step states inside one op chain
// nobody can reach, and insight needs every h_t. A zero tensor e_t is added to
// each state h_t and passed to the next step and the output; the loss's
// gradient with respect to e_t is then the TOTAL gradient dL/dh_t (its own
// output's plus everything flowing back from t+1). The step functions are the
// engine's gated cell's (compile/cells.ts), which equal tfjs's LSTMCell,
// GRUCell and SimpleRNNCell with every gate; the probe's tests hold them to the
// fused kernels and to the stock layers.
import * as tf from '@tensorflow/tfjs-core';
import type { RecurrentDirection } from './recurrent-layers';

export interface SteppedSequence {
  /** Processing order: [batch, steps, units] when the layer returns its sequence, else the last state [batch, units]. */
  output: tf.Tensor;
  /** Per weight block (activated), then "cell" (lstm) and "hidden": [steps, batch, units], processing order. Kept: the caller disposes them. */
  series: { name: string; values: tf.Tensor }[];
}

/**
 * Runs `direction` over `input` [batch, steps, features] in processing order
 * (already reversed for a backward direction), with `mask` [batch, steps] (1 a
 * real step, 0 padding that carries the state, as tfjs's rnn() does) and one
 * zero perturbation [batch, units] per step added to the state.
 */
export function stepSequence(direction: RecurrentDirection, input: tf.Tensor, mask: tf.Tensor | undefined, perturbations: tf.Tensor[]): SteppedSequence {
  const [batch, steps, features] = input.shape;
  const units = direction.units;
  const width = direction.blocks.length * units;
  let projected = tf.matMul(tf.reshape(input, [batch * steps, features]), direction.kernel.read());
  if (direction.bias) projected = tf.add(projected, direction.bias.read());
  const inputParts = tf.reshape(projected, [batch, steps, width]);
  const recurrentKernel = direction.recurrentKernel.read();
  const column = (values: tf.Tensor, block: string) => tf.slice(values, [0, direction.blocks.indexOf(block) * units], [-1, units]);
  const peephole = direction.peephole?.read();
  const peepholeOf = (gate: string) => tf.slice(peephole!, [direction.computed.indexOf(gate) * units], [units]);

  const collected = new Map<string, tf.Tensor[]>();
  const record = (name: string, value: tf.Tensor) => {
    if (!collected.has(name)) collected.set(name, []);
    collected.get(name)!.push(value);
  };
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const x = tf.reshape(tf.slice(inputParts, [0, t, 0], [batch, 1, width]), [batch, width]);
    const fromState = tf.matMul(h, recurrentKernel);
    const pre = (block: string) => tf.add(column(x, block), column(fromState, block));
    let hNew: tf.Tensor;
    let cNew: tf.Tensor | undefined;
    if (direction.cell === 'rnn') {
      hNew = direction.activate(pre('candidate'));
    } else if (direction.cell === 'lstm') {
      const gate = (name: string, cell: tf.Tensor): tf.Tensor | null => {
        if (!direction.computed.includes(name)) return null;
        const z = peephole ? tf.add(pre(name), tf.mul(cell, peepholeOf(name))) : pre(name);
        const value = direction.gateActivate(z);
        record(name, value);
        return value;
      };
      const input = direction.coupled ? null : gate('input', c);
      const forget = gate('forget', c);
      const candidate = direction.activate(pre('candidate'));
      record('candidate', candidate);
      const inputGate = direction.coupled ? tf.sub(1, forget ?? tf.onesLike(c)) : input;
      cNew = tf.add(forget ? tf.mul(forget, c) : c, inputGate ? tf.mul(inputGate, candidate) : candidate);
      const output = gate('output', cNew);
      hNew = output ? tf.mul(output, direction.activate(cNew)) : direction.activate(cNew);
    } else {
      const gate = (name: string): tf.Tensor | null => {
        if (!direction.computed.includes(name)) return null;
        const value = direction.gateActivate(pre(name));
        record(name, value);
        return value;
      };
      const update = gate('update');
      const reset = gate('reset');
      const gatedState = reset ? tf.mul(reset, h) : h;
      const candidate = direction.activate(tf.add(column(x, 'candidate'), tf.matMul(gatedState, column(recurrentKernel, 'candidate'))));
      record('candidate', candidate);
      hNew = update ? tf.add(tf.mul(update, h), tf.mul(tf.sub(1, update), candidate)) : candidate;
    }
    if (mask) {
      // A padded step carries the state (and an lstm's cell state) through.
      const real = tf.slice(mask, [0, t], [batch, 1]);
      const carry = (next: tf.Tensor, previous: tf.Tensor) => tf.add(tf.mul(real, next), tf.mul(tf.sub(1, real), previous));
      hNew = carry(hNew, h);
      if (cNew) cNew = carry(cNew, c);
    }
    if (direction.cell === 'rnn') record('candidate', hNew);
    if (cNew) {
      c = cNew;
      record('cell', c);
    }
    h = tf.add(hNew, perturbations[t]);
    record('hidden', hNew);
    outputs.push(h);
  }
  const names = [...direction.blocks, ...(direction.cell === 'lstm' ? ['cell'] : []), 'hidden'];
  return {
    output: direction.returnSequences ? tf.stack(outputs, 1) : h,
    series: names.map((name) => ({ name, values: tf.keep(tf.stack(collected.get(name)!, 0)) })),
  };
}
