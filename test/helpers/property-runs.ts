// How many cases the property-based tests try. `npm test` runs a small fixed
// number with a fixed seed, so CI is quick and repeatable; the long mode
// (`npm run test:properties:long`, RNN_PROPERTY_RUNS=100000) runs many more
// with a fresh seed each time. A failure prints its seed and shrunk path
// either way: put them in RNN_PROPERTY_SEED and RNN_PROPERTY_PATH to replay it.
import type * as fc from 'fast-check';

const FIXED_SEED = 1313;

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got '${text}'`);
  return value;
}

/**
 * fast-check parameters for one property: `quick` cases in `npm test`; in the
 * long mode RNN_PROPERTY_RUNS divided by `cost`, for properties whose one case
 * is many checks (a sequence of edits is 2 checks per edit).
 */
export function propertyParameters<T>(quick: number, cost = 1): fc.Parameters<T> {
  const long = envNumber('RNN_PROPERTY_RUNS');
  const seed = envNumber('RNN_PROPERTY_SEED') ?? (long === undefined ? FIXED_SEED : Date.now() % 2 ** 31);
  const path = process.env.RNN_PROPERTY_PATH || undefined;
  // A long run that passes is worth repeating with the same cases (after a fix, say): its seed goes to the log.
  if (long !== undefined) console.log(`property seed ${seed}`);
  return { numRuns: long === undefined ? quick : Math.max(quick, Math.ceil(long / cost)), seed, path, includeErrorInReport: true };
}
