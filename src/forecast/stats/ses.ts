/**
 * Simple exponential smoothing fitted as R's `forecast::ses` fits it (ETS(A,N,N) through
 * `ets(x, "ANN", opt.crit = "mse")`): the level l_t = l_{t−1} + α·(x_t − l_{t−1}), each value's
 * one-step forecast is the level before it, and α and the initial level l_0 minimise the sum of
 * squared one-step errors (for additive errors the same optimum as the likelihood,
 * n·log Σ e²). Browser-safe.
 *
 * R's bounds: α in [1e−4, 0.9999], l_0 free. For n ≤ 6 values R does not fit the state-space
 * model but Holt–Winters smoothing (`HoltWintersZZ`): l_0 is fixed to the first value and α is
 * searched in [0, 1]; we do the same.
 *
 * How we optimise (our own method, not R's Nelder–Mead): for a fixed α every one-step error is
 * linear in l_0, e_t = c_t − (1 − α)^{t−1}·δ where c_t are the errors from a provisional start
 * and δ the start's correction, so the best l_0 has a closed form and the search is over α
 * alone: a grid over the bounds, then golden-section search in the best grid cell. This finds
 * the least-squares optimum to ~1e−9 in α; R's Nelder–Mead stops at a relative change of 1.5e−8
 * in the objective, so where the objective is flat the two α differ in the 4th digit while their
 * sums of squares agree to ~1e−7, ours never the larger (test/forecast/stats/theta.test.ts).
 */

/** R's bounds on α for the state-space fit (`ets`'s default `lower`/`upper`). */
export const ALPHA_BOUNDS = [1e-4, 0.9999] as const;

/** Up to this many values, R fits Holt–Winters smoothing instead (`ets`: n ≤ npars + 4 with 2 parameters). */
export const SHORT_SERIES = 6;

/** A fitted simple exponential smoothing. */
export interface SesFit {
  /** The smoothing parameter α. */
  alpha: number;
  /** The initial level l_0: the one-step forecast of values[0]. */
  level0: number;
  /** The sum of squared one-step errors at (α, l_0). */
  sse: number;
  /** The error variance R reports: sse / (n − 2) (sse / n for the Holt–Winters fit of n ≤ 6 values). */
  sigma2: number;
  /** 'ets' (maximum likelihood over α and l_0) or 'holt-winters' (n ≤ 6: l_0 = values[0]). */
  method: 'ets' | 'holt-winters';
}

/**
 * Fits α and l_0 to `values` as described above.
 * @param period the series' season length: only R's starting α depends on it, which is kept when
 *   every α fits equally well (a constant series). Default 1.
 * @example fitSes(Float64Array.of(1, 2, 3, 2, 3, 4, 3, 4, 5)).alpha // 0.7529
 * @throws never for finite values; callers check (at least 2 values are needed for a meaningful α).
 */
export function fitSes(values: ArrayLike<number>, period = 1): SesFit {
  const n = values.length;
  if (n <= SHORT_SERIES) {
    // Holt–Winters: l_0 = x_0, α in [0, 1], starting at R's 0.2 / period
    const level0 = values[0];
    const alpha = minimizeScalar((a) => sesSse(values, a, level0), 0, 1, 0.2 / period);
    const sse = sesSse(values, alpha, level0);
    return { alpha, level0, sse, sigma2: sse / n, method: 'holt-winters' };
  }
  const [lo, hi] = ALPHA_BOUNDS;
  // the provisional start: R's initial level, the mean of the first (up to) 10 values
  let base = 0;
  for (let t = 0; t < Math.min(10, n); t++) base += values[t];
  base /= Math.min(10, n);
  const c = new Float64Array(n); // (n) one-step errors from the provisional start, reused by every α
  const alpha = minimizeScalar((a) => profiledSse(values, a, base, c).sse, lo, hi, lo + 0.2 * (hi - lo));
  const level0 = profiledSse(values, alpha, base, c).level0;
  const sse = sesSse(values, alpha, level0);
  return { alpha, level0, sse, sigma2: sse / (n - 2), method: 'ets' };
}

/**
 * The sum of squared one-step errors of simple exponential smoothing with `alpha` started at
 * `level0`.
 * @example sesSse([1, 2, 3], 1, 0) // 3 (errors 1, 1, 1)
 * @throws never.
 */
export function sesSse(values: ArrayLike<number>, alpha: number, level0: number): number {
  let level = level0;
  let sse = 0;
  for (let t = 0; t < values.length; t++) {
    const e = values[t] - level; // the one-step error of values[t]
    sse += e * e;
    level += alpha * e;
  }
  return sse;
}

/**
 * The level after `n` values (the one-step forecast of values[n]) of simple exponential
 * smoothing with `alpha` started at `level0`.
 * @example sesLevel([1, 2, 3], 0.5, 0, 3) // 2.125
 * @throws never.
 */
export function sesLevel(values: ArrayLike<number>, alpha: number, level0: number, n = values.length): number {
  let level = level0;
  for (let t = 0; t < n; t++) level += alpha * (values[t] - level);
  return level;
}

/**
 * The least sum of squares over l_0 for one α, and that l_0. With a provisional start `base`, the
 * errors c_t and the weights β_t = (1 − α)^t, the error from l_0 = base + δ is c_t − β_t·δ, so
 * δ = Σ β_t c_t / Σ β_t² (least squares in one unknown). `c` is scratch space of n values.
 */
function profiledSse(values: ArrayLike<number>, alpha: number, base: number, c: Float64Array): { sse: number; level0: number } {
  const n = values.length;
  let level = base;
  let beta = 1; // (1 − α)^t
  let sumBc = 0;
  let sumBb = 0;
  for (let t = 0; t < n; t++) {
    c[t] = values[t] - level;
    level += alpha * c[t];
    sumBc += beta * c[t];
    sumBb += beta * beta;
    beta *= 1 - alpha;
  }
  const delta = sumBc / sumBb;
  // the sum of squares at the best start, from the errors (not Σc² − (Σβc)²/Σβ², which cancels)
  let sse = 0;
  beta = 1;
  for (let t = 0; t < n; t++) {
    const e = c[t] - beta * delta;
    sse += e * e;
    beta *= 1 - alpha;
  }
  return { sse, level0: base + delta };
}

/** Grid points over the bounds before the golden-section search. */
const GRID = 100;

/**
 * The x in [lo, hi] that minimises f: f on a grid of GRID + 1 points, then golden-section search
 * between the best point's neighbours, stopped when the bracket is below 1e−10 of the range.
 * `start` (R's starting point) is kept when nothing does strictly better, so a flat f gives R's
 * answer.
 */
function minimizeScalar(f: (x: number) => number, lo: number, hi: number, start: number): number {
  let best = start;
  let fBest = f(start);
  let cell = -1; // the best grid point's index, -1 while start is best
  for (let i = 0; i <= GRID; i++) {
    const x = lo + ((hi - lo) * i) / GRID;
    const fx = f(x);
    if (fx < fBest) [best, fBest, cell] = [x, fx, i];
  }
  // the bracket: the best grid point's neighbours, or the grid cells around the start if it won
  const step = (hi - lo) / GRID;
  const centre = cell < 0 ? start : lo + ((hi - lo) * cell) / GRID;
  let a = Math.max(lo, centre - step);
  let b = Math.min(hi, centre + step);
  const ratio = (Math.sqrt(5) - 1) / 2; // 0.618...
  let x1 = b - ratio * (b - a);
  let x2 = a + ratio * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > 1e-10 * (hi - lo)) {
    if (f1 <= f2) {
      [b, x2, f2] = [x2, x1, f1];
      x1 = b - ratio * (b - a);
      f1 = f(x1);
    } else {
      [a, x1, f1] = [x1, x2, f2];
      x2 = a + ratio * (b - a);
      f2 = f(x2);
    }
  }
  for (const [x, fx] of [
    [x1, f1],
    [x2, f2],
  ]) {
    if (fx < fBest) [best, fBest] = [x, fx];
  }
  // at a bound the search ends within 1e-10 of it: take the bound itself when it is no worse
  for (const x of [lo, hi]) {
    const fx = f(x);
    if (fx <= fBest && Math.abs(x - best) < 1e-8 * (hi - lo)) [best, fBest] = [x, fx];
  }
  return best;
}
