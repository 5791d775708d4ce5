// What a person writes about a run in the runs table (star, title, note,
// hidden), in the run's notes.json: never in summary.json, which belongs to
// the training process and may be rewritten by it at any moment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNotesSchema, type RunNotes } from '../shared';
import { writeFileAtomic } from './atomic';
import { NOTES_FILE } from './files';

/** The run's notes; none when the file is missing or damaged (notes never stop a run from being listed). */
export function readNotes(runDir: string): RunNotes {
  try {
    const parsed = runNotesSchema.safeParse(JSON.parse(readFileSync(join(runDir, NOTES_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Merges `changes` into the run's notes and writes them whole; an empty string or false clears a field. */
export function updateNotes(runDir: string, changes: RunNotes): RunNotes {
  const merged: RunNotes = { ...readNotes(runDir), ...changes };
  for (const key of Object.keys(merged) as (keyof RunNotes)[]) {
    if (merged[key] === '' || merged[key] === false || merged[key] === undefined) delete merged[key];
  }
  writeFileAtomic(join(runDir, NOTES_FILE), `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}
