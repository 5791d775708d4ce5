// Data paths in a document: string values whose schema type is a file path,
// resolved against the .rnn file's folder.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isPathType } from '../../../core/src/language';
import { walk } from '../../../core/src/language';
import { resolveDataPath } from '../../../core/src/language';
import type { StringValue } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';

export interface DataPath {
  value: StringValue;
  /** Absolute path of the file the string names. */
  file: string;
  exists: boolean;
}

export function dataPaths(document: AnalyzedDocument): DataPath[] {
  if (!document.path) return [];
  const folder = dirname(document.path);
  const paths: DataPath[] = [];
  walk(document.result.file, {
    property: ({ property, schema }) => {
      const value = property.value;
      if (value?.kind !== 'string' || !schema || !isPathType(schema.type) || value.value === '') return;
      const file = resolveDataPath(value.value, folder);
      paths.push({ value, file, exists: existsSync(file) });
    },
  });
  return paths;
}
