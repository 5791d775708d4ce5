// The runs under a runs folder, damaged ones included with their reason.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tryReadSummary, type SummaryRead } from './read';

export type RunEntry = {
  /** The model's folder name (the model's name, made safe for file systems). */
  model: string;
  runDir: string;
  /** The run's folder name, its UTC start time: 2026-11-26T15-42-07, or 2026-11-26T15-42-07-2 for a second run in that second. */
  name: string;
} & SummaryRead;

/**
 * Runs under `runsDir` (of one model when given), newest first. Folder names
 * order them: they exist even when summary.json is missing or damaged.
 */
export function listRuns(runsDir: string, model?: string): RunEntry[] {
  const models = model !== undefined ? [model] : subfolders(runsDir);
  const entries = models.flatMap((modelName) =>
    subfolders(join(runsDir, modelName)).map((name): RunEntry => {
      const runDir = join(runsDir, modelName, name);
      return { model: modelName, runDir, name, ...tryReadSummary(runDir) };
    }),
  );
  return entries.sort((a, b) => b.name.localeCompare(a.name, 'en', { numeric: true }) || a.model.localeCompare(b.model));
}

/** Folder names in `dir`; none when it is missing or unreadable. */
function subfolders(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // Dot folders are not runs or models: .trash (deleted runs), editors' and tools' own folders.
  return names.filter((name) => !name.startsWith('.') && isDirectory(join(dir, name)));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
