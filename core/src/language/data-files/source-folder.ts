// Opening a folder of class folders (`path/<class>/*.txt`) as data, with the
// data files' least privilege (source-file.ts) and bounds of its own: the
// folder must lie where data may come from, every file and class folder read
// must lie inside it after symlinks (a link that leads out is refused, not
// followed), only regular files are read, and the counts and sizes are
// bounded so that a wrong path (a home folder, a tree of millions of files)
// is an error at once rather than minutes of reading.
import { extname, join, resolve } from 'node:path';
import type { FileSystem, FolderEntry, FolderListing } from '../../shared';
import { t } from '../../shared';
import { CHECK_HEAD_BYTES, isInside, refuseOutside, resolveDataPath, type DataAccessPolicy } from './source-file';
import { DataError } from './types';

export const MAX_CLASSES = 1000;
export const MAX_FOLDER_FILES = 100_000;
/** A text sample is a review, a message, a page: larger files are taken for a wrong folder. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

export interface ClassFolder {
  name: string;
  /** Real paths of its `.txt` files, sorted by name. */
  files: string[];
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function listing(fs: FileSystem, path: string, shown: string, maxEntries: number): FolderListing {
  const listed = fs.listFolder?.(path, maxEntries);
  if (!listed) throw new DataError('data-unreadable', t('cannot list the folder {0}', shown), 'path');
  if (listed.truncated) {
    throw new DataError('data-unusable', t('the folder {0} holds more than {1} entries: is it the right folder?', shown, maxEntries), 'path');
  }
  return listed;
}

/** An entry that leads out of the data folder is refused: a link must not widen what the spec reads. */
function refuseLinkOut(entry: FolderEntry, shown: string, root: string): void {
  if (entry.kind !== 'missing' && !isInside(entry.realPath, root)) {
    throw new DataError('data-not-allowed',
      t('{0} leads out of the data folder (to {1}): only files inside the folder are read', shown, entry.realPath), 'path');
  }
}

/** The class folders of the folder `path` names, each with its text files; throws a DataError saying what is wrong. */
export function listClassFolders(path: string, baseDir: string, fs: FileSystem, policy: DataAccessPolicy = { allowOutside: true }): ClassFolder[] {
  const full = resolveDataPath(path, baseDir);
  const access = fs.access?.(full);
  if (access && !access.ok && access.reason === 'skipped') {
    throw new DataError('data-not-checked', t('data files are not read in an untrusted workspace: trust the workspace to check the data'), 'path');
  }
  const top = fs.listFolder?.(full, MAX_CLASSES);
  // Judged before saying whether the folder exists, so that a spec cannot probe for folders outside.
  refuseOutside(path, top?.realPath ?? resolve(full), baseDir, policy);
  if (!top) {
    if (access?.ok) throw new DataError('data-unreadable', t('{0} is a file, not a folder of class folders', full), 'path');
    throw new DataError(fs.exists(full) ? 'data-unreadable' : 'data-file-missing', t('data folder not found: {0}', full), 'path');
  }
  const root = top.realPath;
  if (top.truncated) {
    throw new DataError('data-unusable', t('the folder {0} holds more than {1} entries; a text folder has one subfolder per class', full, MAX_CLASSES), 'path');
  }
  const classes: ClassFolder[] = [];
  let files = 0;
  for (const entry of [...top.entries].sort(byName)) {
    if (entry.kind !== 'directory') continue;
    const shown = join(full, entry.name);
    refuseLinkOut(entry, shown, root);
    const inside = listing(fs, entry.realPath, shown, MAX_FOLDER_FILES - files).entries
      .filter((file) => extname(file.name).toLowerCase() === '.txt')
      .sort(byName);
    for (const file of inside) {
      const fileShown = join(shown, file.name);
      refuseLinkOut(file, fileShown, root);
      if (file.kind !== 'file') {
        throw new DataError('data-not-allowed', t('{0} is not a regular file (a device, FIFO, socket or broken link): only regular files are read as data', fileShown), 'path');
      }
      if (file.size > MAX_TEXT_FILE_BYTES) {
        throw new DataError('data-unusable', t('{0} has {1} bytes, more than the {2} a text sample may have', fileShown, file.size, MAX_TEXT_FILE_BYTES), 'path');
      }
    }
    files += inside.length;
    if (files > MAX_FOLDER_FILES) throw new DataError('data-unusable', t('the folder {0} holds more than {1} text files', full, MAX_FOLDER_FILES), 'path');
    if (inside.length === 0) throw new DataError('data-unusable', t('the class folder {0} holds no .txt file', shown), 'path');
    classes.push({ name: entry.name, files: inside.map((file) => file.realPath) });
  }
  if (classes.length < 2) {
    throw new DataError('data-unusable',
      t('{0} has {1} class folders: a text folder needs a subfolder per class, at least two (`{2}/<class>/*.txt`)', full, classes.length, path), 'path');
  }
  return classes;
}

export interface FolderTexts {
  texts: string[];
  /** The file of each text. */
  files: string[];
  /** Class index of each text. */
  labels: number[];
  /** Files not read because the byte budget ran out (the checker reads a bounded head). */
  unread: number;
}

/**
 * The texts of the class folders, taking one file of each class in turn so
 * that a budget cut leaves every class seen; with a `byteBudget`, files past
 * it are counted, not read.
 */
export function readClassTexts(classes: ClassFolder[], fs: FileSystem, byteBudget = Infinity): FolderTexts {
  const texts: string[] = [];
  const files: string[] = [];
  const labels: number[] = [];
  let read = 0;
  let unread = 0;
  const longest = Math.max(...classes.map((folder) => folder.files.length));
  for (let i = 0; i < longest; i++) {
    classes.forEach((folder, label) => {
      const file = folder.files[i];
      if (file === undefined) return;
      if (read >= byteBudget) {
        unread++;
        return;
      }
      const text = fs.readText(file);
      if (text === undefined) throw new DataError('data-unreadable', t('cannot read the data file {0}', file), 'path');
      read += text.length;
      texts.push(text);
      files.push(file);
      labels.push(label);
    });
  }
  return { texts, files, labels, unread };
}

/** Each text is a sequence: one without a token would be all padding, with nothing to classify. */
export function refuseEmptyTexts(tokens: readonly (readonly string[])[], files: readonly string[]): void {
  const empty = tokens.findIndex((list) => list.length === 0);
  if (empty >= 0) throw new DataError('data-unusable', t('{0} holds no token: a sequence needs at least one step', files[empty]), 'path');
}

/** What the checker reads of a text folder: as much as of one data file. */
export const CHECK_FOLDER_BYTES = CHECK_HEAD_BYTES;
