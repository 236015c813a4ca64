/**
 * Where a fitted forecaster's prediction intervals come from, and the bands of a forecast
 * (`seqcast forecast`, `train`'s chart, the playground):
 *
 *   ETS                     its analytical intervals (as R's `forecast.ets`), any horizon, when its
 *                           fitted form has them; else its conformal calibration
 *   ARIMA                   its analytical intervals (as R's `forecast.Arima`), any horizon
 *   a quantile network      its own quantiles for the levels it has both quantiles of ((1 − L/100)/2
 *                           and (1 + L/100)/2), at most its horizon; other levels conformal
 *   everything else         a conformal calibration (conformal.ts; `seqcast train` saves it with the
 *                           model), at most the calibrated horizon
 *
 * A forecast longer than the intervals reach gets intervals for the steps they reach and none
 * (NaN) for the rest, with a note saying so. Browser-safe: no Node modules.
 */
import { OptionError } from '../errors.js';
import { calibratedHalfWidth, calibrationMethod, conformalForecasterFromFitted, type ConformalForecaster } from './conformal.js';
import type { Forecaster, IntervalForecast, PredictionInterval } from './forecaster.js';
import { symmetricIntervals } from './intervals.js';
import type { NetworkForecaster } from './network.js';
import { quantileIntervals, quantileLevels, quantileNetworkLevels } from './quantile-intervals.js';
import type { SavedConformal } from './run-metadata.js';
import type { EtsForecaster } from './stats/ets.js';
import type { ArimaForecaster } from './stats/arima.js';

/** One level's bounds around a forecast (what seriesChart's `bands` take): a prediction interval. */
export type Band = PredictionInterval;

/** Where a saved run's intervals come from (see the file comment). */
export interface IntervalSource {
  /** In words, for the output: 'conformal (30 origins, up to 18 steps)', 'ETS analytical (as R's forecast.ets)', ... */
  method: string;
  /** The most steps the intervals reach (Infinity for ETS's). */
  horizon: number;
  /** The intervals of the first `horizon` values after `history` at `levels` (each level once, in order). */
  intervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
}

/**
 * The interval source of a loaded run: `points` forecasts, `conformal` is its saved calibration
 * (null when trained without one), `history` the series it forecasts (whether ETS's fitted form
 * has analytical intervals is asked of it). Null when the run has no intervals at all.
 * @example const source = intervalSource(network, savedConformal(network, meta.conformal), series);
 * @throws what ETS's forecasts throw for a history too short.
 */
export function intervalSource(points: Forecaster, conformal: ConformalForecaster | null, history: Float32Array): IntervalSource | null {
  const ets = etsWithAnalytical(points, history);
  if (ets)
    return { method: "ETS analytical (as R's forecast.ets)", horizon: Infinity, intervals: (h, n, l) => ets.forecastIntervals(h, n, l) };
  const arima = points as Partial<ArimaForecaster>;
  if (
    typeof arima.toJSON === 'function' &&
    typeof arima.forecastIntervals === 'function' &&
    (arima.toJSON() as { kind?: string }).kind === 'arima'
  )
    return {
      method: "ARIMA analytical (as R's forecast.Arima)",
      horizon: Infinity,
      intervals: (h, n, l) => arima.forecastIntervals!(h, n, l),
    };
  const conformalSource: IntervalSource | null = conformal && {
    method: `${calibrationMethod(conformal.calibration!).replace(/\)$/, '')}, up to ${conformal.options.horizon} steps)`,
    horizon: conformal.options.horizon,
    intervals: (h, n, l) => conformal.forecastIntervals(h, n, l),
  };
  const network = points as Partial<NetworkForecaster>;
  if (network.spec?.quantiles && typeof network.forecastQuantiles === 'function') {
    const net = points as NetworkForecaster;
    const steps = net.spec.horizon;
    return {
      method: `quantiles of the network (${net.spec.quantiles!.join(', ')})${conformalSource ? `, ${conformalSource.method} for other levels` : ''}`,
      horizon: conformalSource ? Math.min(steps, conformalSource.horizon) : steps,
      intervals(history, horizon, levels) {
        const own = quantileLevels(net, levels);
        const { forecast, missing } = quantileIntervals(net, history, horizon, own.length > 0 ? own : levels);
        if (own.length === levels.length) return forecast;
        if (!conformalSource)
          throw new OptionError(
            `${net.name} has quantiles ${net.spec.quantiles!.join(', ')}, not the ${(own.length > 0 ? levels.filter((l) => !own.includes(l)) : missing).join(', ')} % interval's ((1 − L/100)/2 and (1 + L/100)/2), and no conformal calibration: ask for --level ${quantileNetworkLevels(net.spec.quantiles!).join(',') || 'none'}, or train it again with --level.`,
          );
        const other = conformalSource.intervals(history, horizon, levels);
        return {
          mean: forecast.mean,
          intervals: levels.map(
            (l) => forecast.intervals.find((i) => i.level === l && own.includes(l)) ?? other.intervals.find((i) => i.level === l)!,
          ),
          ...(other.notes ? { notes: other.notes } : {}),
        };
      },
    };
  }
  return conformalSource;
}

/**
 * A conformal forecaster around `points` from a saved calibration.
 * @example const conformal = savedConformal(network, meta.conformal);
 * @throws Error when the calibration does not fit its options (see conformalForecasterFromFitted).
 */
export function savedConformal(points: Forecaster, saved: SavedConformal): ConformalForecaster {
  return conformalForecasterFromFitted(points, saved.options, saved.calibration);
}

/** The forecast's bands: per level, lower and upper bounds of each step (NaN past the intervals' reach). */
export interface ForecastBands {
  method: string;
  levels: number[];
  lower: Float32Array[];
  upper: Float32Array[];
  notes: string[];
}

/**
 * The bands of an `h`-step forecast after `history`: the source's intervals for the steps it
 * reaches, NaN after them (with a note).
 * @example const bands = forecastBands(source, series, 24, [80, 95]);
 * @throws what the source's intervals throw (a bad level, a history too short).
 */
export function forecastBands(source: IntervalSource, history: Float32Array, h: number, levels: readonly number[]): ForecastBands {
  const reach = Math.min(h, source.horizon);
  const { intervals, notes = [] } = source.intervals(history, reach, levels);
  const widen = (a: Float32Array): Float32Array => {
    const out = new Float32Array(h).fill(NaN);
    out.set(a);
    return out;
  };
  const extra =
    reach < h
      ? [
          `intervals reach ${reach} step(s), the horizon they were calibrated for; steps ${reach + 1}..${h} have none: train with --horizon ${h} for intervals that far.`,
        ]
      : [];
  return {
    method: source.method,
    levels: [...levels],
    lower: intervals.map((i) => widen(i.lower)),
    upper: intervals.map((i) => widen(i.upper)),
    notes: [...notes, ...extra],
  };
}

/** ETS with analytical intervals for its fitted form (not every form has them), else null. */
function etsWithAnalytical(f: Forecaster, history: Float32Array): EtsForecaster | null {
  const ets = f as Partial<EtsForecaster>;
  if (typeof ets.toJSON !== 'function' || typeof ets.forecastDistribution !== 'function') return null;
  if ((ets.toJSON() as { kind?: string }).kind !== 'ets') return null;
  return ets.forecastDistribution(history, 1).variance ? (f as EtsForecaster) : null;
}

/**
 * The bands of one-step forecasts (a validation period's, each from the values before it) from a
 * conformal calibration's first step: each forecast ∓ the rank of the one-step errors for the level
 * (conformal.ts), the same width for every point.
 * @example const bands = oneStepBands(conformal, validationForecast, [80, 95]); // for seriesChart
 * @throws Error before the conformal forecaster is fitted.
 */
export function oneStepBands(conformal: ConformalForecaster, forecast: ArrayLike<number>, levels: readonly number[]): Band[] {
  const calibration = conformal.calibration;
  if (!calibration) throw new Error(`${conformal.name}: oneStepBands needs a calibrated conformal forecaster: call fit(train) first.`);
  return symmetricIntervals(forecast, levels, (level) => calibratedHalfWidth(calibration, 0, level)).intervals;
}
