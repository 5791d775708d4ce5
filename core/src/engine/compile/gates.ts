// The engine's view of a cell's gates, on a resolved HiddenSpec. The gate and
// parameter rules themselves live once, in check/shapes.ts, and a cell's gates
// once, in the schema's facts.
import { cellGates, computedGates as computedGatesOf, recurrentParams as recurrentParamsOf } from '../../language';
import type { CellKind } from '../../shared';

export { cellGates };

/** A recurrent layer's cell and gate settings; gates are names from the schema (layer configs carry them as strings). */
export interface CellVariant {
  cell: CellKind;
  /** Active gates, canonical order. */
  gates: readonly string[];
  coupled: boolean;
  peepholes: boolean;
}

/** Gates with their own weights (the checker's rule: active gates minus the one `coupled` derives). */
export function computedGates(hidden: Pick<CellVariant, 'cell' | 'gates' | 'coupled'>): string[] {
  return computedGatesOf(hidden.cell, hidden.gates, hidden.coupled);
}

/** Parameters of one direction of one recurrent layer, by the checker's parameter contract. */
export function recurrentParams(hidden: CellVariant, inputs: number, units: number): number {
  return recurrentParamsOf(units, inputs, computedGates(hidden).length, hidden.peepholes);
}

/** A configuration the stock tfjs layer implements: every gate, not coupled, no peepholes. */
export function isStandardCell(hidden: CellVariant): boolean {
  const all = cellGates(hidden.cell);
  return all.every((g) => hidden.gates.includes(g)) && !hidden.coupled && !hidden.peepholes;
}

/**
 * Weight blocks of a cell's kernel in tfjs's layout (lstm i f c o, gru z r h,
 * rnn one block); "candidate" is the cell input. Every implementation (stock,
 * gated cell, fused kernels) stores its weights in this order.
 */
export function weightBlocks(cell: CellKind): string[] {
  const gates: string[] = cellGates(cell);
  // tfjs puts the LSTM candidate before the output gate, the GRU candidate last.
  const at = cell === 'lstm' ? gates.indexOf('output') : gates.length;
  return [...gates.slice(0, at), 'candidate', ...gates.slice(at)];
}
