/**
 * A small seeded PRNG (mulberry32) so the sandbox provider's failures, latencies and reorderings repeat exactly for
 * a given seed: a failing test run can be replayed. Not for anything secret.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Eight lowercase hex digits. */
  hex8(): string;
}

/** Creates a generator from a 32-bit seed. */
export function mulberry32(seed: number): Prng {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => u32() / 4_294_967_296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    hex8: () => u32().toString(16).padStart(8, '0'),
  };
}
