// A clock and timers that move only when a test advances them, for the
// server's timing logic (the diagnostics scheduler, the idle warm-up): the
// tests see what runs when without any real time passing.
import type { Timers } from '../../server/src/diagnostics/diagnostics-scheduler';

/** Timers that fire only when the test advances the clock, in the order they are due. */
export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 0;
  private readonly due = new Map<number, { at: number; run: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.due.set(id, { at: this.time + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }

  /** Moves the clock `ms` on, firing every timer due by then (timers set while firing included). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const [id, next] = [...this.due.entries()].sort(([a, x], [b, y]) => x.at - y.at || a - b)[0] ?? [];
      if (next === undefined || next.at > until) break;
      this.due.delete(id!);
      this.time = next.at;
      next.run();
    }
    this.time = until;
  }
}
