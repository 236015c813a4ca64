/**
 * Guerrero's method for the Box-Cox lambda (V. M. Guerrero, "Time-series analysis supported by
 * power transformations", Journal of Forecasting 12, 1993), as R's
 * `forecast::BoxCox.lambda(x, method = "guerrero", lower = -1, upper = 2)`:
 *
 *   1. Cut the last floor(n / p) · p values into blocks of p = max(2, period) (the first n mod p
 *      values are left out), and take each block's mean μ_j and sample standard deviation σ_j.
 *   2. The lambda that makes σ_j / μ_j^(1 − λ) most nearly constant over the blocks: the one that
 *      minimises their coefficient of variation (sample sd over mean), by Brent's method on
 *      [lower, upper] with R's tolerance (minimize.ts), so the same lambda as R to rounding.
 *
 * As R: a series of n ≤ 2 · period values gets λ = 1 (too short to tell). Unlike R: where the
 * criterion is undefined at every lambda (a single block, or every block constant) λ is 1 too,
 * where R's optimiser drifts to the upper bound; and data with a value ≤ 0 is refused, where R
 * warns and searches [max(lower, 0), upper]. Browser-safe.
 */
import { InputError, OptionError } from '../../errors.js';
import { minimizeBrent } from './minimize.js';
import { compensatedSum } from '../../metrics/sums.js';

/** Options of {@link guerreroLambda}. */
export interface GuerreroOptions {
  /** The season length (12 monthly, 4 quarterly); 1, the default, for none: blocks of 2 then. */
  period?: number;
  /** The smallest lambda searched; default -1, as R. */
  lower?: number;
  /** The largest lambda searched; default 2, as R. */
  upper?: number;
}

/**
 * The Box-Cox lambda by Guerrero's method, as R's `BoxCox.lambda(x, "guerrero")` (the file's comment).
 *
 * @example guerreroLambda(airPassengers, { period: 12 }); // -0.29472 (R: -0.294715585559316)
 * @example guerreroLambda([1, 2, 3], { period: 12 }); // 1: too short (n ≤ 2 · period)
 * @throws OptionError when `period` is not a positive integer or the bounds are not finite with
 *   lower < upper; InputError when a value is NaN, ±Infinity or (for a series longer than
 *   2 · period) not positive.
 */
export function guerreroLambda(values: ArrayLike<number>, options: GuerreroOptions = {}): number {
  const { period, lower, upper } = guerreroOptions(options);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`guerreroLambda: values[${i}] is ${values[i]}; fill or drop missing values before estimating lambda.`);
    }
  }
  if (values.length <= 2 * period) return 1;
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) {
      throw new InputError(
        `guerreroLambda: values[${i}] is ${values[i]}, but Guerrero's method is for strictly positive data: shift the series above 0, give Box-Cox a fixed lambda > 0, or difference it instead.`,
      );
    }
  }
  const blocks = blockStatistics(values, period);
  if (blocks.means.length < 2 || blocks.sds.every((sd) => sd === 0)) return 1; // undefined at every lambda
  return minimizeBrent((lambda) => blockCriterion(blocks, lambda), lower, upper).x;
}

/**
 * Guerrero's criterion at `lambda`: the coefficient of variation of σ_j / μ_j^(1 − λ) over the
 * blocks (R's `forecast:::guer.cv`); NaN where it is undefined (a single block, or every ratio 0).
 * @example guerreroCriterion(airPassengers, -0.5, 12); // 0.12359 (R: 0.123590073497685)
 * @throws OptionError when `period` is not a positive integer.
 */
export function guerreroCriterion(values: ArrayLike<number>, lambda: number, period = 1): number {
  guerreroOptions({ period });
  return blockCriterion(blockStatistics(values, period), lambda);
}

/** Each block's mean and sample standard deviation (step 1). */
interface Blocks {
  means: Float64Array;
  sds: Float64Array;
}

function blockStatistics(values: ArrayLike<number>, period: number): Blocks {
  const p = Math.max(2, period);
  const count = Math.floor(values.length / p);
  const start = values.length - count * p;
  const means = new Float64Array(count);
  const sds = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const from = start + j * p;
    const mean = meanOf(p, (i) => values[from + i]);
    means[j] = mean;
    sds[j] = Math.sqrt(compensatedSum(p, (i) => (values[from + i] - mean) ** 2) / (p - 1)); // two passes: no cancellation
  }
  return { means, sds };
}

function blockCriterion({ means, sds }: Blocks, lambda: number): number {
  const k = means.length;
  if (k < 2) return NaN;
  const ratios = new Float64Array(k);
  for (let j = 0; j < k; j++) ratios[j] = sds[j] / Math.pow(means[j], 1 - lambda);
  const mean = meanOf(k, (j) => ratios[j]);
  const sd = Math.sqrt(compensatedSum(k, (j) => (ratios[j] - mean) ** 2) / (k - 1));
  return sd / mean;
}

/** Block sums of large values keep their low bits: compensated. */
function meanOf(n: number, term: (i: number) => number): number {
  return compensatedSum(n, term) / n;
}

/**
 * The options with R's defaults filled in, checked.
 * @example guerreroOptions({ period: 12 }); // { period: 12, lower: -1, upper: 2 }
 * @throws OptionError when `period` is not a positive integer or the bounds are not finite with lower < upper.
 */
export function guerreroOptions(options: GuerreroOptions): Required<GuerreroOptions> {
  const { period = 1, lower = -1, upper = 2 } = options;
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(
      `Box-Cox period must be a positive integer, got ${period}: use the season length, e.g. 12 for monthly data, or 1.`,
    );
  }
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(lower < upper)) {
    throw new OptionError(`Box-Cox lambda bounds must be finite with lower < upper, got [${lower}, ${upper}]: R's default is [-1, 2].`);
  }
  return { period, lower, upper };
}
