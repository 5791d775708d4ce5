// Text edits for quick fixes: replace a value, remove a list item or a
// member, insert a member into a block. Positions come from the syntax tree;
// the text is only read to keep indentation and separators tidy.
import type { Block, Member, ModelDecl, Range, Value } from '../syntax/ast';
import type { LineIndex } from '../syntax/positions';
import type { Fix } from '../../shared';

type Edit = Fix['edits'][number];

export const replaceFix = (title: string, range: Range, newText: string): Fix => ({ title, edits: [{ range, newText }] });

/** Removes one list item together with the comma that separated it. */
export function removeListItemEdit(source: LineIndex, items: Value[], index: number): Edit {
  const item = items[index];
  if (index + 1 < items.length) return { range: source.range(item.range.start.offset, items[index + 1].range.start.offset), newText: '' };
  if (index > 0) return { range: source.range(items[index - 1].range.end.offset, item.range.end.offset), newText: '' };
  return { range: item.range, newText: '' };
}

/** Removes a member: its whole line when it stands alone, else the member and a neighbouring comma. */
export function removeMemberEdit(source: LineIndex, member: Member): Edit {
  const text = source.text;
  const start = member.range.start.offset;
  const end = member.range.end.offset;
  const lineStart = source.lineStartOf(start);
  const restOfLine = /^[ \t]*(?:(?:#|\/\/)[^\r\n]*)?(\r\n|\r|\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && restOfLine) {
    return { range: source.range(lineStart, end + restOfLine[0].length), newText: '' };
  }
  const trailingComma = /^[ \t]*,[ \t]*/.exec(text.slice(end));
  if (trailingComma) return { range: source.range(start, end + trailingComma[0].length), newText: '' };
  const before = text.slice(0, start);
  const leadingComma = /,[ \t]*$/.exec(before);
  return { range: source.range(leadingComma ? start - leadingComma[0].length : start, end), newText: '' };
}

/**
 * Inserts `memberText` (possibly several lines, indented with tabs per level)
 * as the last member of a model or block, matching the block's layout.
 */
export function insertMemberEdit(source: LineIndex, container: ModelDecl | Block, memberText: string): Edit | undefined {
  const body = container.bodyRange;
  const closer = body.end.offset - 1;
  if (source.text[closer] !== '}') return undefined;
  const members = container.members;
  const last = members[members.length - 1];
  const oneLine = last ? last.range.end.line === body.end.line : body.start.line === body.end.line;
  const containerIndent = source.indentationAt(container.range.start.offset);
  const unit = last ? source.indentationAt(last.range.start.offset).slice(containerIndent.length) || '  ' : '  ';
  if (oneLine) {
    const flat = memberText.replace(/\n\t*/g, ' ');
    const at = last ? last.range.end.offset : body.start.offset + 1;
    return { range: source.range(at, at), newText: last ? `, ${flat}` : ` ${flat} ` };
  }
  const indent = containerIndent + unit;
  const indented = memberText.split('\n').map((line) => indent + line.replace(/^\t+/, (tabs) => unit.repeat(tabs.length))).join('\n');
  const at = last ? last.range.end.offset : body.start.offset + 1;
  return { range: source.range(at, at), newText: `\n${indented}` };
}

/** Plain text of an LSP snippet: placeholders become their default (or first choice). */
export function snippetToText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}
