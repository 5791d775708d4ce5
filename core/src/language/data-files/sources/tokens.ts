// Tokens of a text, characters or words, and a vocabulary with an optional
// size limit: the most frequent tokens and `<unk>` for all the others, as
// Keras's TextVectorization(max_tokens) does. The checker (on a head of the
// data) and the training loop (on all of it) share these, so both count alike.
import type { DataSpec, TokenLevel } from '../../../shared';
import { t } from '../../../shared';
import { DataError } from '../types';

/** The out-of-vocabulary token, index 0 of a limited vocabulary. */
export const OUT_OF_VOCABULARY = '<unk>';

export interface Tokenization {
  level: TokenLevel;
  lowercase: boolean;
  /** At most this many tokens, `<unk>` included; absent: every distinct token. */
  vocabulary?: number;
}

/**
 * A word is a run of letters, digits and marks with apostrophes inside it
 * (don't, l'été); any other visible character is a token of its own, so
 * punctuation still tells something; whitespace only separates.
 */
const WORD_OR_SYMBOL = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/**
 * The text as the model reads it: lower-cased when the spec asks. Both the
 * token path and the character path (which skips tokenize for speed) go
 * through it, so `lowercase` means the same whichever path a spec takes.
 */
export function textAsRead(text: string, lowercase: boolean): string {
  return lowercase ? text.toLowerCase() : text;
}

export function tokenize(text: string, tokenization: Pick<Tokenization, 'level' | 'lowercase'>): string[] {
  const source = textAsRead(text, tokenization.lowercase);
  return tokenization.level === 'word' ? source.match(WORD_OR_SYMBOL) ?? [] : Array.from(source);
}

/** How a text source splits its text, for whoever tokenizes more of it (a prime to generate from); nothing for other sources. */
export function tokenizationOf(data: DataSpec): Partial<Pick<Tokenization, 'level' | 'lowercase'>> {
  return data.fn === 'text' ? { level: data.args.level, lowercase: data.args.lowercase } : {};
}

/** The text generated from tokens: words are separated by spaces, characters follow each other. */
export function joinTokens(tokens: string[], level: TokenLevel): string {
  return tokens.join(level === 'word' ? ' ' : '');
}

/**
 * Every distinct token sorted (no limit), or `<unk>` then the `limit - 1`
 * most frequent tokens, ties in code point order so the same data always
 * gives the same indices.
 */
export function vocabularyOfTokens(documents: Iterable<readonly string[]>, limit: number | undefined): string[] {
  const counts = new Map<string, number>();
  for (const tokens of documents) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (limit === undefined) return [...counts.keys()].sort(byCodePoint);
  const frequent = [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0])).map(([token]) => token);
  return [OUT_OF_VOCABULARY, ...frequent.filter((token) => token !== OUT_OF_VOCABULARY).slice(0, limit - 1)];
}

/** Each token's index; a token outside a limited vocabulary is `<unk>`, outside a full one it is an error of the caller. */
export function encodeTokens(tokens: readonly string[], vocabulary: readonly string[]): Uint32Array {
  const index = new Map(vocabulary.map((token, i) => [token, i]));
  const unknown = vocabulary[0] === OUT_OF_VOCABULARY ? 0 : undefined;
  const ids = new Uint32Array(tokens.length);
  tokens.forEach((token, i) => {
    const id = index.get(token) ?? unknown;
    if (id === undefined) throw new Error(t('token {0} is not in the vocabulary', JSON.stringify(token)));
    ids[i] = id;
  });
  return ids;
}

/** A model over tokens chooses among them: it needs two distinct ones. */
export function checkTokenVocabulary(vocabulary: readonly string[], what: string): void {
  if (vocabulary.length === 0) throw new DataError('data-unusable', t('{0} holds no token', what), 'path');
  if (vocabulary.length === 1) {
    throw new DataError('data-unusable',
      t('{0} holds only one distinct token (`{1}`): a model needs at least two to tell apart', what, JSON.stringify(vocabulary[0])), 'path');
  }
}
