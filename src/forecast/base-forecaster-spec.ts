/**
 * The forecasters that are one model each, described as plain JSON (the baselines, the networks,
 * ETS, STL + ETS, STL + ARIMA, Theta): what `auto` chooses among (src/forecast/auto.ts), and, with `auto` itself,
 * what forecaster-spec.ts's `makeForecaster` builds.
 */
import { driftForecaster, movingAverageForecaster, naiveForecaster, seasonalNaiveForecaster, type Forecaster } from './forecaster.js';
import { networkForecaster } from './network.js';
import { thetaForecaster } from './stats/theta.js';
import { etsForecaster, type EtsOptions } from './stats/ets.js';
import { arimaForecaster, type ArimaOptions } from './stats/arima.js';
import { stlArimaForecaster } from './stats/stl-arima.js';
import { stlfForecaster } from './stats/stlf.js';
import { meanForecaster } from './mean-forecaster.js';
import { naive2Forecaster } from './naive2.js';
import { m4RnnForecaster, type M4RnnOptions } from './m4-rnn.js';
import { boxCoxForecaster, checkLambdaRange } from './box-cox-forecaster.js';
import { OptionError } from '../errors.js';
import type { NetworkSpecInput } from '../model/model-spec.js';

/** One single-model forecaster as JSON. */
export type BaseForecasterSpec =
  | { kind: 'naive' }
  | { kind: 'seasonal-naive'; period: number }
  | { kind: 'moving-average'; window: number }
  | { kind: 'drift' }
  | { kind: 'network'; spec: NetworkSpecInput }
  /** The Theta method as R's forecast::thetaf; `period` is the season length (default 1: none). */
  | { kind: 'theta'; period?: number }
  | ({ kind: 'ets' } & EtsOptions)
  /** ARIMA as R's forecast::Arima (given `order`/`seasonal`) or auto.arima (neither); `period` default 1. */
  | ({ kind: 'arima' } & ArimaOptions)
  /** STL + ETS as R's forecast::stlf (stlf.ts): `periods` the seasonal periods, e.g. [24, 168]. */
  | { kind: 'stlf'; periods: number[] }
  /** STL + ARIMA as R's forecast::stlf(method = "arima") (stl-arima.ts): `periods` as stlf's. */
  | { kind: 'stl-arima'; periods: number[] }
  /** M4's Naive2: the naive forecast of the seasonally adjusted series (naive2.ts); `period` default 1. */
  | { kind: 'naive2'; period?: number }
  /** M4's RNN benchmark as a recipe (m4-rnn.ts): `period` (default 1), `seed` (default 0), `epochs` (default 100). */
  | ({ kind: 'm4-rnn' } & M4RnnOptions)
  /** The mean of its members' forecasts (an ensemble, e.g. one network from several seeds). */
  | { kind: 'mean'; of: BaseForecasterSpec[] }
  /**
   * `of` on Box-Cox transformed values, as R's `lambda` argument (box-cox-forecaster.ts): λ in
   * [-1, 2] (0: the log), or 'auto' for Guerrero's estimate with `of`'s period as block length.
   */
  | { kind: 'box-cox'; lambda: number | 'auto'; of: BaseForecasterSpec };

/**
 * A fresh, unfitted single-model forecaster from its JSON description.
 * @example makeBaseForecaster({ kind: 'seasonal-naive', period: 12 }).name // 'seasonal naive (12)'
 * @throws on an unknown kind, or when the forecaster's own checks reject a field.
 */
export function makeBaseForecaster(spec: BaseForecasterSpec): Forecaster {
  switch (spec.kind) {
    case 'naive':
      return naiveForecaster();
    case 'seasonal-naive':
      return seasonalNaiveForecaster(spec.period);
    case 'moving-average':
      return movingAverageForecaster(spec.window);
    case 'drift':
      return driftForecaster();
    case 'network':
      return networkForecaster(spec.spec);
    case 'theta':
      return thetaForecaster({ period: spec.period });
    case 'ets':
      return etsForecaster(spec);
    case 'arima':
      return arimaForecaster(spec);
    case 'stlf':
      return stlfForecaster({ periods: spec.periods });
    case 'stl-arima':
      return stlArimaForecaster({ periods: spec.periods });
    case 'naive2':
      return naive2Forecaster(spec.period);
    case 'm4-rnn': {
      const { kind: _kind, ...options } = spec;
      return m4RnnForecaster(options);
    }
    case 'mean':
      if (!Array.isArray(spec.of) || spec.of.length === 0)
        throw new OptionError(
          `A mean forecaster needs a non-empty list 'of' member specs, e.g. { kind: 'mean', of: [{ kind: 'naive' }] }.`,
        );
      return meanForecaster(spec.of.map(makeBaseForecaster));
    case 'box-cox': {
      const { lambda, of } = spec;
      if (typeof of !== 'object' || of === null || typeof of.kind !== 'string')
        throw new OptionError(
          `A box-cox forecaster needs the spec of the forecaster it wraps as 'of', e.g. { kind: 'box-cox', lambda: 0, of: { kind: 'ets', period: 12 } }.`,
        );
      if (lambda !== 'auto') checkLambdaRange(lambda, 'box-cox lambda', OptionError);
      return boxCoxForecaster(makeBaseForecaster(of), { lambda, period: specPeriod(of) });
    }
    default:
      throw new Error(
        `Unknown forecaster kind '${(spec as { kind: string }).kind}': use naive, seasonal-naive, moving-average, drift, network, ets, arima, stlf, stl-arima, theta, naive2, m4-rnn, mean, box-cox, auto or conformal.`,
      );
  }
}

/**
 * The season length a spec's forecaster reads, as R's frequency(x) (Guerrero's block length for a
 * box-cox 'auto'): its `period`, the largest of stlf's (or stl-arima's) `periods` (R's msts frequency), 1 for none.
 * @example specPeriod({ kind: 'stlf', periods: [24, 168] }); // 168
 * @throws never.
 */
export function specPeriod(spec: BaseForecasterSpec): number {
  if (spec.kind === 'stlf' || spec.kind === 'stl-arima') return Array.isArray(spec.periods) ? Math.max(1, ...spec.periods) : 1;
  if (spec.kind === 'box-cox') return specPeriod(spec.of);
  if (spec.kind === 'mean') return Array.isArray(spec.of) ? Math.max(1, ...spec.of.map(specPeriod)) : 1;
  const period = (spec as { period?: unknown }).period;
  return typeof period === 'number' && Number.isInteger(period) && period >= 1 ? period : 1;
}

/** The baselines every comparison shows: naive, seasonal naive (when a period is known), moving average, drift. */
export function baselineSpecs(period?: number, window = 30): BaseForecasterSpec[] {
  return [
    { kind: 'naive' },
    ...(period && period > 1 ? [{ kind: 'seasonal-naive' as const, period }] : []),
    { kind: 'moving-average', window },
    { kind: 'drift' },
  ];
}
