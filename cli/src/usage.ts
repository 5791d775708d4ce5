import { t } from '../../core/src/shared';

/** A mistake in how the command was called; printed without a stack trace. */
export class UsageError extends Error {}

export function parseIntegerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(t("--{0} must be a whole number >= {1}, got '{2}'", name, min, text));
  }
  return value;
}

/** The error for an option whose value is not one of `allowed`. */
export function notOneOf(name: string, allowed: readonly string[], got: string | undefined): UsageError {
  return new UsageError(t("--{0} must be one of {1}, got '{2}'", name, allowed.join(', '), String(got)));
}
