/**
 * Point-forecast errors: mean absolute error and mean squared error, as Keras
 * `metrics.mean_absolute_error` / `mean_squared_error` on flat arrays, summed in float64.
 */

/**
 * Mean absolute error: mean of |actual[i] - predicted[i]|.
 * A NaN in either input gives NaN (so a diverging model shows up in the logs, not as a throw).
 *
 * @example mae([1, 2, 3], [1, 2, 5]); // 0.6666666666666666
 * @throws when the inputs are empty or differ in length.
 */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'mae');
  return meanOf(actual.length, (i) => Math.abs(actual[i] - predicted[i]));
}

/**
 * Mean squared error: mean of (actual[i] - predicted[i])².
 * A NaN in either input gives NaN.
 *
 * @example mse([1, 2, 3], [1, 2, 5]); // 1.3333333333333333
 * @throws when the inputs are empty or differ in length.
 */
export function mse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'mse');
  return meanOf(actual.length, (i) => {
    const d = actual[i] - predicted[i];
    return d * d;
  });
}

/**
 * Mean of term(0 .. n-1) with a Neumaier-compensated sum: errors of very different sizes (one
 * spike among many small errors) would otherwise lose the small ones' low bits as the sum grows.
 */
function meanOf(n: number, term: (i: number) => number): number {
  let sum = 0;
  let compensation = 0; // the low-order bits lost so far
  for (let i = 0; i < n; i++) {
    const v = term(i);
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + compensation) / n;
}

function checkPair(actual: ArrayLike<number>, predicted: ArrayLike<number>, name: string): void {
  if (actual.length !== predicted.length) {
    throw new Error(
      `${name}(actual, predicted) needs inputs of the same length, got ${actual.length} actual and ${predicted.length} predicted values: align the forecast with the period it predicts.`,
    );
  }
  if (actual.length === 0) {
    throw new Error(`${name}(actual, predicted) got empty inputs: pass at least one value to compare.`);
  }
}
