import { isAbsolute, join } from 'node:path';

/** The absolute runs folder for a .rnn file: a relative setting is taken from the file's workspace folder, else from the file's own folder. */
export function resolveRunsDirectory(setting: string, workspaceFolder: string | undefined, fileFolder: string): string {
  if (isAbsolute(setting)) return setting;
  return join(workspaceFolder ?? fileFolder, setting);
}
