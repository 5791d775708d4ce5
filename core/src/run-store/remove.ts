// Deleting runs: to the system's trash where there is one, else into
// <runs>/.trash/<Model>/<timestamp>, from where they can be moved back. A run
// is never removed for good here.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TRASH_FOLDER } from './files';

export type RemovedTo =
  | { kind: 'system-trash' }
  /** The folder it now lives in. */
  | { kind: 'trash-folder'; path: string };

export interface RemoveOptions {
  /**
   * Moves a folder to the system's trash, rejecting where there is none: the
   * `trash` package in the CLI, VS Code's file system in the extension (the
   * local trash on a desktop, none on a remote one such as code-server).
   * Without it, or when it fails, the run goes to the trash folder.
   */
  systemTrash?: (path: string) => Promise<void>;
}

/** Moves one run folder out of the runs; where it went. Throws when it can go nowhere (the run folder unreadable, the disk full). */
export async function removeRun(runDir: string, options: RemoveOptions = {}): Promise<RemovedTo> {
  if (options.systemTrash) {
    try {
      await options.systemTrash(runDir);
      if (!existsSync(runDir)) return { kind: 'system-trash' };
    } catch {
      // no trash here (a remote or container file system, a missing helper): the folder below keeps it instead
    }
  }
  return { kind: 'trash-folder', path: moveToTrashFolder(runDir) };
}

/** <runs>/<Model>/<name> -> <runs>/.trash/<Model>/<name>, with a suffix when a run of that name is already there. */
function moveToTrashFolder(runDir: string): string {
  const modelDir = dirname(runDir);
  const target = join(dirname(modelDir), TRASH_FOLDER, basename(modelDir));
  mkdirSync(target, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const destination = join(target, attempt === 1 ? basename(runDir) : `${basename(runDir)}~${attempt}`);
    if (existsSync(destination)) continue;
    renameSync(runDir, destination);
    return destination;
  }
}
