// Publishes diagnostics a short while after the last edit (debounce). A newer
// edit cancels the pending check; a check whose document changed meanwhile is
// dropped instead of published, so the editor never shows stale problems.
import type { Diagnostic } from 'vscode-languageserver';
import type { DocumentStore } from '../documents/document-store';
import type { DiagnosticsProvider } from '../language-services';
import { describeError, type Logger } from '../util/guard';

export type Publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly provider: DiagnosticsProvider,
    private readonly publish: Publish,
    private readonly logger: Logger,
    private readonly delayMs: () => number,
  ) {}

  schedule(uri: string): void {
    this.cancel(uri);
    this.pending.set(uri, setTimeout(() => this.run(uri), this.delayMs()));
  }

  /** The document closed: forget pending work and clear what was shown. */
  clear(uri: string): void {
    this.cancel(uri);
    this.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }

  private run(uri: string): void {
    this.pending.delete(uri);
    const document = this.store.get(uri);
    if (!document) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.provider.diagnostics(document);
    } catch (error) {
      this.logger.error(`diagnostics failed: ${describeError(error)}`);
      return;
    }
    if (this.store.get(uri)?.version !== document.version || this.pending.has(uri)) return;
    this.publish(uri, document.version, diagnostics);
  }
}
