/**
 * RandomState: a seeded generator that reproduces numpy's legacy `numpy.random.RandomState(seed)`
 * draw for draw, so series generated in the course notebooks can be rebuilt exactly.
 *
 * - Core: MT19937 (Mersenne Twister), seeded with `init_genrand(seed)` as numpy does for an integer seed.
 * - `random()`: numpy's `random_sample`, a 53-bit double built from two 32-bit draws.
 * - `randn()`: numpy's legacy `gauss`, the polar Box–Muller method that caches its second value.
 * - `randint(n)` and `shuffle(array)`: numpy's masked rejection sampling (`random_interval`) and its
 *   Fisher–Yates loop, so they also match `RandomState.randint(n)` and `RandomState.shuffle(list)`.
 */

/** MT19937 state size (624 words of 32 bits). */
const N = 624;
/** MT19937 middle offset. */
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class RandomState {
  /** The 624-word MT19937 state. */
  private readonly mt = new Uint32Array(N);
  /** Index of the next word of `mt` to temper; N means "regenerate first". */
  private mti = N;
  /** Legacy gauss cache: the polar method makes two normals per accepted pair, numpy keeps one. */
  private hasGauss = false;
  private gauss = 0;

  /**
   * Seeds the generator exactly as `numpy.random.RandomState(seed)` with an integer seed.
   *
   * @param seed an integer in [0, 2^32 - 1].
   * @example
   * const rng = new RandomState(42);
   * rng.randn(); // 0.4967141530112327, as numpy.random.RandomState(42).randn()
   * @throws when the seed is not an integer in [0, 2^32 - 1].
   */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /**
   * Seeds this generator afresh, as `new RandomState(seed)` would, without allocating a new state:
   * a dataset reseeds one generator at every epoch.
   *
   * @param seed an integer in [0, 2^32 - 1].
   * @example const rng = new RandomState(0); rng.reseed(42); rng.randn(); // 0.4967141530112327
   * @throws when the seed is not an integer in [0, 2^32 - 1].
   */
  reseed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`RandomState seed must be an integer in [0, 4294967295], got ${seed}: pass a whole non-negative number such as 42.`);
    }
    // init_genrand: mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >>> 30)) + i, modulo 2^32.
    const mt = this.mt;
    let word = seed >>> 0;
    mt[0] = word;
    for (let i = 1; i < N; i++) {
      word = (Math.imul(1812433253, word ^ (word >>> 30)) + i) >>> 0;
      mt[i] = word;
    }
    this.mti = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /**
   * The next raw 32-bit unsigned integer of the MT19937 stream (numpy's `next_uint32`).
   *
   * @example new RandomState(42).nextUint32(); // 1608637542
   * @throws never.
   */
  nextUint32(): number {
    if (this.mti >= N) this.mti = 0; // a new round of the twist, word by word below
    let y = this.twistWord(this.mti++);
    // Tempering.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Word k of the next state (the MT19937 "twist"), made when it is drawn rather than all 624 at
   * once: the reference's loop makes word k from the old words k and k + 1 and word k + M (mod N),
   * which is old for k < N − M and already made for the rest, in increasing k, and the draws come
   * in increasing k too, so the words are the same. A shuffle of a hundred windows draws about a
   * hundred, not 624.
   */
  private twistWord(k: number): number {
    const mt = this.mt;
    const y = (mt[k] & UPPER_MASK) | (mt[k + 1 === N ? 0 : k + 1] & LOWER_MASK);
    const word = mt[k + M < N ? k + M : k + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    mt[k] = word;
    return word;
  }

  /**
   * A uniform double in [0, 1), numpy's `random_sample()`: `(a >> 5, b >> 6)` of two 32-bit draws
   * combined into 53 random bits.
   *
   * @example new RandomState(42).random(); // 0.3745401188473625
   * @throws never.
   */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A standard normal draw, numpy's legacy `gauss` (what `RandomState.randn()` uses): the polar
   * Box–Muller method; every second call returns the value cached by the previous one.
   *
   * @example new RandomState(42).randn(); // 0.4967141530112327
   * @throws never.
   */
  randn(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * `n` uniform doubles in [0, 1), as numpy's `random_sample(n)`.
   *
   * @example new RandomState(42).rand(2); // Float64Array [0.3745401188473625, 0.9507143064099162]
   * @throws when `n` is not a non-negative integer.
   */
  rand(n: number): Float64Array {
    checkCount(n, 'rand');
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.random();
    return out;
  }

  /**
   * `n` standard normal draws, as numpy's `randn(n)`.
   *
   * @example new RandomState(42).randnArray(2); // Float64Array [0.4967141530112327, -0.13826430117118466]
   * @throws when `n` is not a non-negative integer.
   */
  randnArray(n: number): Float64Array {
    checkCount(n, 'randnArray');
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.randn();
    return out;
  }

  /**
   * A uniform double in [low, high), as numpy's `uniform(low, high)`: `low + (high - low) * random()`.
   *
   * @example new RandomState(7).uniform(-2, 3); // -1.618458553130214
   * @throws when `low` or `high` is not finite, or `high < low`.
   */
  uniform(low: number, high: number): number {
    if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) {
      throw new Error(`uniform(low, high) needs finite bounds with low <= high, got low=${low}, high=${high}: swap or fix the bounds.`);
    }
    return low + (high - low) * this.random();
  }

  /**
   * A uniform integer in [0, n), as numpy's `RandomState.randint(n)`: masked rejection sampling —
   * draw 32 bits, keep the lowest bits that can hold n - 1, retry until the value is below n.
   * Unbiased, and exactly numpy's sequence for n <= 2^32.
   *
   * @example new RandomState(42).randint(10); // 6
   * @throws when `n` is not an integer in [1, 2^32].
   */
  randint(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new Error(`randint(n) needs an integer n in [1, 4294967296], got ${n}: pass the number of choices.`);
    }
    return this.interval(n - 1);
  }

  /** A uniform integer in [0, max] for 0 <= max < 2^32, numpy's `random_interval` (masked rejection). */
  private interval(max: number): number {
    if (max === 0) return 0;
    // Smallest all-ones mask covering max.
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * Shuffles `array` in place with Fisher–Yates, as numpy's `RandomState.shuffle` on a 1-D array
   * or list (for i from n-1 down to 1, swap element i with a uniform j in [0, i]); returns it.
   *
   * @example
   * new RandomState(42).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
   * @throws when the array has more than 2^32 elements (never in practice).
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    if (array.length > 0x100000000) {
      throw new Error(`shuffle supports at most 4294967296 elements, got ${array.length}: shuffle indices in chunks.`);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${name}(n) needs a non-negative integer count, got ${n}: pass how many values you want.`);
  }
}
