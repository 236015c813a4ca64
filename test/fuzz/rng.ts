/**
 * The fuzz suite's randomness: one generator per case, seeded from the run's seed and the case's
 * index, so any case can be generated again alone (`SEQCAST_FUZZ_ONLY=17`) without the others.
 * Built on the repository's own RandomState (MT19937, as numpy).
 */
import { RandomState } from '../../src/engine/random.js';

export class CaseRng {
  private readonly rs: RandomState;

  /**
   * @example const rng = new CaseRng(21, 17); rng.int(0, 9);
   * @throws when `seed` or `index` is not a non-negative integer.
   */
  constructor(seed: number, index: number) {
    if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(index) || index < 0)
      throw new Error(`CaseRng needs non-negative integers, got seed ${seed}, index ${index}.`);
    // mix the two so neighbouring (seed, index) pairs start far apart
    let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    this.rs = new RandomState((h ^ (h >>> 13)) >>> 0);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.rs.random();
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + this.rs.randint(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.rs.random() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.rs.randint(items.length)];
  }

  /** One element of `items`, each with its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.rs.random() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rs.randint(256);
    return out;
  }
}
