import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkText, type CheckOptions, type CheckResult } from '../../core/src/language';
import { t } from '../../core/src/shared';
import { fileError } from './report';

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

/** Reads and checks one .rnn file; undefined (with a message printed) when it cannot be read. */
export function loadSource(displayPath: string): CheckedSource | undefined {
  const absolutePath = resolve(displayPath);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    console.error(fileError(displayPath, t('cannot read the file: {0}', unreadableReason(error as NodeJS.ErrnoException))));
    return undefined;
  }
  return { displayPath, absolutePath, text, result: checkText(text, { ...commandChecks, path: absolutePath }) };
}

/** Why a file cannot be read: a missing file in the CLI's language, anything rarer in the system's own words (as today). */
function unreadableReason(error: NodeJS.ErrnoException): string {
  return error.code === 'ENOENT' ? t('no such file') : error.message;
}
