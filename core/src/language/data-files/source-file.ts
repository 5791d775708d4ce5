// Reading a data file named by a data spec, relative to the .rnn file.
import { isAbsolute, join } from 'node:path';
import { readFileSync, existsSync } from 'node:fs';
import type { FileSystem } from '../check/api';
import { t } from '../../shared';
import { DataError } from './types';

export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

export function readDataFile(path: string, baseDir: string, fs: FileSystem): string {
  const full = resolveDataPath(path, baseDir);
  if (!fs.exists(full)) throw new DataError('data-file-missing', t('data file not found: {0}', full), 'path');
  const text = fs.readText(full);
  if (text === undefined) throw new DataError('data-unreadable', t('cannot read the data file {0}', full), 'path');
  return text;
}

/** The real file system, for the CLI and the training process. */
export const nodeFileSystem: FileSystem = {
  exists: (path) => existsSync(path),
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
