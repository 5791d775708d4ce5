// The run the panel shows, remembered in the extension's storage folder as
// well: a webview's own saved state can be lost when a browser-based VS Code
// (code-server, vscode.dev) reloads before it has flushed its storage.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RememberedRun {
  runDir: string;
  model?: string;
}

export class PanelMemory {
  constructor(private readonly folder: string | undefined) {}

  remember(run: RememberedRun): void {
    if (!this.folder) return;
    try {
      mkdirSync(this.folder, { recursive: true });
      writeFileSync(join(this.folder, 'training-panel.json'), JSON.stringify(run));
    } catch {
      // Only a convenience for the next reload; the panel works without it.
    }
  }

  recall(): RememberedRun | undefined {
    if (!this.folder) return undefined;
    try {
      const run = JSON.parse(readFileSync(join(this.folder, 'training-panel.json'), 'utf8')) as Partial<RememberedRun>;
      return typeof run.runDir === 'string' ? { runDir: run.runDir, model: run.model } : undefined;
    } catch {
      return undefined;
    }
  }
}
