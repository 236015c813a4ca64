/**
 * Compensated sums for the statistical forecasters' means and regressions. Browser-safe.
 */
import { InputError } from '../../errors.js';

/**
 * The sum of `term(i)` for i in [0, n), Neumaier-compensated: a series' mean or a sum of squares
 * keeps its low-order bits when the terms differ widely in size (a level of 50,000 next to
 * residuals of 3), where a plain float64 sum would drop them as it grows.
 * @example compensatedSum(3, (i) => [1e16, 1, -1e16][i]) // 1 (a plain sum gives 0)
 * @throws never.
 */
export function compensatedSum(n: number, term: (i: number) => number): number {
  let sum = 0;
  let compensation = 0; // the low-order bits lost so far
  for (let i = 0; i < n; i++) {
    const v = term(i);
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * The mean of `values[from..to)`, compensated as {@link compensatedSum}.
 * @example mean([1, 2, 3, 10], 0, 3) // 2
 * @throws InputError when the range is empty.
 */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  if (!(to > from)) throw new InputError(`mean needs a non-empty range, got [${from}, ${to}): pass at least one value.`);
  return compensatedSum(to - from, (i) => values[from + i]) / (to - from);
}
