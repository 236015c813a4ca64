/**
 * Scores of prediction intervals, as docs/accuracy.md defines them (M4's): the coverage of a
 * level (the share of actual values inside their interval), the mean width, and the mean scaled
 * interval score MSIS (Gneiting & Raftery 2007; M4 at 95 %):
 *
 *   MSIS = (1/h) Σ_t [(u_t − l_t) + (2/α)(l_t − y_t)·1{y_t < l_t} + (2/α)(y_t − u_t)·1{y_t > u_t}] / scale
 *
 * with α = 1 − level/100 and scale the in-sample seasonal naive MAE of the training part (MASE's).
 * A narrow interval is rewarded, a miss penalized by 2/α times its distance (40 times at 95 %).
 * Sums in float64, Neumaier-compensated (a few large misses among many small widths).
 */
import { seasonalNaiveScale } from './errors.js';
import { compensatedSum } from './sums.js';

/**
 * The share of actual values inside [lower, upper] (bounds included), in percent.
 * @example coverage([1, 5, 9], [0, 0, 0], [2, 4, 10]); // 66.66666666666667
 * @throws when the inputs are empty or differ in length, or a lower bound is above its upper one.
 */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  checkIntervals(actual, lower, upper, 'coverage');
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (lower[i] <= actual[i] && actual[i] <= upper[i]) inside++;
  return (100 * inside) / actual.length;
}

/**
 * The mean width upper − lower, in the units of the series.
 * @example meanWidth([0, 1], [2, 5]); // 3
 * @throws when the inputs are empty or differ in length, or a lower bound is above its upper one.
 */
export function meanWidth(lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  checkIntervals(lower, lower, upper, 'meanWidth');
  return compensatedSum(lower.length, (i) => upper[i] - lower[i]) / lower.length;
}

/** Options of {@link msis}. */
export interface MsisOptions {
  /** Season length of the naive forecast that scales the score (1: plain naive); default 1. */
  period?: number;
  /** The intervals' level in percent; default 95 (M4's). */
  level?: number;
}

/**
 * The mean scaled interval score (see the file comment): lower is better.
 * @example msis([5, 12], [4, 4], [6, 10], [1, 2, 4], { level: 95 }); // 29.333333333333332: (2 + (6 + 40·2)) / 2 / 1.5
 * @throws when the inputs are empty or differ in length, a lower bound is above its upper one,
 *   the level is not in (0, 100), or the training part cannot give a scale (see seasonalNaiveScale).
 */
export function msis(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  train: ArrayLike<number>,
  { period = 1, level = 95 }: MsisOptions = {},
): number {
  checkIntervals(actual, lower, upper, 'msis');
  if (typeof level !== 'number' || !(level > 0 && level < 100))
    throw new Error(`msis level must be a percentage strictly between 0 and 100, got ${level}: use 95 (M4's).`);
  const penalty = 200 / (100 - level); // 2/α, α = 1 − level/100, written so that 95 % gives 40 exactly
  const score = compensatedSum(actual.length, (i) => {
    const y = actual[i];
    const l = lower[i];
    const u = upper[i];
    return u - l + (y < l ? penalty * (l - y) : 0) + (y > u ? penalty * (y - u) : 0);
  });
  return score / actual.length / seasonalNaiveScale(train, period, 'msis');
}

function checkIntervals(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, name: string): void {
  if (actual.length !== lower.length || lower.length !== upper.length)
    throw new Error(
      `${name} needs actual values and bounds of the same length, got ${actual.length}, ${lower.length} lower and ${upper.length} upper: align the intervals with the period they cover.`,
    );
  if (actual.length === 0) throw new Error(`${name} got empty inputs: pass at least one interval.`);
  for (let i = 0; i < lower.length; i++)
    if (!(lower[i] <= upper[i])) throw new Error(`${name}: interval ${i} has lower ${lower[i]} above upper ${upper[i]} (or a NaN bound).`);
}
