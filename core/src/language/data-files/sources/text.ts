// Character-level text: the vocabulary and the text as class indices.
import { t } from '../../../shared';
import { DataError } from '../types';

export function limitText(text: string, maxChars: number | undefined): string {
  if (maxChars === undefined) return text;
  return Array.from(text).slice(0, maxChars).join('');
}

/** Sorted distinct characters (code points, so surrogate pairs stay whole). */
export function vocabularyOf(text: string): string[] {
  return [...new Set(text)].sort();
}

/** A character model chooses the next character among the vocabulary: it needs two to choose from. */
export function checkVocabulary(vocabulary: string[]): void {
  if (vocabulary.length === 0) throw new DataError('data-unusable', t('the text file is empty'), 'path');
  if (vocabulary.length === 1) {
    throw new DataError('data-unusable',
      t('the text has only one distinct character (`{0}`): a model needs at least two to choose between', JSON.stringify(vocabulary[0])), 'path');
  }
}

/** Each character's index in the vocabulary; characters outside it are an error for the caller to report. */
export function encodeText(text: string, vocabulary: string[]): Uint16Array {
  const index = new Map(vocabulary.map((ch, i) => [ch, i]));
  const chars = Array.from(text);
  const tokens = new Uint16Array(chars.length);
  chars.forEach((ch, i) => {
    const id = index.get(ch);
    if (id === undefined) throw new Error(t('character {0} is not in the vocabulary', JSON.stringify(ch)));
    tokens[i] = id;
  });
  return tokens;
}
