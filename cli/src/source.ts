import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkText, type CheckOptions, type CheckResult } from '../../core/src/language';
import { t } from '../../core/src/shared';
import { fileError } from './report';
import { decodeUtf8 } from './utf8';

export interface CheckedSource {
  /** The path as the user wrote it, for messages. */
  displayPath: string;
  absolutePath: string;
  text: string;
  result: CheckResult;
}

/**
 * Options every command's check uses (`--memory-budget`): set once from the
 * command line, so that check, summary and train judge a file alike.
 */
const commandChecks: Pick<CheckOptions, 'memoryBudget'> = {};

export function useCheckOptions(options: Pick<CheckOptions, 'memoryBudget'>): void {
  Object.assign(commandChecks, options);
}

/** Where data files may come from: the .rnn file's folder and below, unless --allow-data-outside. */
export interface DataAccess {
  allowOutside?: boolean;
}

/** Reads and checks one .rnn file; undefined (with a message printed) when it cannot be read. */
export function loadSource(displayPath: string, access: DataAccess = {}): CheckedSource | undefined {
  const absolutePath = resolve(displayPath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (error) {
    console.error(fileError(displayPath, t('cannot read the file: {0}', unreadableReason(error as NodeJS.ErrnoException))));
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    console.error(fileError(`${displayPath}:${decoded.line}:${decoded.column}`, t('the file is not UTF-8 text (byte 0x{0} here); save it as UTF-8', decoded.byte)));
    return undefined;
  }
  const text = decoded.text;
  return { displayPath, absolutePath, text, result: checkText(text, { ...commandChecks, path: absolutePath, dataAccess: { allowOutside: access.allowOutside } }) };
}

/** Why a file cannot be read: a missing file in the CLI's language, anything rarer in the system's own words (as today). */
function unreadableReason(error: NodeJS.ErrnoException): string {
  return error.code === 'ENOENT' ? t('no such file') : error.message;
}
