// Files of a run are written whole or not at all: a temporary file in the
// same folder, then a rename (atomic on one file system).
import { renameSync, writeFileSync } from 'node:fs';

let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}-${++counter}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
