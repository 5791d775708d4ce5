// Opening a data file named by a data spec, relative to the .rnn file, with
// least privilege: only regular files (never a FIFO, device or socket, which
// could block a read or never end), judged on the real path after symlinks,
// inside the allowed folders unless the user allowed more, and for the
// checker only a bounded head of the file.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { closeSync, constants, fstatSync, opendirSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import type { FileAccess, FileSystem, FolderEntry, FolderListing } from '../../shared';
import { ALLOW_DATA_OUTSIDE_SETTING, t } from '../../shared';
import { DataError } from './types';

/** How much of a data file the checker reads: enough for the header and many rows, bounded for any file. */
export const CHECK_HEAD_BYTES = 4 * 1024 * 1024;

/** The command-line flag that allows data outside the allowed folders (the editor's setting: ALLOW_DATA_OUTSIDE_SETTING). */
export const ALLOW_OUTSIDE_FLAG = '--allow-data-outside';

/** Where data files may come from. */
export interface DataAccessPolicy {
  /** Allowed folders besides the .rnn file's own folder and everything below it (the workspace folders). */
  roots?: string[];
  /** The user allowed data from anywhere (the flag or the setting). */
  allowOutside?: boolean;
}

export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A DataError when `real`, where the data path `path` leads, lies outside the allowed folders and the user did not allow more. */
export function refuseOutside(path: string, real: string, baseDir: string, policy: DataAccessPolicy): void {
  if (policy.allowOutside) return;
  // A .rnn file opened from outside the workspace may still read its own folder.
  const roots = [...(policy.roots ?? []), baseDir].map(realOrSelf);
  if (!roots.some((root) => isInside(real, root))) {
    throw new DataError('data-not-allowed',
      t('the data file `{0}` is outside {1}: data is read only from there unless you allow it (`{2}` for rnn, the setting `{3}` in the editor)',
        path, roots.map((root) => `\`${root}\``).join(', '), ALLOW_OUTSIDE_FLAG, ALLOW_DATA_OUTSIDE_SETTING), 'path');
  }
}

/** The real path of the data file `path` names, or a DataError saying why it may not be read. */
export function openableDataPath(path: string, baseDir: string, fs: FileSystem, policy: DataAccessPolicy = { allowOutside: true }): string {
  return openableDataFile(path, baseDir, fs, policy).realPath;
}

/** openableDataPath with the file's size (-1 when the file system cannot tell). */
function openableDataFile(path: string, baseDir: string, fs: FileSystem, policy: DataAccessPolicy = { allowOutside: true }): { realPath: string; size: number } {
  const full = resolveDataPath(path, baseDir);
  const access: FileAccess = fs.access?.(full) ?? (fs.exists(full) ? { ok: true, realPath: resolve(full), size: -1 } : { ok: false, reason: 'missing' });
  if (!access.ok && access.reason === 'skipped') {
    throw new DataError('data-not-checked', t('data files are not read in an untrusted workspace: trust the workspace to check the data'), 'path');
  }
  // Judged before saying whether the file exists, so that a spec cannot probe for files outside.
  const real = access.ok ? access.realPath : resolve(full);
  refuseOutside(path, real, baseDir, policy);
  if (access.ok) return { realPath: access.realPath, size: access.size };
  if (access.reason === 'directory') throw new DataError('data-unreadable', t('{0} is a folder, not a data file', full), 'path');
  if (access.reason === 'not-a-file') {
    throw new DataError('data-not-allowed', t('{0} is not a regular file (a device, FIFO or socket): only regular files are read as data', full), 'path');
  }
  throw new DataError('data-file-missing', t('data file not found: {0}', full), 'path');
}

/** The whole file, for training (the checker has already judged the path). */
export function readDataFile(path: string, baseDir: string, fs: FileSystem, policy?: DataAccessPolicy): string {
  const real = openableDataPath(path, baseDir, fs, policy);
  const text = fs.readText(real);
  if (text === undefined) throw new DataError('data-unreadable', t('cannot read the data file {0}', real), 'path');
  return text;
}

/** At most CHECK_HEAD_BYTES of the file, for the checker; `truncated` when the file goes on; `size` -1 when unknown. */
export function readDataHead(path: string, baseDir: string, fs: FileSystem, policy?: DataAccessPolicy): { text: string; truncated: boolean; size: number } {
  const { realPath: real, size } = openableDataFile(path, baseDir, fs, policy);
  const head = fs.readHead ? fs.readHead(real, CHECK_HEAD_BYTES) : (() => {
    const text = fs.readText(real);
    return text === undefined ? undefined : { text, truncated: false };
  })();
  if (head === undefined) throw new DataError('data-unreadable', t('cannot read the data file {0}', real), 'path');
  return { ...head, size };
}

/**
 * Opens without blocking (O_NONBLOCK: a FIFO swapped in after the check
 * cannot hang the open) and reads only when the open file is a regular file.
 */
function withRegularFile<T>(path: string, read: (fd: number) => T): T | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    return stat.isFile() ? read(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads up to `limit` bytes (fewer when the file is shorter; /proc files report size 0 but have content). */
function readBytes(fd: number, limit: number): { bytes: Buffer; truncated: boolean } {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) break;
  }
  const bytes = Buffer.concat(chunks);
  return { bytes: bytes.subarray(0, Math.min(limit, bytes.length)), truncated: bytes.length > limit };
}

/** The entries of a folder, each judged where its symlinks lead; stops after `maxEntries`, so a huge folder costs a bounded time. */
function folderEntries(folder: string, maxEntries: number): Omit<FolderListing, 'realPath'> {
  const entries: FolderEntry[] = [];
  const dir = opendirSync(folder);
  try {
    for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
      if (entries.length >= maxEntries) return { entries, truncated: true };
      const path = join(folder, entry.name);
      try {
        const realPath = realpathSync(path);
        const stat = statSync(realPath);
        entries.push({ name: entry.name, kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', realPath, size: stat.isFile() ? stat.size : 0 });
      } catch {
        // A symlink to nothing.
        entries.push({ name: entry.name, kind: 'missing', realPath: path, size: 0 });
      }
    }
  } finally {
    dir.closeSync();
  }
  return { entries, truncated: false };
}

/** The real file system, for the CLI and the training process. */
export const nodeFileSystem: FileSystem = {
  exists: (path) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  },
  access: (path) => {
    try {
      const realPath = realpathSync(path);
      const stat = statSync(realPath);
      if (stat.isFile()) return { ok: true, realPath, size: stat.size };
      return { ok: false, reason: stat.isDirectory() ? 'directory' : 'not-a-file' };
    } catch {
      return { ok: false, reason: 'missing' };
    }
  },
  readText: (path) => withRegularFile(path, (fd) => readFileSync(fd, 'utf8')),
  listFolder: (path, maxEntries) => {
    try {
      const realPath = realpathSync(path);
      if (!statSync(realPath).isDirectory()) return undefined;
      return { realPath, ...folderEntries(realPath, maxEntries) };
    } catch {
      return undefined;
    }
  },
  readHead: (path, maxBytes) => withRegularFile(path, (fd) => {
    const { bytes, truncated } = readBytes(fd, maxBytes);
    // Streaming decode without the final flush drops a character cut at the limit.
    return { text: new TextDecoder('utf-8').decode(bytes, { stream: truncated }), truncated };
  }),
};

/** A file system that opens nothing: the language server's, in an untrusted workspace. */
export const untrustedFileSystem: FileSystem = {
  exists: () => false,
  readText: () => undefined,
  access: () => ({ ok: false, reason: 'skipped' }),
  readHead: () => undefined,
};
