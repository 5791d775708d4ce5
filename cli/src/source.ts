import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkText, type CheckResult } from '../../core/src/language';

export interface CheckedSource {
  /** The path as the user wrote it, for messages. */
  displayPath: string;
  absolutePath: string;
  text: string;
  result: CheckResult;
}

/** Reads and checks one .rnn file; undefined (with a message printed) when it cannot be read. */
export function loadSource(displayPath: string): CheckedSource | undefined {
  const absolutePath = resolve(displayPath);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    console.error(`${displayPath}: error: cannot read the file: ${reason}`);
    return undefined;
  }
  return { displayPath, absolutePath, text, result: checkText(text, { path: absolutePath }) };
}
