// Which epochs keep their traces in insight.jsonl. A trace (every gate and
// state of the traced sequence, float32) grows with steps x units: at 500
// steps and 256 units an lstm's is about 4 MB of base64 per epoch, while the
// file must stay bounded and append-only (nothing written is ever taken back).
// So the plan is made once, when the run's first trace shows its size, from
// the epochs planned: every epoch while they all fit the budget, else the
// first, every s-th after it and the last, s the smallest stride that fits,
// one trace's room kept for the epoch early stopping keeps. docs/run-format.md
// states the rule (scripts/gen-run-format-doc.ts).
import { INSIGHT_TRACE_BUDGET } from '../../run-store';

export class TracePlan {
  /** Epochs between two kept traces (1: every epoch). */
  readonly stride: number;

  /**
   * `first`: the epoch of the trace just written (0, or the epoch a resumed run starts from); `last`: the last
   * epoch planned; `bytesPerEpoch`: one epoch's trace lines, every layer's.
   */
  constructor(
    private readonly first: number,
    private readonly last: number,
    bytesPerEpoch: number,
    budget = INSIGHT_TRACE_BUDGET,
  ) {
    // One epoch's room is kept back for early stopping's kept epoch; the first and the last are always kept.
    const slots = Math.max(2, Math.floor(budget / Math.max(1, bytesPerEpoch)) - 1);
    const epochs = last - first;
    this.stride = epochs + 1 <= slots ? 1 : Math.ceil(epochs / (slots - 1));
  }

  /** Whether `epoch`'s trace is kept (by the plan; TracePlan leaves the kept epoch of early stopping to its caller). */
  keeps(epoch: number): boolean {
    return epoch === this.last || (epoch >= this.first && (epoch - this.first) % this.stride === 0);
  }
}
