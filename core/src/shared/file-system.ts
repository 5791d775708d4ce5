// File access for everything that reads a user's files (data checks, data
// loading); the language server and tests supply their own.

/** Whether a data file may be opened: only regular files, judged after following symlinks. */
export type FileAccess =
  | { ok: true; realPath: string; size: number }
  | { ok: false; reason: 'missing' | 'directory' | 'not-a-file' | 'skipped' };

/** One entry of a listed folder, judged after following symlinks (`realPath` is where it leads). */
export interface FolderEntry {
  name: string;
  kind: 'file' | 'directory' | 'other' | 'missing';
  realPath: string;
  /** Bytes of a file; 0 for the rest. */
  size: number;
}

export interface FolderListing {
  /** The folder's own path after symlinks. */
  realPath: string;
  entries: FolderEntry[];
  /** More entries than the caller asked for: the listing stopped there. */
  truncated: boolean;
}

export interface FileSystem {
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /**
   * What `path` is, without opening it (a FIFO would block an open). Optional
   * so that in-memory test doubles stay two methods: without it, every path
   * that exists counts as a regular file of unknown size.
   */
  access?(path: string): FileAccess;
  /** At most `maxBytes` from the start of the file: what the checker inspects. Without it, readText. */
  readHead?(path: string, maxBytes: number): { text: string; truncated: boolean } | undefined;
  /** At most `maxEntries` entries of a folder, or undefined when `path` is no readable folder. Without it, folders cannot be data. */
  listFolder?(path: string, maxEntries: number): FolderListing | undefined;
}
