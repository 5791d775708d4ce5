// Whether a bundle in dist/ is older than its sources: tests that read a
// bundle build it first when it is (`npm test` builds anyway).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of any file under `folders`, relative to `root`. */
export function newestSource(root: string, folders: string[]): number {
  let newest = 0;
  for (const folder of folders) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}
