/**
 * Compensated sums for the statistical forecasters' means and regressions. Browser-safe.
 */
import { InputError } from '../../errors.js';
import { compensatedSum } from '../../metrics/sums.js';

export { compensatedSum };

/**
 * The mean of `values[from..to)`, compensated as {@link compensatedSum}.
 * @example mean([1, 2, 3, 10], 0, 3) // 2
 * @throws InputError when the range is empty.
 */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  if (!(to > from)) throw new InputError(`mean needs a non-empty range, got [${from}, ${to}): pass at least one value.`);
  return compensatedSum(to - from, (i) => values[from + i]) / (to - from);
}
