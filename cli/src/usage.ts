import { t } from '../../core/src/shared';
import { parseByteSize } from '../../core/src/language';

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

/** A memory size such as `8GiB`, `512MiB` or a number of bytes (check/byte-size.ts). */
export function parseSizeOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw new UsageError(t("--{0} must be a size such as 8GiB or 512MiB, got '{1}'", name, text));
  return bytes;
}

/** The error for an option whose value is not one of `allowed`. */
export function notOneOf(name: string, allowed: readonly string[], got: string | undefined): UsageError {
  return new UsageError(t("--{0} must be one of {1}, got '{2}'", name, allowed.join(', '), String(got)));
}
