// Seeded pseudo-random numbers. Everything random in a run (data noise,
// initial weights, shuffles, dropout masks) derives from one seed so that the
// same seed reproduces the same losses. Generators are passed to what needs
// them; nothing here replaces Math.random, so runs in one process stay apart.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 31-bit seed for a sub-generator (e.g. one tfjs initializer). */
  seed(): number;
  /** Where the generator stands, to continue it later (a resumed run's shuffles and dropout masks). */
  state(): RandomState;
  /** Continues from a state `state()` gave. */
  restore(state: RandomState): void;
}

export interface RandomState {
  state: number;
  /** The second value of the last Box-Muller pair, not drawn yet. */
  spareNormal?: number;
}

/** mulberry32: tiny, fast and good enough for shuffles and noise. */
export function createRandom(seed: number): Random {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spareNormal: number | undefined;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    // Box-Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return {
    next,
    normal,
    int: (n) => Math.floor(next() * n),
    seed: () => Math.floor(next() * 0x7fffffff),
    state: () => (spareNormal === undefined ? { state } : { state, spareNormal }),
    restore: (saved) => {
      state = saved.state >>> 0;
      spareNormal = saved.spareNormal;
    },
  };
}

/** Fisher-Yates shuffle of `items` in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, random: Random): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}

/** A seed for runs that do not give one (recorded in the run so it can be repeated). */
export function drawSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
