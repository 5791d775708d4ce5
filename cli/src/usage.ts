/** A mistake in how the command was called; printed without a stack trace. */
export class UsageError extends Error {}

export function parseIntegerOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number >= ${min}, got '${text}'`);
  }
  return value;
}
