/**
 * Prediction intervals: the levels a caller may ask for, and the one library entry that gives a
 * forecast with its intervals, {@link forecastWithIntervals}. Forecasters that have intervals of
 * their own implement `forecastIntervals` (the Forecaster contract, forecaster.ts): ETS its
 * analytical ones (stats/ets.ts), the conformal wrapper (conformal.ts) those of any forecaster.
 *
 * Browser-safe: no Node modules.
 */
import { OptionError } from '../errors.js';
import type { Forecaster, IntervalForecast } from './forecaster.js';
import { normalQuantile } from '../metrics/normal-quantile.js';

/** The levels asked for when none are given, in percent (as R's `forecast`). */
export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** The most levels one call may ask for. */
export const MAX_LEVELS = 20;

/**
 * Checks interval levels: a non-empty list of at most {@link MAX_LEVELS} distinct numbers, each in
 * percent strictly between 0 and 100.
 *
 * @example checkLevels([80, 95], 'forecast'); // passes
 * @example checkLevels([0.95], 'forecast'); // passes: a 0.95 % interval (narrow, but a level)
 * @throws OptionError naming the level and the fix when one is out of range, not a number, repeated, or there are none or too many.
 */
export function checkLevels(levels: readonly number[], who: string): void {
  if (!Array.isArray(levels) || levels.length === 0)
    throw new OptionError(`${who}: interval levels must be a non-empty list of percentages, e.g. [80, 95].`);
  if (levels.length > MAX_LEVELS)
    throw new OptionError(`${who}: at most ${MAX_LEVELS} interval levels at once, got ${levels.length}: ask for fewer, e.g. [80, 95].`);
  levels.forEach((level, i) => {
    if (typeof level !== 'number' || !(level > 0 && level < 100))
      throw new OptionError(
        `${who}: an interval level is a percentage strictly between 0 and 100, got ${String(level)}: use e.g. 80 or 95 (not 0.95).`,
      );
    if (levels.indexOf(level) !== i) throw new OptionError(`${who}: the interval level ${level} is asked for twice: list each level once.`);
  });
}

/** Options of {@link forecastWithIntervals}. */
export interface IntervalOptions {
  /** The levels in percent, each in (0, 100); default [80, 95]. */
  level?: readonly number[];
}

/**
 * The forecasts of the `horizon` values after `history` with their prediction intervals, from a
 * fitted forecaster that has intervals of its own: ETS (analytical, as R's `forecast.ets`) or any
 * forecaster wrapped in a conformal one (`conformalForecaster`, or `{ kind: 'conformal', of, horizon }`).
 *
 * @example
 * const f = conformalForecaster(() => etsForecaster({ period: 12 }), { horizon: 18, period: 12 });
 * await f.fit(train);
 * const { mean, intervals } = forecastWithIntervals(f, train, 18, { level: [80, 95] });
 * intervals[1].lower; // the 95 % lower bound of each of the 18 steps
 * @throws OptionError for a bad level list (see checkLevels) or when the forecaster has no
 *   intervals (the message says how to get them); otherwise what the forecaster's forecasts throw.
 */
export function forecastWithIntervals(
  forecaster: Forecaster,
  history: Float32Array,
  horizon: number,
  { level = DEFAULT_LEVELS }: IntervalOptions = {},
): IntervalForecast {
  checkLevels(level, forecaster.name);
  if (typeof forecaster.forecastIntervals !== 'function')
    throw new OptionError(
      `${forecaster.name} has no prediction intervals of its own: wrap it in a conformal forecaster, e.g. { kind: 'conformal', of: <its spec>, horizon: ${horizon} }, which calibrates them on its training part.`,
    );
  return forecaster.forecastIntervals(history, horizon, level);
}

/**
 * Intervals mean ∓ halfWidth(level, step), rounded to float32 like every forecast.
 * @example symmetricIntervals(Float64Array.of(10, 12), [95], (l, k) => 2 * (k + 1)); // 95 %: lower [8, 8], upper [12, 16]
 * @throws never.
 */
export function symmetricIntervals(
  mean: ArrayLike<number>,
  levels: readonly number[],
  halfWidth: (level: number, step: number) => number,
): IntervalForecast {
  const h = mean.length;
  return {
    mean: Float32Array.from(mean),
    intervals: levels.map((level) => {
      const lower = new Float32Array(h);
      const upper = new Float32Array(h);
      for (let k = 0; k < h; k++) {
        const w = halfWidth(level, k);
        lower[k] = mean[k] - w;
        upper[k] = mean[k] + w;
      }
      return { level, lower, upper };
    }),
  };
}

/**
 * R's analytical intervals of a normal forecast distribution: mean ∓ Φ⁻¹((1 + L/100) / 2) · sd per
 * step, as forecast.ets, forecast.Arima and stlf give them.
 * @example normalIntervals(Float64Array.of(10), Float64Array.of(4), [95]); // 95 %: lower [6.08], upper [13.92]
 * @throws never.
 */
export function normalIntervals(mean: ArrayLike<number>, variance: ArrayLike<number>, levels: readonly number[]): IntervalForecast {
  const z = new Map(levels.map((level) => [level, normalQuantile(0.5 * (1 + level / 100))]));
  return symmetricIntervals(mean, levels, (level, k) => z.get(level)! * Math.sqrt(variance[k]));
}
