// Which gates a cell computes and what its weights cost: the parameter
// contract shared with the checker and the summary.
import { CELLS } from '../schema/schema';
import type { CellKind, HiddenSpec } from '../spec';

/** The cell's gates in canonical (weight) order, from the schema. */
export function cellGates(cell: CellKind): string[] {
  return (CELLS.find((c) => c.name === cell)?.facts?.gates as string[] | undefined) ?? [];
}

/** Gates with their own weights: active gates, minus `input` for a coupled LSTM (input = 1 - forget). */
export function computedGates(hidden: Pick<HiddenSpec, 'cell' | 'gates' | 'coupled'>): string[] {
  const active = cellGates(hidden.cell).filter((g) => hidden.gates.includes(g));
  return hidden.cell === 'lstm' && hidden.coupled ? active.filter((g) => g !== 'input') : active;
}

/** Parameters of one direction of one recurrent layer: blocks·(u·(i+u)+u) + peepholes (u per computed gate). */
export function recurrentParams(hidden: Pick<HiddenSpec, 'cell' | 'gates' | 'coupled' | 'peepholes'>, inputs: number, units: number): number {
  const gates = computedGates(hidden);
  const blocks = 1 + gates.length;
  const peepholes = hidden.cell === 'lstm' && hidden.peepholes ? units * gates.length : 0;
  return blocks * (units * (inputs + units) + units) + peepholes;
}

/** A configuration the stock tfjs layer implements: every gate, not coupled, no peepholes. */
export function isStandardCell(hidden: Pick<HiddenSpec, 'cell' | 'gates' | 'coupled' | 'peepholes'>): boolean {
  const all = cellGates(hidden.cell);
  return all.every((g) => hidden.gates.includes(g)) && !hidden.coupled && !hidden.peepholes;
}
