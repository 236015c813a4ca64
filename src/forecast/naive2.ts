/**
 * M4's Naive2 benchmark: the naive forecast of the seasonally adjusted series, seasonalized again.
 * `fit` runs M4's seasonal adjustment on the training part (stats/m4-seasonality.ts: the 90 %
 * autocorrelation test at lag m, a classical multiplicative decomposition); each forecast is then
 * the last value divided by its seasonal factor, times the factor of the forecast's position:
 *
 *   ŷ[n + j] = y[n − 1] / s[(n − 1) mod m] · s[(n + j) mod m],   j = 0, 1, ...
 *
 * with s = 1 when the training part is not seasonal (Naive2 is then the naive forecast: M4's
 * Weekly data, period 1). The factors are indexed by position from the first training value, so a
 * history must start where the training part started (backtests pass the series from its start).
 * Browser-safe.
 */
import { OptionError, SeqcastError } from '../errors.js';
import { checkRecursive, checkSliding, checkTrain, type Forecaster } from './forecaster.js';
import { m4SeasonalFigure } from './stats/m4-seasonality.js';

/** A Naive2 forecaster: the Forecaster contract, plus the seasonal figure `fit` found. */
export interface Naive2Forecaster extends Forecaster {
  /** (period) The seasonal factors by position from the first value; null when not seasonal or before `fit`. */
  readonly seasonalFigure: Float64Array | null;
}

/**
 * M4's Naive2 forecaster for season length `period` (see the file's comment).
 * @example
 * const f = naive2Forecaster(24);
 * await f.fit(train);
 * f.forecast(train, 48); // the last day's deseasonalized value, seasonalized hour by hour
 * @throws OptionError when `period` is not a positive integer. `fit` throws on an empty training
 *   part or one holding NaN or ±Infinity; `predictSliding`/`forecast` throw before `fit` and as
 *   every forecaster (checkSliding, checkRecursive).
 */
export function naive2Forecaster(period = 1): Naive2Forecaster {
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(
      `naive2Forecaster period must be a positive integer, got ${period}: use the season length, e.g. 24 for hourly data, or 1.`,
    );
  }
  const name = period > 1 ? `naive2 (${period})` : 'naive2';
  const minHistory = 1;
  let fitted = false;
  let figure: Float64Array | null = null;
  const factor = (t: number): number => (figure ? figure[t % period] : 1);
  const check = (what: string): void => {
    if (!fitted) throw new SeqcastError(`${name}: ${what} needs a fitted forecaster: call fit(train) first.`);
  };
  return {
    name,
    minHistory,
    get seasonalFigure() {
      return figure;
    },
    async fit(train) {
      checkTrain(name, minHistory, train);
      figure = m4SeasonalFigure(train, period);
      fitted = true;
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      check('predictSliding');
      return Float32Array.from({ length: series.length - from }, (_, k) => {
        const t = from + k; // the forecast of series[t] from series[t − 1]
        return (series[t - 1] / factor(t - 1)) * factor(t);
      });
    },
    forecast(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      check('forecast');
      const n = history.length;
      const level = history[n - 1] / factor(n - 1); // the last value, seasonally adjusted
      return Float32Array.from({ length: horizon }, (_, j) => level * factor(n + j));
    },
    describe() {
      return figure ? `naive2, seasonally adjusted (period ${period})` : 'naive2, not seasonal';
    },
  };
}
