// Run folders: <runsDir>/<Model>/<timestamp>/, one per run, never reused.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A folder name from a date: 2026-11-26T15-42-07 (UTC, no colons so it is valid everywhere). */
export function runTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Model names become folder names; keep them to safe characters. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'model';
}

/** Creates a new, empty run folder; an existing one is never reused (a suffix -2, -3, ... is added). */
export function createRunDir(runsDir: string, model: string, date = new Date()): string {
  const parent = join(runsDir, safeName(model));
  mkdirSync(parent, { recursive: true });
  const base = runTimestamp(date);
  for (let attempt = 1; ; attempt++) {
    const dir = join(parent, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      mkdirSync(dir); // not recursive: fails if it exists, even when two runs race
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
