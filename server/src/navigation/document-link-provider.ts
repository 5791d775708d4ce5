// Data paths become links that open the file.
import { pathToFileURL } from 'node:url';
import type { DocumentLink } from 'vscode-languageserver';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DocumentLinkProvider } from '../language-services';
import { toLspRange } from '../util/ranges';
import { dataPaths } from './data-paths';

export class DataPathLinkProvider implements DocumentLinkProvider {
  links(document: AnalyzedDocument): DocumentLink[] {
    return dataPaths(document)
      .filter((p) => p.exists)
      .map((p) => ({ range: toLspRange(p.value.range), target: pathToFileURL(p.file).toString(), tooltip: p.file }));
  }
}
