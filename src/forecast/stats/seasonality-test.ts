/**
 * Is a series seasonal? The test R's `forecast::thetaf` runs before it seasonally adjusts: the
 * lag-m autocorrelation r_m is significant at 90 % against the standard error Bartlett's formula
 * gives it when the autocorrelations below lag m are real,
 *
 *   |r_m| > z_0.95 · sqrt((1 + 2 · Σ_{k=1}^{m−1} r_k²) / n),   z_0.95 = 1.6449 (one-sided 95 %).
 *
 * The test is only run on a series with a period m > 1, more than two full seasons (n > 2m) and
 * some variation (R's `is.constant`); otherwise the series is treated as not seasonal. Browser-safe.
 */
import { OptionError } from '../../errors.js';
import { compensatedSum, mean } from './sums.js';

/** z with P(Z ≤ z) = 0.95 for a standard normal Z (R's `qnorm(0.95)`). */
export const Z_95 = 1.6448536269514722;

/** The outcome of {@link seasonalityTest}. */
export interface SeasonalityTestResult {
  /** |r_m| / sqrt((1 + 2 Σ_{k<m} r_k²) / n): the lag-m autocorrelation in standard errors. */
  statistic: number;
  /** `statistic > Z_95`. */
  seasonal: boolean;
}

/**
 * The sample autocorrelations r_0..r_maxLag as R's `acf` computes them: the mean is removed and
 * every lag is divided by the lag-0 sum, r_k = Σ_{t<n−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_t (x_t − x̄)².
 * @example autocorrelations([1, 2, 3, 4], 1) // Float64Array [1, 0.25]
 * @throws OptionError when `maxLag` is not an integer in [0, n − 1] or the series is constant
 *   (its autocorrelations are 0/0).
 */
export function autocorrelations(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  if (!Number.isInteger(maxLag) || maxLag < 0 || maxLag >= n) {
    throw new OptionError(`autocorrelations: maxLag must be an integer in [0, ${n - 1}] for ${n} values, got ${maxLag}.`);
  }
  const mu = mean(values);
  const d = Float64Array.from(values, (v) => v - mu); // (n) the centred series
  const c0 = compensatedSum(n, (t) => d[t] * d[t]);
  if (!(c0 > 0)) throw new OptionError('autocorrelations: the series is constant, so its autocorrelations are undefined.');
  const r = new Float64Array(maxLag + 1); // (maxLag + 1)
  for (let k = 0; k <= maxLag; k++) r[k] = compensatedSum(n - k, (t) => d[t] * d[t + k]) / c0;
  return r;
}

/**
 * Whether every value equals the first, to R's `is.constant` (`all.equal` at its default
 * tolerance 1.5e−8): the mean absolute difference from the first value, over the values that
 * differ from it, relative to their mean absolute size (absolute when that size is below the
 * tolerance).
 * @example isConstant([5, 5, 5 + 1e-12]) // true
 * @throws never.
 */
export function isConstant(values: ArrayLike<number>): boolean {
  const tolerance = Math.sqrt(Number.EPSILON); // R's sqrt(.Machine$double.eps)
  const first = values[0];
  let differing = 0;
  let sumDiff = 0;
  let sumSize = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === first) continue;
    differing++;
    sumDiff += Math.abs(values[i] - first);
    sumSize += Math.abs(values[i]);
  }
  if (differing === 0) return true;
  const size = sumSize / differing;
  const scale = Number.isFinite(size) && size > tolerance ? size : 1;
  return sumDiff / differing / scale <= tolerance;
}

/**
 * Runs the 90 % seasonality test described above on a series with season length `period`.
 * @example seasonalityTest(airPassengers, 12) // { statistic: 2.4885, seasonal: true }
 * @returns `null` when the test does not apply: period 1, at most two full seasons (n ≤ 2·period)
 *   or a constant series; thetaf then treats the series as not seasonal.
 * @throws OptionError when `period` is not a positive integer.
 */
export function seasonalityTest(values: ArrayLike<number>, period: number): SeasonalityTestResult | null {
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(
      `seasonalityTest: period must be a positive integer, got ${period}: use the season length, e.g. 12 for monthly data.`,
    );
  }
  const n = values.length;
  if (period === 1 || n <= 2 * period || isConstant(values)) return null;
  const r = autocorrelations(values, period);
  const below = compensatedSum(period - 1, (k) => r[k + 1] * r[k + 1]); // Σ_{k=1}^{m−1} r_k²
  const statistic = Math.abs(r[period]) / Math.sqrt((1 + 2 * below) / n);
  return { statistic, seasonal: statistic > Z_95 };
}
