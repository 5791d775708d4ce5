// File access for everything that reads a user's files (data checks, data
// loading); the language server and tests supply their own.

export interface FileSystem {
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
}
