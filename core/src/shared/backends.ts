// The tfjs backends a user can ask for: the engine's selection, the CLI's
// --backend, the extension's `rnn.backend` setting (package.json, tied to this
// list by test/unit/backends.test.ts) and the training worker all read this list.

/** `auto` first, then the backends it tries, fastest first. */
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

export type BackendPreference = (typeof BACKENDS)[number];

/** A tfjs backend the engine can activate. */
export type BackendName = Exclude<BackendPreference, 'auto'>;

/** The order `auto` tries the backends in. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = BACKENDS.filter((b): b is BackendName => b !== 'auto');

export function isBackendPreference(value: string): value is BackendPreference {
  return (BACKENDS as readonly string[]).includes(value);
}
