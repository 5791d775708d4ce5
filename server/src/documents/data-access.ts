// What the server may read as data: nothing in an untrusted workspace (a
// cloned repository must not make the editor read ~/.ssh or block on a FIFO
// just by being opened), else files inside the workspace folders unless the
// user's own setting allows more.
import { fileURLToPath } from 'node:url';
import type { CheckOptions, DataAccessPolicy, FileSystem } from '../../../core/src/language';
import { nodeFileSystem, untrustedFileSystem } from '../../../core/src/language';
import { ALLOW_DATA_OUTSIDE_OPTION, WORKSPACE_TRUSTED_OPTION } from '../../../core/src/shared';

export class DataAccess {
  trusted = true;
  private roots: string[] = [];
  private allowOutside = false;

  /** From the initialize request: the trust state, the workspace folders and the user's setting. */
  configure(options: unknown, folders: readonly { uri: string }[] | null | undefined, rootUri: string | null | undefined): void {
    const given = (options ?? {}) as Record<string, unknown>;
    this.trusted = given[WORKSPACE_TRUSTED_OPTION] !== false;
    this.allowOutside = given[ALLOW_DATA_OUTSIDE_OPTION] === true;
    const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.roots = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  }

  get fs(): FileSystem {
    return this.trusted ? nodeFileSystem : untrustedFileSystem;
  }

  /** How the checker reads data for a document now. */
  checkOptions(path: string | undefined): CheckOptions {
    const policy: DataAccessPolicy = { roots: this.roots, allowOutside: this.allowOutside };
    return { path, fs: this.fs, dataAccess: policy };
  }
}
