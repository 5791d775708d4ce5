// Go to definition on a data path opens the data file.
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { DefinitionProvider } from '../language-services';
import { dataPaths } from './data-paths';

export class DataPathDefinitionProvider implements DefinitionProvider {
  definition(document: AnalyzedDocument, position: Position): Location[] {
    const offset = document.offsetAt(position);
    const start = { line: 0, character: 0 };
    return dataPaths(document)
      .filter((p) => p.exists && p.value.range.start.offset <= offset && offset <= p.value.range.end.offset)
      .map((p) => ({ uri: pathToFileURL(p.file).toString(), range: { start, end: start } }));
  }
}
