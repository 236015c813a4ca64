/**
 * Classical multiplicative decomposition, x_t = T_t · S_t · R_t, as R's
 * `decompose(x, type = "multiplicative")`: the trend T is a centred moving average over one
 * season (for an even period m, m + 1 values with half weight on the two ends), the seasonal
 * figure is the mean of x_t / T_t over each position in the season, normalised to mean 1.
 * Browser-safe.
 *
 * Positions count from the first value: figure[j] belongs to values[j], values[j + m], ... (R's
 * `decompose` aligns it the same way, whatever calendar month the series starts in).
 */
import { OptionError } from '../../errors.js';
import { compensatedSum } from './sums.js';

/** The parts of {@link multiplicativeDecomposition}. */
export interface MultiplicativeDecomposition {
  /** (n) The centred moving average; NaN for the first and last ⌊m/2⌋ values, where it is not defined. */
  trend: Float64Array;
  /** (m) The seasonal figure (mean 1): figure[j] is the factor of values[j], values[j + m], ... */
  figure: Float64Array;
}

/**
 * Decomposes `values` into a trend and a seasonal figure of `period` positions.
 * @example multiplicativeDecomposition(airPassengers, 12).figure[0] // 0.9102 (January's factor)
 * @throws OptionError when `period` is not an integer ≥ 2 or there are fewer than two full
 *   seasons (R: "time series has no or less than 2 periods").
 */
export function multiplicativeDecomposition(values: ArrayLike<number>, period: number): MultiplicativeDecomposition {
  const n = values.length;
  const m = period;
  if (!Number.isInteger(m) || m < 2) {
    throw new OptionError(`multiplicativeDecomposition: period must be an integer of at least 2, got ${period}: e.g. 12 for monthly data.`);
  }
  if (n < 2 * m) {
    throw new OptionError(`multiplicativeDecomposition: needs at least two seasons (${2 * m} values) for period ${m}, got ${n}.`);
  }
  // the moving average's weights, centred: m values of 1/m (odd m), or m + 1 with 1/(2m) at both ends (even m)
  const half = Math.floor(m / 2);
  const weights = new Float64Array(2 * half + 1).fill(1 / m); // (2·half + 1)
  if (m % 2 === 0) weights[0] = weights[2 * half] = 0.5 / m;
  const trend = new Float64Array(n).fill(NaN); // (n)
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = 0; j < weights.length; j++) s += weights[j] * values[t - half + j];
    trend[t] = s;
  }
  // each position's mean ratio x / T over the seasons where T is defined (R: mean(..., na.rm = TRUE))
  const figure = new Float64Array(m); // (m)
  for (let j = 0; j < m; j++) {
    let count = 0;
    const total = compensatedSum(Math.ceil((n - j) / m), (k) => {
      const ratio = values[j + k * m] / trend[j + k * m];
      if (Number.isNaN(ratio)) return 0;
      count++;
      return ratio;
    });
    figure[j] = total / count;
  }
  const scale = compensatedSum(m, (j) => figure[j]) / m;
  for (let j = 0; j < m; j++) figure[j] /= scale;
  return { trend, figure };
}
