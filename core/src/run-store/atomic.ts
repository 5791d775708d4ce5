// Files of a run are written whole or not at all: a temporary file in the
// same folder, then a rename (atomic on one file system).
import { renameSync, rmSync, writeFileSync } from 'node:fs';

let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}-${++counter}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    removeQuietly(temporary); // a full disk must not leave half-written files behind
    // The temporary name is ours: the caller asked to write `path`.
    if ((error as NodeJS.ErrnoException)?.path === temporary) (error as NodeJS.ErrnoException).path = path;
    throw error;
  }
}

/** Cleaning up must not replace the error that made it necessary (rmSync throws ENOTDIR even with `force`). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing was written there, or the folder itself is gone
  }
}
