// A validator's complaints as one line a person can act on.
import english from 'zod/v4/locales/en.js';

const SHOWN_ISSUES = 3;
// zod/mini ships no messages of its own (a bare "Invalid input"); only the English ones are bundled.
const { localeError } = english();

type Issue = Parameters<typeof localeError>[0];

/** The English message of an issue, "missing" for an absent required field (not "expected number, received undefined"). */
export function issueMessage(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'missing';
  const message = localeError(issue);
  return typeof message === 'string' ? message : message?.message;
}

/** Field-by-field messages, e.g. `status: expected one of ...; final.val_loss: expected number, received string`. */
export function parseIssuesText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const texts = error.issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    const message = issue.message.replace(/^Invalid input: /, '');
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length - SHOWN_ISSUES;
  return texts.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
