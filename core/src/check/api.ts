// The contract between the language core and its users (CLI, engine, language server).
import type { ModelDecl, RnnFile } from '../syntax/ast';
import type { ModelSpec } from '../spec';
import type { LayerSummary } from '../train/protocol';
import type { Diagnostic } from './diagnostic';

/** File access for data checks; the language server and tests can supply their own. */
export interface FileSystem {
  exists(path: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
}

export interface CheckOptions {
  /** Absolute path of the .rnn file; data paths resolve against its directory. Without it, data files are not checked. */
  path?: string;
  fs?: FileSystem;
}

export interface CheckedModel {
  decl: ModelDecl;
  name: string;
  /** Present when the model has no errors: ready for the engine. */
  spec?: ModelSpec;
  /** Layer shapes and parameter counts, when the input, hidden and output parts resolve (even if other parts have errors). */
  layers?: LayerSummary[];
  totalParams?: number;
}

export interface CheckResult {
  file: RnnFile;
  /** Lexer, parser and semantic diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  models: CheckedModel[];
}
