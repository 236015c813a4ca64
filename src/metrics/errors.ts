/**
 * Point-forecast errors on flat arrays, summed in float64 (Neumaier-compensated): mean absolute
 * error and mean squared error as Keras `metrics.mean_absolute_error` / `mean_squared_error`, and
 * the forecasting scores rmse, mape, smape (percent) and mase (scaled by a seasonal naive forecast).
 */
import { compensatedSum } from './sums.js';

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
 * Root mean squared error: √mse, in the units of the series.
 * A NaN in either input gives NaN.
 *
 * @example rmse([1, 2, 3], [1, 2, 5]); // 1.1547005383792515 (√(4/3))
 * @throws when the inputs are empty or differ in length.
 */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'rmse');
  return Math.sqrt(mse(actual, predicted));
}

/**
 * Mean absolute percentage error, in percent: 100 · mean of |actual[i] − predicted[i]| / |actual[i]|.
 * Undefined where an actual value is 0, so it throws there (use smape or mase for series with zeros).
 *
 * @example mape([100, 200], [110, 180]); // 10 (the mean of 10% and 10%)
 * @throws when the inputs are empty or differ in length, or an actual value is 0 (the message names
 *   its index).
 */
export function mape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'mape');
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === 0) {
      throw new Error(
        `mape(actual, predicted): actual[${i}] is 0, where a percentage error is not defined: use smape or mase for a series that holds zeros.`,
      );
    }
  }
  return 100 * meanOf(actual.length, (i) => Math.abs((actual[i] - predicted[i]) / actual[i]));
}

/**
 * Symmetric mean absolute percentage error, in percent between 0 and 200:
 * 100 · mean of 2·|actual[i] − predicted[i]| / (|actual[i]| + |predicted[i]|), where a term whose
 * actual and predicted values are both 0 counts 0 (a perfect forecast of 0).
 *
 * @example smape([100, 0], [110, 0]); // 4.761904761904762 (terms 2·10/210 = 9.52% and 0)
 * @throws when the inputs are empty or differ in length.
 */
export function smape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(actual, predicted, 'smape');
  return (
    100 *
    meanOf(actual.length, (i) => {
      const denominator = Math.abs(actual[i]) + Math.abs(predicted[i]);
      return denominator === 0 ? 0 : (2 * Math.abs(actual[i] - predicted[i])) / denominator;
    })
  );
}

/** Options of {@link mase}. */
export interface MaseOptions {
  /** Season length of the naive forecast that scales the error (1: plain naive); default 1. */
  period?: number;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): mae(actual, predicted) divided by the
 * in-sample MAE of the seasonal naive forecast on `train` (`train[t]` forecast by
 * `train[t − period]`). Below 1: better than that naive forecast was on the training data.
 *
 * @example mase([5, 7], [6, 6], [1, 2, 4]); // 0.6666666666666666 (mae 1 over the naive MAE 1.5)
 * @throws when the inputs are empty or differ in length, `period` is not a positive integer,
 *   `train` has fewer than period + 1 values, or the naive MAE on `train` is 0 (a constant or
 *   exactly periodic training series: use mae instead).
 */
export function mase(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  train: ArrayLike<number>,
  { period = 1 }: MaseOptions = {},
): number {
  checkPair(actual, predicted, 'mase');
  return mae(actual, predicted) / seasonalNaiveScale(train, period, 'mase');
}

/**
 * The scale of MASE and MSIS: the in-sample mean |train[t] − train[t − period]| of the seasonal
 * naive forecast on the training part.
 *
 * @example seasonalNaiveScale([1, 2, 4], 1); // 1.5
 * @throws when `period` is not a positive integer, `train` has fewer than period + 1 values, or
 *   the scale is 0 (a constant or exactly periodic training series); `who` names the caller.
 */
export function seasonalNaiveScale(train: ArrayLike<number>, period = 1, who = 'seasonalNaiveScale'): number {
  if (!Number.isInteger(period) || period < 1) {
    throw new Error(`${who} period must be a positive integer, got ${period}: use 1, or the season length (e.g. 12 for monthly data).`);
  }
  if (train.length < period + 1) {
    throw new Error(
      `${who} needs at least period + 1 = ${period + 1} training values to scale by a seasonal naive forecast, got ${train.length}: pass the training series, or a smaller period.`,
    );
  }
  const scale = meanOf(train.length - period, (i) => Math.abs(train[i + period] - train[i]));
  if (scale === 0) {
    throw new Error(
      `${who}: the naive forecast (period ${period}) is exact on the training series, so the scale is 0: use mae or rmse for a constant or exactly periodic series.`,
    );
  }
  return scale;
}

/**
 * Mean of term(0 .. n-1) with a Neumaier-compensated sum: errors of very different sizes (one
 * spike among many small errors) would otherwise lose the small ones' low bits as the sum grows.
 */
function meanOf(n: number, term: (i: number) => number): number {
  return compensatedSum(n, term) / n;
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
