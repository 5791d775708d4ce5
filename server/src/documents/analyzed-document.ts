// One version of an open document, frozen: its text, line indexes, and the
// core's parse/check result computed at most once, on first use.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import { LineIndex, type CheckResult } from '../../../core/src/language';

/**
 * Parses and checks a text; `path` is the file's absolute path when it has one (data paths resolve against
 * it); `uri` names the document, for analyzers that keep something per document.
 */
export type Analyzer = (text: string, path: string | undefined, uri: string) => CheckResult;

export class AnalyzedDocument {
  private readonly snapshot: TextDocument;
  private checked?: CheckResult;
  private lineIndex?: LineIndex;

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

  /** The core's line table of this version, for edits made with the core's helpers (built on first use, then cached). */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  offsetAt(position: Position): number {
    return this.snapshot.offsetAt(position);
  }

  positionAt(offset: number): Position {
    return this.snapshot.positionAt(offset);
  }
}
