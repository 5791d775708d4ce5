// Decides when a changed document is checked and its diagnostics published.
// A check costs a few milliseconds, so waiting is what a user would notice:
// an edit after a pause is checked at once. Typing is a burst of edits, and
// publishing each keystroke would make the problems flicker, so edits that
// follow each other closely are checked once, when the typing pauses: after
// twice the last gap between edits (a steady typist's next key comes sooner),
// never longer than the pause itself. A check whose document changed meanwhile
// is dropped instead of published, so the editor never shows stale problems.
import type { Diagnostic } from 'vscode-languageserver';
import type { DocumentStore } from '../documents/document-store';
import type { DiagnosticsProvider } from '../language-services';
import { describeError, type Logger } from '../util/guard';

export type Publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;

/** The clock and timers the scheduler runs on: Node's, or a test's that it advances by hand. */
export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers; 0 ms runs in the loop's next turn (setImmediate), without the millisecond a 0 ms timeout waits. */
export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (run, ms): SystemTimer => (ms > 0 ? { timeout: setTimeout(run, ms) } : { immediate: setImmediate(run) }),
  clearTimeout: (handle) => {
    const timer = handle as SystemTimer;
    if ('immediate' in timer) clearImmediate(timer.immediate);
    else clearTimeout(timer.timeout);
  },
};

type SystemTimer = { timeout: ReturnType<typeof setTimeout> } | { immediate: ReturnType<typeof setImmediate> };

/** A typing burst waits at least this long for the next key, so that a paste or a multi-part edit is published once. */
export const MIN_BURST_WAIT_MS = 30;
/** How many of the last gaps between edits the scheduler waits before calling the typing paused. */
const GAPS_TO_WAIT = 2;

interface Editing {
  /** When the last edit came. */
  lastEdit: number;
  /** The pending check, if any. */
  timer?: unknown;
}

export class DiagnosticsScheduler {
  private readonly editing = new Map<string, Editing>();

  constructor(
    private readonly store: DocumentStore,
    private readonly provider: DiagnosticsProvider,
    private readonly publish: Publish,
    private readonly logger: Logger,
    /** Edits further apart than this come after a pause and are checked at once; 0 checks every edit at once. */
    private readonly pauseMs: () => number,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** The document changed (or was opened, or what it reads changed): check it now or when typing pauses. */
  schedule(uri: string): void {
    const now = this.timers.now();
    const pause = this.pauseMs();
    const previous = this.editing.get(uri);
    if (previous?.timer !== undefined) this.timers.clearTimeout(previous.timer);
    const gap = previous ? now - previous.lastEdit : Infinity;
    const editing: Editing = { lastEdit: now };
    const wait = gap < pause ? Math.min(pause, Math.max(MIN_BURST_WAIT_MS, GAPS_TO_WAIT * gap)) : 0;
    // Even "at once" runs after this handler: the notification that carried the edit has been handled by then.
    editing.timer = this.timers.setTimeout(() => this.run(uri), wait);
    this.editing.set(uri, editing);
  }

  /** The document closed: forget pending work and clear what was shown. */
  clear(uri: string): void {
    this.cancel(uri);
    this.editing.delete(uri);
    this.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const uri of this.editing.keys()) this.cancel(uri);
    this.editing.clear();
  }

  private cancel(uri: string): void {
    const editing = this.editing.get(uri);
    if (editing?.timer !== undefined) this.timers.clearTimeout(editing.timer);
    if (editing) editing.timer = undefined;
  }

  private run(uri: string): void {
    const editing = this.editing.get(uri);
    if (editing) editing.timer = undefined;
    const document = this.store.get(uri);
    if (!document) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.provider.diagnostics(document);
    } catch (error) {
      this.logger.error(`diagnostics failed: ${describeError(error)}`);
      return;
    }
    if (this.store.get(uri)?.version !== document.version || this.editing.get(uri)?.timer !== undefined) return;
    this.publish(uri, document.version, diagnostics);
  }
}
