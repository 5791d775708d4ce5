// The canonical layout of .rnn files, shared by the language server and the
// command line. Rules:
// - one member per line, indented by one indent per block level; commas
//   between members are dropped;
// - a block written on one line stays on one line (`input { timesteps: 12, features: 1 }`)
//   when it holds no comment and no block and fits the line width, like
//   Prettier's objects; any other block is laid out one member per line;
// - `key: value` with one space after the colon; lists `[a, b]` and calls
//   `f(k: v, k2: v2)` on one line; numbers and strings keep their spelling;
// - comments stay where they were (own line or end of line); blank lines
//   between members are kept but collapsed to one; one blank line between
//   models; no trailing spaces; one newline at the end (`\r\n` line ends stay).
// Formatting twice gives the same text. A file with syntax errors is not
// formatted (its tree may be missing parts), nor is a comment in a place
// the layout cannot keep it: the result says why instead.
import type {
  Block, Comment, Member, ModelDecl, Property, Range, RnnFile, Value,
} from '../syntax/ast';
import { t, type Diagnostic } from '../../shared';
import { parse } from '../syntax/parser';

export interface FormatOptions {
  /** One level of indentation; default two spaces. */
  indent?: string;
  /** Widest line a one-line block may make; default 100. */
  lineWidth?: number;
}

export type FormatResult = { ok: true; text: string } | { ok: false; reason: string };

const SYNTAX_CODES = new Set(['unexpected-character', 'unterminated-string', 'syntax-error']);

export function formatText(text: string, options: FormatOptions = {}): FormatResult {
  const { file, diagnostics } = parse(text);
  return formatFile(text, file, diagnostics, options);
}

/** Formats an already parsed file (the language server has the tree at hand). */
export function formatFile(text: string, file: RnnFile, diagnostics: Diagnostic[], options: FormatOptions = {}): FormatResult {
  const syntaxError = diagnostics.find((d) => SYNTAX_CODES.has(d.code));
  if (syntaxError) {
    return { ok: false, reason: t('the file has syntax errors (line {0}); fix them first', syntaxError.range.start.line + 1) };
  }
  const printer = new Printer(text, file.comments, options.indent ?? '  ', options.lineWidth ?? 100);
  printer.file(file);
  const result = printer.result();
  // Keep Windows line endings when the file has them.
  return result.ok && /\r\n/.test(text) ? { ok: true, text: result.text.replace(/\n/g, '\r\n') } : result;
}

/** A model, a member or a comment in the order of the source, as the printer meets them. */
type Element = { kind: 'node'; node: ModelDecl | Member; range: Range } | { kind: 'comment'; comment: Comment; range: Range };

class Printer {
  private readonly lines: string[] = [];
  private readonly emitted = new Set<Comment>();
  private problem?: string;

  constructor(
    private readonly text: string,
    private readonly comments: Comment[],
    private readonly indentUnit: string,
    private readonly lineWidth: number,
  ) {}

  result(): FormatResult {
    const lost = this.comments.find((c) => !this.emitted.has(c));
    if (this.problem) return { ok: false, reason: this.problem };
    if (lost) {
      return { ok: false, reason: t('the comment on line {0} is in a place the layout cannot keep it', lost.range.start.line + 1) };
    }
    while (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return { ok: true, text: this.lines.length ? this.lines.join('\n') + '\n' : '' };
  }

  file(file: RnnFile): void {
    const elements = this.interleave(file.models, 0, this.text.length);
    let previous: Element | undefined;
    for (const element of elements) {
      if (element.kind === 'comment' && this.emitted.has(element.comment)) continue;
      if (previous && (previous.kind === 'node' || this.blankBetween(previous.range, element.range))) this.lines.push('');
      if (element.kind === 'comment') this.comment(element.comment, 0);
      else this.model(element.node as ModelDecl);
      previous = element;
    }
  }

  private model(model: ModelDecl): void {
    this.rejectCommentsIn(model.keyword.end.offset, model.bodyRange.start.offset);
    const base = model.extends?.base;
    const head = `model${model.name ? ` ${model.name.name}` : ''}${base ? ` extends ${base.name}` : ''}`;
    this.body(head, model.members, model.bodyRange, 0, false);
  }

  /** `head { members }` at `depth`: on one line when allowed and short, else one member per line. */
  private body(head: string, members: Member[], bodyRange: Range, depth: number, mayInline: boolean): void {
    const indent = this.indentUnit.repeat(depth);
    const inner = { start: bodyRange.start.offset + 1, end: bodyRange.end.offset - 1 };
    if (members.length === 0 && !this.commentsIn(inner.start, inner.end).length) {
      this.lines.push(`${indent}${head} {}`);
      this.trailingComment(bodyRange);
      return;
    }
    if (mayInline && this.canInline(members, bodyRange)) {
      const line = `${indent}${head} { ${members.map((m) => this.property(m as Property)).join(', ')} }`;
      if (line.length <= this.lineWidth) {
        this.lines.push(line);
        this.trailingComment(bodyRange);
        return;
      }
    }
    this.lines.push(`${indent}${head} {`);
    // A comment on the line of `{` stays there.
    const opening = this.commentsIn(inner.start, inner.end).filter((c) => c.range.start.line === bodyRange.start.line);
    for (const comment of opening) this.appendTrailing(comment);
    const elements = this.interleave(members, inner.start, inner.end);
    let previous: Element | undefined;
    for (const element of elements) {
      if (element.kind === 'comment' && this.emitted.has(element.comment)) continue;
      if (previous && this.blankBetween(previous.range, element.range)) this.lines.push('');
      if (element.kind === 'comment') this.comment(element.comment, depth + 1);
      else this.member(element.node as Member, depth + 1);
      previous = element;
    }
    this.lines.push(`${indent}}`);
    this.trailingComment(bodyRange);
  }

  private member(member: Member, depth: number): void {
    if (member.kind === 'block') {
      this.rejectCommentsIn(member.name.range.end.offset, member.bodyRange.start.offset);
      this.body(member.name.name, member.members, member.bodyRange, depth, true);
      return;
    }
    const inside = this.commentsIn(member.range.start.offset, member.range.end.offset);
    // A comment inside a value (a list or call spread over lines) keeps the member as written.
    const printed = inside.length ? this.verbatim(member.range, inside) : this.property(member);
    this.lines.push(this.indentUnit.repeat(depth) + printed);
    this.trailingComment(member.range);
  }

  private property(p: Property): string {
    return `${p.key.name}: ${p.value ? this.value(p.value) : ''}`;
  }

  private value(v: Value): string {
    switch (v.kind) {
      case 'number':
        return v.text;
      case 'string':
        return this.text.slice(v.range.start.offset, v.range.end.offset);
      case 'identifier-value':
        return v.name;
      case 'boolean':
        return String(v.value);
      case 'list':
        return `[${v.items.map((item) => this.value(item)).join(', ')}]`;
      case 'call':
        return `${v.callee.name}(${v.args.map((a) => this.property(a)).join(', ')})`;
    }
  }

  private canInline(members: Member[], bodyRange: Range): boolean {
    return bodyRange.start.line === bodyRange.end.line
      && members.every((m) => m.kind === 'property')
      && !this.commentsIn(bodyRange.start.offset, bodyRange.end.offset).length;
  }

  private verbatim(range: Range, inside: Comment[]): string {
    for (const comment of inside) this.emitted.add(comment);
    return this.text.slice(range.start.offset, range.end.offset).split(/\r\n?|\n/).map((l) => l.trimEnd()).join('\n');
  }

  private comment(comment: Comment, depth: number): void {
    this.emitted.add(comment);
    this.lines.push(this.indentUnit.repeat(depth) + this.commentText(comment));
  }

  /** A comment that starts on the line where `range` ends, after it, goes at the end of the last printed line. */
  private trailingComment(range: Range): void {
    const comment = this.comments[this.firstCommentFrom(range.end.offset)];
    if (comment && !this.emitted.has(comment) && comment.range.start.line === range.end.line
      && /^[\s,]*$/.test(this.text.slice(range.end.offset, comment.range.start.offset))) {
      this.appendTrailing(comment);
    }
  }

  private appendTrailing(comment: Comment): void {
    this.emitted.add(comment);
    this.lines[this.lines.length - 1] += `  ${this.commentText(comment)}`;
  }

  private commentText(comment: Comment): string {
    return this.text.slice(comment.range.start.offset, comment.range.end.offset).trimEnd();
  }

  /** The nodes and the not yet printed comments between `start` and `end`, in source order. */
  private interleave(nodes: (ModelDecl | Member)[], start: number, end: number): Element[] {
    const elements: Element[] = nodes.map((node) => ({ kind: 'node', node, range: node.range }));
    for (const comment of this.commentsIn(start, end)) {
      if (!this.emitted.has(comment) && !nodes.some((n) => contains(n.range, comment.range))) {
        elements.push({ kind: 'comment', comment, range: comment.range });
      }
    }
    return elements.sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  /** Comments lying wholly between two offsets (comments come in source order). */
  private commentsIn(start: number, end: number): Comment[] {
    const found: Comment[] = [];
    for (let i = this.firstCommentFrom(start); i < this.comments.length && this.comments[i].range.end.offset <= end; i++) {
      found.push(this.comments[i]);
    }
    return found;
  }

  /** Index of the first comment that starts at or after `offset`. */
  private firstCommentFrom(offset: number): number {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.comments[middle].range.start.offset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private rejectCommentsIn(start: number, end: number): void {
    if (this.commentsIn(start, end).length) {
      this.problem ??= t('a comment between a name and its `{0}` (line {1}) cannot be kept', '{', this.text.slice(0, start).split('\n').length);
    }
  }

  /** Whether the source has an empty line between two consecutive elements. */
  private blankBetween(previous: Range, next: Range): boolean {
    return next.start.line - previous.end.line > 1;
  }
}

function contains(outer: Range, inner: Range): boolean {
  return outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}
