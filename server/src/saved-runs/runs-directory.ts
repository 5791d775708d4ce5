// Where a document's runs are: the client's runs directory (initializationOptions
// `runsDirectory`, VS Code's `rnn.runsDirectory`), relative to the document's
// workspace folder, else to the document's own folder, as the extension saves them.
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export class RunsLocation {
  /** The client's runs directory; undefined: the client did not name one, and no lens reads runs. */
  setting?: string;
  private roots: string[] = [];

  configure(folders: readonly { uri: string }[] | null | undefined, rootUri: string | null | undefined): void {
    const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.roots = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  }

  /** The runs folder of a document; undefined for documents that are not files (untitled). */
  forDocument(uri: string): string | undefined {
    if (this.setting === undefined || !uri.startsWith('file:')) return undefined;
    if (isAbsolute(this.setting)) return this.setting;
    const path = fileURLToPath(uri);
    const root = this.roots.find((folder) => inside(folder, path));
    return join(root ?? dirname(path), this.setting);
  }

  /**
   * The runs folders no workspace folder holds (an absolute setting, or one such as `../runs`): a watcher of the
   * workspace does not see their files, so the server asks the client to watch each of them by its own path.
   */
  foldersOutsideWorkspace(): string[] {
    const setting = this.setting;
    if (setting === undefined) return [];
    const folders = isAbsolute(setting) ? [setting] : this.roots.map((root) => join(root, setting));
    return [...new Set(folders.filter((folder) => !this.roots.some((root) => inside(root, folder))))];
  }

  /** Whether `path` lies in a runs folder this location may give (for file-change events). */
  contains(path: string): boolean {
    const setting = this.setting;
    if (setting === undefined) return false;
    if (isAbsolute(setting)) return inside(setting, path);
    // Documents outside every workspace folder keep their runs beside them: any folder of that name.
    return this.roots.some((root) => inside(join(root, setting), path)) || path.split(/[\\/]/).includes(setting);
  }
}

function inside(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return !rest.startsWith('..') && !isAbsolute(rest);
}
