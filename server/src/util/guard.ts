// Every LSP handler runs behind this guard: a bug in one feature becomes a
// logged error and an empty answer, never a crashed server or a dead request.
export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

export function guarded<Args extends unknown[], Result>(
  feature: string,
  logger: Logger,
  fallback: () => Result,
  handler: (...args: Args) => Result,
): (...args: Args) => Result {
  return (...args: Args): Result => {
    try {
      return handler(...args);
    } catch (error) {
      logger.error(`${feature} failed: ${describeError(error)}`);
      return fallback();
    }
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
