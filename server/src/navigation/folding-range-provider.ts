// Folding: models, blocks, lists and calls that span lines, and runs of
// comment lines.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { walk } from '../../../core/src/language';
import type { Range } from '../../../core/src/language';
import type { AnalyzedDocument } from '../documents/analyzed-document';
import type { FoldingRangeProvider } from '../language-services';

export class StructureFoldingProvider implements FoldingRangeProvider {
  foldingRanges(document: AnalyzedDocument): FoldingRange[] {
    const ranges: FoldingRange[] = [];
    const fold = (range: Range) => {
      // The closing line stays visible.
      if (range.end.line - 1 > range.start.line) ranges.push({ startLine: range.start.line, endLine: range.end.line - 1 });
    };
    const file = document.result.file;
    walk(file, {
      model: (model) => fold(model.range),
      block: ({ block }) => fold(block.range),
      value: ({ value }) => {
        if (value.kind === 'list' || value.kind === 'call') fold(value.range);
      },
    });
    let run: Range[] = [];
    const endRun = () => {
      if (run.length > 1) {
        ranges.push({ startLine: run[0].start.line, endLine: run[run.length - 1].end.line, kind: FoldingRangeKind.Comment });
      }
      run = [];
    };
    for (const { range } of file.comments) {
      const lineStart = range.start.offset - range.start.character;
      const ownLine = document.text.slice(lineStart, range.start.offset).trim() === '';
      if (!ownLine) {
        endRun();
        continue;
      }
      const previous = run[run.length - 1];
      if (previous && range.start.line !== previous.end.line + 1) endRun();
      run.push(range);
    }
    endRun();
    return ranges;
  }
}
