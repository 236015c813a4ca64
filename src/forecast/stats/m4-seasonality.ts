/**
 * The seasonal adjustment of M4's benchmarks (Naive2, Theta, the RNN and MLP benchmarks), as the
 * organisers' R script does it: a series of period m > 1 with at least three full seasons (n ≥ 3m)
 * is seasonal when the 90 % autocorrelation test at lag m says so (seasonality-test.ts); it is
 * then divided by the seasonal figure of a classical multiplicative decomposition
 * (classical-decomposition.ts), indexed by position from the first value, and the forecasts are
 * multiplied back by the factors of their positions. Browser-safe.
 *
 * Two differences from M4's Python script for the RNN benchmark, both deliberate: its test adds
 * r_1 unsquared to Σ r_k² (the organisers note that the R script, used for every published
 * statistical row, squares it), and its moving average is centred by the series' length's parity
 * instead of the period's (the organisers: under 0.05 % on the factors). seqcast uses the R
 * script's, the textbook one, for both.
 */
import { OptionError } from '../../errors.js';
import { multiplicativeDecomposition } from './classical-decomposition.js';
import { seasonalityTest } from './seasonality-test.js';

/**
 * M4's seasonal figure of `values` for season length `period`: m factors of mean 1, figure[j] the
 * factor of values[j], values[j + m], ...; null when the series is not seasonal by M4's rule (period
 * 1, fewer than 3 seasons, a constant series, the test not significant), or when a factor is not a
 * positive finite number (a zero or negative moving average), where the adjustment means nothing.
 * @example m4SeasonalFigure(hourly, 24)?.length // 24, for a series with a daily cycle
 * @throws OptionError when `period` is not a positive integer.
 */
export function m4SeasonalFigure(values: ArrayLike<number>, period: number): Float64Array | null {
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(`m4SeasonalFigure: period must be a positive integer, got ${period}: e.g. 24 for hourly data, or 1.`);
  }
  if (period === 1 || values.length < 3 * period) return null;
  if (!seasonalityTest(values, period)?.seasonal) return null;
  const figure = multiplicativeDecomposition(values, period).figure;
  return figure.every((s) => Number.isFinite(s) && s > 0) ? figure : null;
}
