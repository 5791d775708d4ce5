// The open documents, each analysed at most once per version. Features ask
// the store for a document; unknown URIs give undefined and the feature
// answers with an empty result.
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalyzedDocument, type Analyzer } from './analyzed-document';

/** The open text documents, as the LSP document sync keeps them. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
}

export class DocumentStore {
  private readonly analyzed = new Map<string, AnalyzedDocument>();

  constructor(
    private readonly documents: OpenDocuments,
    private readonly analyze: Analyzer,
  ) {}

  get(uri: string): AnalyzedDocument | undefined {
    const open = this.documents.get(uri);
    if (!open) {
      this.analyzed.delete(uri);
      return undefined;
    }
    const cached = this.analyzed.get(uri);
    if (cached && cached.version === open.version) return cached;
    const fresh = new AnalyzedDocument(uri, open.version, open.getText(), filePath(uri), this.analyze);
    this.analyzed.set(uri, fresh);
    return fresh;
  }

  forget(uri: string): void {
    this.analyzed.delete(uri);
  }
}

export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
