/**
 * A quantile network's prediction intervals from its own quantiles (network.ts,
 * `forecastQuantiles`): the central interval at level L runs from the quantile (1 − L/100)/2 to
 * the quantile (1 + L/100)/2, so an 80 % interval needs the quantiles 0.1 and 0.9, a 95 % one
 * 0.025 and 0.975. A level whose two quantiles the network was not trained for has no interval
 * here: the caller says so or takes it from elsewhere (a conformal calibration). The point forecast
 * is the network's (its median). The quantiles never cross, so neither do the intervals.
 *
 * Browser-safe: no Node modules.
 */
import type { IntervalForecast, PredictionInterval } from './forecaster.js';
import { checkLevels } from './intervals.js';
import type { NetworkForecaster } from './network.js';

/** How close a trained quantile must be to the one a level needs (levels are given in percent, quantiles as fractions). */
const QUANTILE_TOLERANCE = 1e-9;

/**
 * The quantile levels (fractions) a central interval at `level` percent needs: (1 − L/100)/2 and (1 + L/100)/2.
 * @example intervalQuantiles(80); // [0.1, 0.9]
 * @throws never.
 */
export function intervalQuantiles(level: number): [number, number] {
  return [(1 - level / 100) / 2, (1 + level / 100) / 2];
}

/**
 * The levels among `levels` whose two quantiles the network's spec has (none for a point network).
 * @example quantileLevels(network, [80, 95]); // [80] for quantiles [0.1, 0.5, 0.9]
 * @throws never.
 */
export function quantileLevels(network: Pick<NetworkForecaster, 'spec'>, levels: readonly number[]): number[] {
  const trained = network.spec.quantiles ?? [];
  return levels.filter((level) => intervalQuantiles(level).every((q) => indexOfQuantile(trained, q) >= 0));
}

/**
 * The intervals of a quantile network at each of `levels` it has both quantiles for (see
 * {@link quantileLevels}), for `horizon` values after `history` (at most the network's horizon).
 * `missing` lists the levels it has no quantiles for, in order.
 * @example
 * const { forecast, missing } = quantileIntervals(network, series, 12, [80, 95]);
 * forecast.intervals[0].lower; // the 0.1 quantile of each step
 * @throws OptionError for a bad level list; what `forecastQuantiles` throws (a point network, a
 *   horizon past the network's, a history too short).
 */
export function quantileIntervals(
  network: NetworkForecaster,
  history: Float32Array,
  horizon: number,
  levels: readonly number[],
): { forecast: IntervalForecast; missing: number[] } {
  checkLevels(levels, network.name);
  const q = network.forecastQuantiles(history, horizon);
  const intervals: PredictionInterval[] = [];
  const missing: number[] = [];
  for (const level of levels) {
    const [lo, hi] = intervalQuantiles(level).map((p) => indexOfQuantile(q.levels, p));
    if (lo < 0 || hi < 0) missing.push(level);
    else intervals.push({ level, lower: Float32Array.from(q.values[lo]), upper: Float32Array.from(q.values[hi]) });
  }
  return { forecast: { mean: network.forecast(history, horizon), intervals }, missing };
}

/**
 * The levels (percent) whose two quantiles a quantile network's `quantiles` hold, ascending.
 * @example quantileNetworkLevels([0.1, 0.5, 0.9]); // [80]
 * @throws never.
 */
export function quantileNetworkLevels(quantiles: readonly number[]): number[] {
  const levels: number[] = [];
  for (const q of quantiles) if (q < 0.5 && indexOfQuantile(quantiles, 1 - q) >= 0) levels.push(Math.round((1 - 2 * q) * 1e6) / 1e4);
  return levels.sort((a, b) => a - b);
}

function indexOfQuantile(levels: readonly number[], q: number): number {
  return levels.findIndex((p) => Math.abs(p - q) <= QUANTILE_TOLERANCE);
}
