// One version of an open document, frozen: its text, a line index, and the
// core's parse/check result computed at most once, on first use.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import type { CheckResult } from '../../../core/src/language';

/**
 * Parses and checks a text; `path` is the file's absolute path when it has one (data paths resolve against
 * it); `uri` names the document, for analyzers that keep something per document.
 */
export type Analyzer = (text: string, path: string | undefined, uri: string) => CheckResult;

export class AnalyzedDocument {
  private readonly snapshot: TextDocument;
  private checked?: CheckResult;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** Absolute file path for file: URIs, else undefined. */
    readonly path: string | undefined,
    private readonly analyze: Analyzer,
  ) {
    this.snapshot = TextDocument.create(uri, 'rnn', version, text);
  }

  /** The parse/check result of this version (computed on first use, then cached). */
  get result(): CheckResult {
    this.checked ??= this.analyze(this.text, this.path, this.uri);
    return this.checked;
  }

  offsetAt(position: Position): number {
    return this.snapshot.offsetAt(position);
  }

  positionAt(offset: number): Position {
    return this.snapshot.positionAt(offset);
  }
}
