/**
 * One contract for every forecaster, baselines and networks alike (as darts and neuralforecast):
 * `fit` on the training part, then one-step sliding forecasts over a period (`predictSliding`,
 * what the course scores) or recursive forecasts past the end (`forecast`). Backtests, the CLI and
 * the conformance test see nothing else.
 *
 * The four baselines here learn nothing in `fit` (it only checks the data): each forecast is a
 * function of the values before it, so they need no fitting and can forecast any series.
 */
import type { Callback } from '../model/callbacks.js';
import type { History } from '../model/fit.js';
import type { BaseForecasterSpec } from './base-forecaster-spec.js';
import { movingAverageForecast, naiveForecast } from './baselines.js';
import { OptionError } from '../errors.js';
import { MAX_HORIZON } from '../limits.js';

/** Options of {@link Forecaster.fit}. */
export interface FitCallOptions {
  /** Training callbacks (progress, early stopping); baselines ignore them. */
  callbacks?: Callback[];
  /** Aborts training between batches; `fit` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What a trained forecaster reports from `fit`. */
export interface FitReport {
  /** Loss and metrics per epoch, as Keras `History`. */
  history: History;
}

/** One prediction interval: per forecast step, the bounds that hold the value with `level` % probability. */
export interface PredictionInterval {
  /** The level in percent, in (0, 100), e.g. 80 or 95. */
  level: number;
  /** (h) the lower bound of each step. */
  lower: Float32Array;
  /** (h) the upper bound of each step. */
  upper: Float32Array;
}

/** A forecast with its prediction intervals: the point forecasts and one interval per level asked for, in that order. */
export interface IntervalForecast {
  /** (h) the point forecasts, what `forecast(history, h)` gives. */
  mean: Float32Array;
  intervals: PredictionInterval[];
  /** What the caller should know about the intervals (e.g. too few calibration values to guarantee a level); absent when nothing. */
  notes?: string[];
}

/**
 * A forecaster: learns from a training series, then forecasts one step ahead over a period or
 * several steps past its end.
 *
 * @example
 * const f: Forecaster = seasonalNaiveForecaster(12);
 * await f.fit(train);
 * const oneStep = f.predictSliding(series, train.length); // forecasts of series[train.length..]
 * const future = f.forecast(series, 12); // the 12 values after the series
 * @throws never (an interface; see each implementation).
 */
export interface Forecaster {
  /** A short label: 'naive', 'seasonal naive (12)', 'moving average (30)', 'drift', 'lstm' ... */
  readonly name: string;
  /** Learns from history only (the training part of the series). */
  fit(train: Float32Array, options?: FitCallOptions): Promise<FitReport | void>;
  /** One-step-ahead forecasts of series[from..end): element k forecasts series[from+k] from values before it only. */
  predictSliding(series: Float32Array, from: number): Float32Array;
  /** Recursive forecasts of the `horizon` values after `history` (each forecast fed back as input). */
  forecast(history: Float32Array, horizon: number): Float32Array;
  /** Fewest values of history that predictSliding/forecast need. */
  readonly minHistory: number;
  /** What the fitted forecaster is, where its name does not say (ETS's form, what auto chose); optional. */
  describe?(): string;
  /**
   * The `forecast(history, horizon)` values and their prediction intervals at `levels` (percent),
   * for forecasters that have their own (ETS's analytical ones, a conformal wrapper's); optional.
   * Callers go through `forecastWithIntervals` (intervals.ts), which checks the levels.
   */
  forecastIntervals?(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
  /**
   * Where the forecaster's own intervals come from, in words for the output (e.g. "ETS analytical
   * (as R's forecast.ets)"), when `forecastIntervals` gives them from its model at any horizon
   * (ETS's, ARIMA's analytical ones): callers then use them instead of calibrating conformal
   * ones. Absent or null when it has none (or none for the form it fitted); optional.
   */
  readonly analyticalIntervals?: string | null;
  /**
   * After `fit`, for a forecaster that chooses its form from the data (ETS's error, trend and
   * season; ARIMA's orders and constant): its spec with that form fixed, which fits only the
   * parameters again. `auto` chooses such a candidate's form once, on the whole training part,
   * and re-estimates it on its inner folds. Null before `fit`, or when the fit cannot be repeated
   * as a fixed form; optional.
   */
  fixedForm?(): BaseForecasterSpec | null;
}

/**
 * The naive forecast: each value is forecast by the one before it; past the end, the last value
 * repeats.
 *
 * @example naiveForecaster().predictSliding(Float32Array.of(1, 2, 3, 4), 2); // Float32Array [2, 3]
 * @throws (from predictSliding/forecast) as every baseline: see {@link driftForecaster}.
 */
export function naiveForecaster(): Forecaster {
  return baseline(
    'naive',
    1,
    (v, t) => v[t - 1],
    (series, from) => naiveForecast(series, from),
  );
}

/**
 * The seasonal naive forecast: each value is forecast by the one a season earlier,
 * `series[t − period]`; past the end, the last season repeats.
 *
 * @example seasonalNaiveForecaster(2).forecast(Float32Array.of(1, 5, 2, 6), 3); // Float32Array [2, 6, 2]
 * @throws when `period` is not a positive integer; otherwise as every baseline (see {@link driftForecaster}).
 */
export function seasonalNaiveForecaster(period: number): Forecaster {
  positiveInteger(period, 'seasonalNaiveForecaster period', 'the season length, e.g. 12 for monthly data');
  return baseline(`seasonal naive (${period})`, period, (v, t) => v[t - period]);
}

/**
 * The moving average forecast (the course's `moving_average_forecast`): each value is forecast by
 * the mean of the `window` values before it. Recursive forecasts feed each mean back in, so they
 * flatten out.
 *
 * @example movingAverageForecaster(2).predictSliding(Float32Array.of(1, 2, 3, 4), 2); // Float32Array [1.5, 2.5]
 * @throws when `window` is not a positive integer; otherwise as every baseline (see {@link driftForecaster}).
 */
export function movingAverageForecaster(window: number): Forecaster {
  positiveInteger(window, 'movingAverageForecaster window', 'the number of past values to average, e.g. 30');
  const mean = (v: ArrayLike<number>, t: number): number => {
    let sum = 0; // float64
    for (let i = t - window; i < t; i++) sum += v[i];
    return sum / window;
  };
  return baseline(`moving average (${window})`, window, mean, (series, from) =>
    movingAverageForecast(series.subarray(from - window), window),
  );
}

/**
 * The drift forecast (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 5.2): the
 * line through the first and the last value of the history, extended. One-step sliding forecasts
 * use the history up to each point: series[t] is forecast by
 * `series[t−1] + (series[t−1] − series[0]) / (t − 1)`.
 *
 * Every baseline's `predictSliding`/`forecast` throws when the series holds NaN or ±Infinity (the
 * message names the index), `from` is not an integer in [minHistory, series.length], the history
 * is shorter than `minHistory`, or `horizon` is not a positive integer; `fit` throws when the
 * training series is shorter than `minHistory` or holds NaN or ±Infinity.
 *
 * @example driftForecaster().forecast(Float32Array.of(1, 2, 4), 2); // Float32Array [5.5, 7] (slope 1.5)
 * @throws as described above.
 */
export function driftForecaster(): Forecaster {
  return baseline('drift', 2, (v, t) => v[t - 1] + (v[t - 1] - v[0]) / (t - 1));
}

/**
 * Checks `series` and `from` for `predictSliding` as every forecaster must.
 * @example checkSliding('naive', 1, series, 10);
 * @throws when `from` is not an integer in [minHistory, series.length], or the series holds NaN or
 *   ±Infinity before its end.
 */
export function checkSliding(name: string, minHistory: number, series: ArrayLike<number>, from: number): void {
  if (!Number.isInteger(from) || from < minHistory || from > series.length) {
    throw new Error(
      `${name}: predictSliding needs from in [${minHistory}, ${series.length}] (at least ${minHistory} earlier value${minHistory === 1 ? '' : 's'} before the first forecast), got ${from}: start the forecasts later or pass a longer series.`,
    );
  }
  checkFinite(name, series, 'series');
}

/**
 * Checks `history` and `horizon` for `forecast` as every forecaster must.
 * @example checkRecursive('drift', 2, history, 12);
 * @throws when the history is shorter than `minHistory` or holds NaN or ±Infinity; OptionError
 *   when `horizon` is not an integer from 1 to 100,000 (MAX_HORIZON).
 */
export function checkRecursive(name: string, minHistory: number, history: ArrayLike<number>, horizon: number): void {
  if (history.length < minHistory) {
    throw new Error(`${name}: forecast needs a history of at least ${minHistory} values, got ${history.length}: pass more of the series.`);
  }
  positiveInteger(horizon, `${name}: forecast horizon`, 'the number of future values, e.g. 30');
  if (horizon > MAX_HORIZON)
    throw new OptionError(
      `${name}: forecast horizon must be at most ${MAX_HORIZON.toLocaleString('en-US')} values, got ${horizon.toLocaleString('en-US')}: a recursive forecast runs the model once per value; forecast fewer values.`,
    );
  checkFinite(name, history, 'history');
}

/**
 * Checks a training series: long enough for `need` values, every value finite.
 * @example checkTrain('naive', 1, train);
 * @throws when `train` has fewer than `need` values or holds NaN or ±Infinity.
 */
export function checkTrain(name: string, need: number, train: ArrayLike<number>): void {
  if (train.length < need) {
    throw new Error(`${name}: fit needs at least ${need} training values, got ${train.length}: use a longer training period.`);
  }
  checkFinite(name, train, 'train');
}

/**
 * A baseline from its one-step rule `next(values, t)`, the forecast of values[t] from values[0..t).
 * `sliding`, when given, computes all of predictSliding at once (faster, same values).
 */
function baseline(
  name: string,
  minHistory: number,
  next: (values: ArrayLike<number>, t: number) => number,
  sliding?: (series: Float32Array, from: number) => Float32Array,
): Forecaster {
  return {
    name,
    minHistory,
    async fit(train) {
      checkTrain(name, minHistory, train);
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      if (from === series.length) return new Float32Array(0);
      if (sliding) return sliding(series, from);
      return Float32Array.from({ length: series.length - from }, (_, k) => next(series, from + k));
    },
    forecast(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      const n = history.length;
      const values = new Float64Array(n + horizon); // the history, then each forecast fed back
      values.set(history);
      for (let t = n; t < n + horizon; t++) values[t] = next(values, t);
      return Float32Array.from(values.subarray(n));
    },
  };
}

function positiveInteger(v: number, what: string, example: string): void {
  if (!Number.isInteger(v) || v < 1) throw new OptionError(`${what} must be a positive integer, got ${v}: use ${example}.`);
}

function checkFinite(name: string, values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`${name}: ${what}[${i}] is ${values[i]}; fill or drop missing values (e.g. interpolate) before forecasting.`);
    }
  }
}
