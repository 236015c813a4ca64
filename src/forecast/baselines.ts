/**
 * Statistical baselines of the course (week 1, "Statistical forecasting"): naive, moving average,
 * and moving average on the seasonally differenced series plus the (optionally smoothed) past.
 *
 * Each forecast for the validation period `series[splitTime:]` is aligned with it: element k
 * forecasts `series[splitTime + k]` using only values before it. Results are float32, like the
 * course's numpy arrays; sums run in float64.
 *
 * Course numbers on `syntheticSeries()` split at 1000 (MAE over points 1000..1460), reproduced here:
 * naive 5.9379, moving average 30: 7.1424, differencing 365 + moving average 50 + past: 5.8393.
 */

/** Options of {@link diffMovingAverageForecast}. */
export interface DiffOptions {
  /** Season length removed by differencing (`series[t] - series[t - period]`); default 365. */
  period?: number;
  /** Moving-average window over the differenced series; default 50. */
  window?: number;
}

/** Options of {@link diffMovingAverageSmoothedForecast}. */
export interface SmoothedDiffOptions extends DiffOptions {
  /**
   * Width of the moving average that smooths the added-back past value; default 11, centred on
   * `t - period` (the current course lab). 10 reproduces the older notebook (`t - period - 5 ..
   * t - period + 4`).
   */
  smoothing?: number;
}

/**
 * Naive forecast: each value is forecast by the one before it (`series[splitTime - 1 : -1]`).
 *
 * @example naiveForecast([1, 2, 3, 4], 2); // Float32Array [2, 3]
 * @throws when `splitTime` is not an integer in [1, series.length - 1], or the series holds
 *   NaN or ±Infinity.
 */
export function naiveForecast(series: ArrayLike<number>, splitTime: number): Float32Array {
  checkSeries(series, 'naiveForecast');
  checkSplit(series.length, splitTime, 1, 'naiveForecast', 'one earlier value');
  return Float32Array.from({ length: series.length - splitTime }, (_, k) => series[splitTime - 1 + k]);
}

/**
 * The course's `moving_average_forecast(series, window)`: element i is the mean of
 * `series[i .. i + window - 1]`, the forecast of `series[i + window]`; length
 * `series.length - window`. Slice it from `splitTime - window` to align it with the validation period.
 *
 * @example movingAverageForecast([1, 2, 3, 4, 5], 2); // Float32Array [1.5, 2.5, 3.5]
 * @throws when `window` is not an integer in [1, series.length - 1], or the series holds NaN or ±Infinity.
 */
export function movingAverageForecast(series: ArrayLike<number>, window: number): Float32Array {
  checkSeries(series, 'movingAverageForecast');
  if (!Number.isInteger(window) || window < 1 || window >= series.length) {
    throw new Error(
      `movingAverageForecast window must be an integer in [1, ${series.length - 1}] for a series of ${series.length} values, got ${window}: use a shorter window or a longer series.`,
    );
  }
  const out = new Float32Array(series.length - window);
  // Running float64 sum: adding and removing float32-sized values is exact or nearly so in
  // float64, so the running sum does not drift the way a float32 one would.
  let sum = 0;
  for (let i = 0; i < window; i++) sum += series[i];
  for (let i = 0; i < out.length; i++) {
    out[i] = sum / window;
    sum += series[i + window] - series[i];
  }
  return out;
}

/**
 * The course's differencing baseline: remove the season with `diff[t] = series[t] - series[t - period]`,
 * forecast `diff` with a moving average over the last `window` values, then add back the value
 * one period earlier: `series[split - period : -period] + movingAverage(diff, window)[split - period - window :]`.
 *
 * @example
 * const { series } = syntheticSeries();
 * mae(series.subarray(1000), diffMovingAverageForecast(series, 1000)); // 5.8393, as the course
 * @throws when `period` or `window` is not a positive integer, `splitTime` leaves fewer than
 *   `period + window` values before it or none after it, or the series holds NaN or ±Infinity.
 */
export function diffMovingAverageForecast(series: ArrayLike<number>, splitTime: number, options: DiffOptions = {}): Float32Array {
  const { period, diffAverage } = diffParts(series, splitTime, options, 'diffMovingAverageForecast');
  return Float32Array.from(diffAverage, (d, k) => series[splitTime - period + k] + d);
}

/**
 * {@link diffMovingAverageForecast} with the added-back past smoothed: the value one period
 * earlier is replaced by the mean of `smoothing` values around it,
 * `series[t - period - floor(smoothing / 2) .. t - period - floor(smoothing / 2) + smoothing - 1]`.
 * With the default `smoothing: 11` this is the current course lab,
 * `moving_average_forecast(series[split - 370:-359], 11) + diff_moving_avg` (centred window 11);
 * `smoothing: 10` is the older notebook, `moving_average_forecast(series[split - 370:-360], 10)`.
 * On `syntheticSeries()` split at 1000 they give MAE 4.5669 and 4.5694 (numpy agrees); the
 * 4.6053 quoted for the course is reproduced by neither.
 *
 * @example
 * const { series } = syntheticSeries();
 * mae(series.subarray(1000), diffMovingAverageSmoothedForecast(series, 1000)); // 4.5669
 * @throws when `period`, `window` or `smoothing` is not a positive integer, `smoothing` exceeds
 *   `period + 1`, `splitTime` leaves too few values before it (period + window, and
 *   period + floor(smoothing / 2)) or none after it, or the series holds NaN or ±Infinity.
 */
export function diffMovingAverageSmoothedForecast(
  series: ArrayLike<number>,
  splitTime: number,
  options: SmoothedDiffOptions = {},
): Float32Array {
  const name = 'diffMovingAverageSmoothedForecast';
  const { smoothing = 11 } = options;
  const { period, diffAverage } = diffParts(series, splitTime, options, name);
  const half = Math.floor(smoothing / 2);
  if (!Number.isInteger(smoothing) || smoothing < 1 || smoothing - half > period) {
    throw new Error(
      `${name} smoothing must be an integer in [1, ${period + 1}] (it averages past values around t - period), got ${smoothing}: use e.g. 11.`,
    );
  }
  if (splitTime - period - half < 0) {
    throw new Error(
      `${name} needs ${period + half} values before splitTime to smooth the past, got splitTime ${splitTime}: use a later split or a smaller smoothing.`,
    );
  }
  const start = splitTime - period - half;
  const end = series.length - period - half + smoothing;
  const pastValues = Float64Array.from({ length: end - start }, (_, i) => series[start + i]);
  const past = movingAverageForecast(pastValues, smoothing); // past[k] smooths around splitTime + k - period
  return Float32Array.from(diffAverage, (d, k) => past[k] + d);
}

/** Validated period/window and the moving average of the differenced series, aligned with the split. */
function diffParts(
  series: ArrayLike<number>,
  splitTime: number,
  options: DiffOptions,
  name: string,
): { period: number; diffAverage: Float32Array } {
  const { period = 365, window = 50 } = options;
  checkSeries(series, name);
  if (!Number.isInteger(period) || period < 1) {
    throw new Error(`${name} period must be a positive integer, got ${period}: use the season length, e.g. 365.`);
  }
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`${name} window must be a positive integer, got ${window}: use e.g. 50.`);
  }
  checkSplit(series.length, splitTime, period + window, name, `period + window = ${period + window} earlier values`);
  // diff[i] = series[i + period] - series[i], in float32 like numpy on the course's float32 series
  const diff = new Float32Array(series.length - period);
  for (let i = 0; i < diff.length; i++) diff[i] = series[i + period] - series[i];
  const diffAverage = movingAverageForecast(diff, window).subarray(splitTime - period - window);
  return { period, diffAverage };
}

function checkSplit(n: number, splitTime: number, before: number, name: string, need: string): void {
  if (!Number.isInteger(splitTime) || splitTime < before || splitTime >= n) {
    throw new Error(
      `${name} splitTime must be an integer in [${before}, ${n - 1}] for a series of ${n} values (it needs ${need} and at least one value to forecast), got ${splitTime}: move the split or use a longer series.`,
    );
  }
}

function checkSeries(series: ArrayLike<number>, name: string): void {
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series[i])) {
      throw new Error(`${name}: series[${i}] is ${series[i]}; fill or drop missing values (e.g. interpolate) before forecasting.`);
    }
  }
}
