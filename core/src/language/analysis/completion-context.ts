// Where a cursor is, for completion, computed from the tokens around it rather
// than from the syntax tree: while someone types, the text is usually broken
// (`cell: ` with no value, an unclosed `[` or `(`), and the tokens still tell
// which block, key, call or list the cursor is in. Only the model around the
// cursor is lexed, so the cost does not grow with the file.
import type { IToken, TokenType } from 'chevrotain';
import {
  Colon, Comma, False, Identifier, LBrace, LBracket, lex, LParen, Model, Newline, RBrace, RBracket, RParen,
  StringLiteral, True, UnterminatedString, unescapeString,
} from '../syntax/lexer';
import { LineIndex } from '../syntax/positions';
import { modelRegion, type OffsetRange } from './model-regions';

export type { OffsetRange };
import { blockAtPath, findMember } from './schema-lookup';

/** Where a value goes: the property `key` in the block at `path`, or a named argument of the call it holds. */
export interface ValueSlot {
  /** Block names below the model. */
  path: string[];
  /** The block member property. */
  key: string;
  /** Set when the value is a named argument of a call that is the property's value. */
  argument?: { callee: string; key: string };
}

export type CompletionContext =
  | { kind: 'none' }
  /** Outside every model: a new model may start here. */
  | { kind: 'top-level'; replace: OffsetRange }
  /** After `model Name extends`: the name of another model of the file. */
  | { kind: 'base-model'; model?: string; replace: OffsetRange }
  /** A member name in the block at `path`; `present` are the members already there. */
  | { kind: 'member'; path: string[]; present: string[]; replace: OffsetRange }
  /** A value for `slot`; `siblings` are the identifier values of the block's other properties (e.g. the cell). */
  | { kind: 'value'; slot: ValueSlot; siblings: Record<string, string>; replace: OffsetRange }
  /** An item of the list that is the value of `slot`; `present` are the identifier items already in it. */
  | { kind: 'list-item'; slot: ValueSlot; present: string[]; siblings: Record<string, string>; replace: OffsetRange }
  /** A named argument of `callee`, the value of `slot`; `present` are the arguments already given. */
  | { kind: 'argument'; slot: ValueSlot; callee: string; present: string[]; replace: OffsetRange }
  /**
   * Inside a string for `slot`; `typed` is the text between the opening quote and the cursor. Inside a call,
   * `arguments` holds the string values of its arguments (a column is read from the file named by another).
   */
  | { kind: 'string'; slot: ValueSlot; typed: string; arguments: Record<string, string>; present: string[]; replace: OffsetRange };

type Frame =
  | { kind: 'block'; name: string; open: number; key?: string; valueGiven: boolean }
  | { kind: 'call'; callee: string; open: number; owner?: ValueSlot; key?: string; valueGiven: boolean }
  | { kind: 'list'; open: number; owner?: ValueSlot };

const WORDS: TokenType[] = [Identifier, Model, True, False];
const isWord = (t: IToken) => WORDS.includes(t.tokenType);
const end = (t: IToken) => t.startOffset + t.image.length;

/** The tokens of the model around `offset` (separators included), with the cursor relative to them. */
function tokensAround(text: string, offset: number) {
  const cursor = Math.max(0, Math.min(offset, text.length));
  const region = modelRegion(text, cursor);
  const source = text.slice(region.start, region.end);
  const lexed = lex(source, new LineIndex(source));
  // Newlines and commas matter here (they end a member): put them back among the tokens.
  const tokens = [...lexed.tokens, ...(lexed.separators ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  return { region, source, tokens, comments: lexed.comments, at: cursor - region.start };
}

/** The call whose parentheses hold the cursor: where its value goes, the function, and the argument being written. */
export interface CallContext {
  slot: ValueSlot;
  callee: string;
  /** The argument whose value the cursor is in, if any. */
  key?: string;
  /** Arguments already given. */
  present: string[];
}

export function callContext(text: string, offset: number): CallContext | undefined {
  const { tokens, comments, at } = tokensAround(text, offset);
  if (comments.some((c) => c.range.start.offset < at && at <= c.range.end.offset)) return undefined;
  const frames = framesBefore(tokens, tokens.filter((t) => end(t) <= at).length);
  const index = frames.map((f) => f.kind).lastIndexOf('call');
  const call = frames[index];
  if (call?.kind !== 'call' || !call.owner || frames.slice(index + 1).some((f) => f.kind === 'block')) return undefined;
  return { slot: call.owner, callee: call.callee, key: call.key, present: keysOf(tokens, call.open).keys };
}

export function completionContext(text: string, offset: number): CompletionContext {
  const { region, source, tokens, comments, at } = tokensAround(text, offset);
  const shift = (r: OffsetRange): OffsetRange => ({ start: r.start + region.start, end: r.end + region.start });

  if (comments.some((c) => c.range.start.offset < at && at <= c.range.end.offset)) return { kind: 'none' };

  const inString = tokens.findIndex((t) => t.tokenType === StringLiteral || t.tokenType === UnterminatedString
    ? t.startOffset < at && (at < end(t) || (at === end(t) && t.tokenType === UnterminatedString))
    : false);
  if (inString >= 0) {
    const token = tokens[inString];
    const frames = framesBefore(tokens, inString);
    const slot = valueSlotOf(frames);
    if (!slot) return { kind: 'none' };
    const contentStart = token.startOffset + 1;
    const call = [...frames].reverse().find((f) => f.kind === 'call');
    const list = frames[frames.length - 1]?.kind === 'list' ? frames[frames.length - 1] : undefined;
    const string = (i: number) => (tokens[i].tokenType === StringLiteral ? unescapeString(tokens[i].image, true) : undefined);
    return {
      kind: 'string',
      slot,
      typed: source.slice(contentStart, at),
      arguments: call ? keysOf(tokens, call.open).strings : {},
      present: list ? itemsOf(tokens, list.open, inString, string) : [],
      replace: shift({ start: contentStart, end: at }),
    };
  }

  // The word at the cursor (being typed, or about to be replaced) is what a completion replaces; the context
  // comes from what precedes it.
  const wordIndex = tokens.findIndex((t) => isWord(t) && t.startOffset <= at && at <= end(t));
  const replace = wordIndex >= 0
    ? { start: tokens[wordIndex].startOffset, end: end(tokens[wordIndex]) }
    : { start: at, end: at };
  const before = wordIndex >= 0 ? wordIndex : tokens.filter((t) => end(t) <= at).length;
  const frames = framesBefore(tokens, before);
  const top = frames[frames.length - 1];
  const previous = tokens[before - 1];
  const separated = !previous || [Newline, Comma, LBrace, LBracket, LParen].includes(previous.tokenType)
    || source.slice(end(previous), replace.start).includes('\n');

  if (!top) {
    if (previous?.image === 'extends' && previous.tokenType === Identifier) {
      const named = tokens[before - 2]?.tokenType === Identifier ? tokens[before - 2].image : undefined;
      return { kind: 'base-model', model: named, replace: shift(replace) };
    }
    return separated ? { kind: 'top-level', replace: shift(replace) } : { kind: 'none' };
  }
  if (top.kind === 'list') {
    if (!top.owner || !separated && previous?.tokenType !== LBracket) return { kind: 'none' };
    const identifier = (i: number) => (isWord(tokens[i]) && tokens[i + 1]?.tokenType !== Colon ? tokens[i].image : undefined);
    return {
      kind: 'list-item',
      slot: top.owner,
      present: itemsOf(tokens, top.open, wordIndex, identifier),
      siblings: siblingsOf(tokens, frames),
      replace: shift(replace),
    };
  }
  if (top.key !== undefined) {
    if (top.valueGiven) return { kind: 'none' };
    const slot = valueSlotOf(frames);
    return slot ? { kind: 'value', slot, siblings: siblingsOf(tokens, frames), replace: shift(replace) } : { kind: 'none' };
  }
  if (!separated) return { kind: 'none' };
  if (top.kind === 'call') {
    if (!top.owner) return { kind: 'none' };
    const present = keysOf(tokens, top.open, wordIndex).keys;
    return { kind: 'argument', slot: top.owner, callee: top.callee, present, replace: shift(replace) };
  }
  return { kind: 'member', path: blockPath(frames), present: keysOf(tokens, top.open, wordIndex).keys, replace: shift(replace) };
}

/** The open blocks, calls and lists before token `stop`, innermost last. */
function framesBefore(tokens: IToken[], stop: number): Frame[] {
  const frames: Frame[] = [];
  const popUntil = (kind: Frame['kind']) => {
    const index = frames.map((f) => f.kind).lastIndexOf(kind);
    if (index >= 0) frames.length = index;
  };
  for (let i = 0; i < stop; i++) {
    const token = tokens[i];
    const type = token.tokenType;
    const top = frames[frames.length - 1];
    const previous = tokens[i - 1];
    if (type === LBrace) {
      // `model Name {`, `model {` or `name {`; a `{` inside a list or call means one of them was never closed.
      while (frames.length && frames[frames.length - 1].kind !== 'block') frames.pop();
      const name = previous?.tokenType === Model || tokens[i - 2]?.tokenType === Model ? 'model'
        : previous && isWord(previous) ? previous.image : '';
      if (name === 'model') frames.length = 0;
      else closeUnclosedBlocks(frames, name);
      frames.push({ kind: 'block', name, open: i, valueGiven: false });
    } else if (type === RBrace) {
      popUntil('block');
    } else if (type === LParen) {
      const callee = previous && isWord(previous) ? previous.image : '';
      frames.push({ kind: 'call', callee, open: i, owner: top && slotOf(frames), valueGiven: false });
    } else if (type === RParen) {
      popUntil('call');
      markValueGiven(frames);
    } else if (type === LBracket) {
      frames.push({ kind: 'list', open: i, owner: top && slotOf(frames) });
    } else if (type === RBracket) {
      popUntil('list');
      markValueGiven(frames);
    } else if (type === Colon) {
      // `key:` inside a list means the list was never closed: the key belongs to the enclosing block or call.
      while (frames.length && frames[frames.length - 1].kind === 'list') frames.pop();
      if (previous && isWord(previous) && frames[frames.length - 1]?.kind === 'block') closeUnclosedBlocks(frames, previous.image);
      const current = frames[frames.length - 1];
      if (current && current.kind !== 'list' && previous && isWord(previous)) {
        current.key = previous.image;
        current.valueGiven = false;
      }
    } else if (type === Newline || type === Comma) {
      if (top && top.kind !== 'list') {
        top.key = undefined;
        top.valueGiven = false;
      }
    } else if (type === Model && startsLine(tokens, i)) {
      frames.length = 0;
    } else if (top && top.kind !== 'list' && top.key !== undefined && tokens[i + 1]?.tokenType !== LParen) {
      top.valueGiven = true;
    }
  }
  return frames;
}

/**
 * A member the innermost block does not have but an enclosing one does means
 * the innermost block's `}` is missing (`hidden { ...` then `loss:`): the
 * schema tells where the member belongs, so close the blocks in between.
 */
function closeUnclosedBlocks(frames: Frame[], member: string): void {
  const blocks = frames.filter((f) => f.kind === 'block');
  if (blocks.length < 2 || frames[frames.length - 1].kind !== 'block') return;
  const has = (depth: number) => {
    const schema = blockAtPath(blockPath(blocks.slice(0, depth + 1)));
    return !!schema && !!findMember(schema, member);
  };
  if (has(blocks.length - 1)) return;
  for (let depth = blocks.length - 2; depth >= 0; depth--) {
    if (has(depth)) {
      frames.length = frames.indexOf(blocks[depth]) + 1;
      return;
    }
  }
}

function startsLine(tokens: IToken[], i: number): boolean {
  return i === 0 || tokens[i - 1].tokenType === Newline;
}

function markValueGiven(frames: Frame[]): void {
  const top = frames[frames.length - 1];
  if (top && top.kind !== 'list' && top.key !== undefined) top.valueGiven = true;
}

/** Names of the open blocks below the model. */
function blockPath(frames: Frame[]): string[] {
  return frames.filter((f) => f.kind === 'block').slice(1).map((f) => (f.kind === 'block' ? f.name : ''));
}

/** The slot that a value started now would fill, given the open frames. */
function slotOf(frames: Frame[]): ValueSlot | undefined {
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  if (top.kind === 'list') return top.owner;
  if (top.key === undefined) return undefined;
  if (top.kind === 'block') return { path: blockPath(frames), key: top.key };
  if (!top.owner || top.owner.argument) return undefined;
  return { ...top.owner, argument: { callee: top.callee, key: top.key } };
}

function valueSlotOf(frames: Frame[]): ValueSlot | undefined {
  const top = frames[frames.length - 1];
  if (top && top.kind !== 'list' && top.valueGiven) return undefined;
  return slotOf(frames);
}

/**
 * Members at depth 0 after the opening token `open` up to its closer (or to
 * where the text breaks off): keys given as `key:` or `key {`, and the
 * identifier value of each `key: value`.
 */
function keysOf(tokens: IToken[], open: number, skip = -1): { keys: string[]; values: Record<string, string>; strings: Record<string, string> } {
  const keys: string[] = [];
  const values: Record<string, string> = {};
  const strings: Record<string, string> = {};
  const inCall = tokens[open].tokenType === LParen;
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const type = tokens[i].tokenType;
    // A block cannot be inside a call: an unclosed call ends where one starts.
    if (inCall && depth === 0 && type === LBrace) break;
    if (type === LBrace || type === LBracket || type === LParen) depth++;
    else if (type === RBrace || type === RBracket || type === RParen) {
      if (depth === 0) break;
      depth--;
    } else if (type === Model && startsLine(tokens, i)) break;
    else if (depth === 0 && i !== skip && isWord(tokens[i]) && (tokens[i + 1]?.tokenType === Colon || (!inCall && tokens[i + 1]?.tokenType === LBrace))) {
      keys.push(tokens[i].image);
      const value = tokens[i + 2];
      if (tokens[i + 1].tokenType === Colon && value && isWord(value) && tokens[i + 3]?.tokenType !== LParen) {
        values[tokens[i].image] = value.image;
      }
      if (tokens[i + 1].tokenType === Colon && value?.tokenType === StringLiteral) strings[tokens[i].image] = unescapeString(value.image, true);
    }
  }
  return { keys, values, strings };
}

/** Items of the list opened at `open` (except the one at `skip`) that `item` accepts, as it reads them. */
function itemsOf(tokens: IToken[], open: number, skip: number, item: (i: number) => string | undefined): string[] {
  const items: string[] = [];
  for (let i = open + 1; i < tokens.length; i++) {
    const type = tokens[i].tokenType;
    if (type === RBracket || type === RBrace || type === Colon || type === LBrace) break;
    const read = i === skip ? undefined : item(i);
    if (read !== undefined) items.push(read);
  }
  return items;
}

/** Identifier values of the properties of the innermost open block. */
function siblingsOf(tokens: IToken[], frames: Frame[]): Record<string, string> {
  const block = [...frames].reverse().find((f) => f.kind === 'block');
  return block ? keysOf(tokens, block.open).values : {};
}
