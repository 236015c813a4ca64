/**
 * The methods `npm run bench:accuracy` compares: seqcast's forecasters, each made afresh for
 * every fold from the series' period and the seed, and the R functions the peer runs
 * (bench/r/accuracy-peer.R).
 */
import type { Forecaster } from '../../src/forecast/forecaster.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { describeFitted } from '../../src/forecast/fit-and-score.js';
import { autoForecaster, type CandidateRunner } from '../../src/forecast/auto.js';
import { conformalForecaster } from '../../src/forecast/conformal.js';
import { networkWindow } from '../../src/forecast/network-window.js';
import { NETWORK_KIND_IDS, type NetworkKind } from '../../src/model/network-kinds.js';

/** seqcast's methods: the baselines, the statistical forecasters, the network kinds. */
export const SEQCAST_METHODS = ['naive', 'snaive', 'ets', 'arima', 'stlf', 'theta', 'auto', 'auto-networks', ...NETWORK_KIND_IDS] as const;
export type SeqcastMethod = (typeof SEQCAST_METHODS)[number];

/** What runs unless --methods says otherwise: the networks other than lstm are slow (auto's candidates include an lstm and small mlps). */
export const DEFAULT_SEQCAST_METHODS: SeqcastMethod[] = ['naive', 'snaive', 'ets', 'theta', 'lstm', 'auto-networks', 'auto'];

/** R's functions, as bench/r/accuracy-peer.R names them. */
export const R_METHODS = ['naive', 'snaive', 'ets', 'auto.arima', 'thetaf', 'nnetar'] as const;
export type RMethod = (typeof R_METHODS)[number];

/** The methods wrapped in conformal intervals (the networks alone are not: a second fit of each would double the slowest runs). */
export const INTERVAL_METHODS: readonly SeqcastMethod[] = ['naive', 'snaive', 'ets', 'arima', 'stlf', 'theta', 'auto', 'auto-networks'];

/**
 * A fresh forecaster for one fold: `auto` chooses among all its candidates, `auto-networks` among
 * its networks alone, each for the fold's horizon, running the inner backtest on `runner`. With
 * `intervals`, the methods of INTERVAL_METHODS come wrapped in a conformal forecaster calibrated
 * for the fold's horizon (same point forecasts: the wrapped one fits on the whole training part).
 * @throws when the forecaster rejects the period (e.g. ets above 24).
 */
export function makeMethod(
  method: SeqcastMethod,
  period: number,
  seed: number,
  horizon: number,
  runner?: CandidateRunner,
  intervals = false,
): Forecaster {
  if (intervals && INTERVAL_METHODS.includes(method))
    return conformalForecaster(() => makeMethod(method, period, seed, horizon, runner), { horizon, period });
  switch (method) {
    case 'naive':
      return makeForecaster({ kind: 'naive' });
    case 'snaive':
      return makeForecaster({ kind: 'seasonal-naive', period });
    case 'ets':
      return makeForecaster({ kind: 'ets', period });
    case 'arima':
      return makeForecaster({ kind: 'arima', period });
    case 'stlf': // STL + ETS at the series' period (plain ETS(ZZN) for period 1 or under 2 seasons)
      return makeForecaster({ kind: 'stlf', periods: [period] });
    case 'theta':
      return makeForecaster({ kind: 'theta', period });
    case 'auto':
      return autoForecaster({ period, horizon, seed }, runner);
    case 'auto-networks':
      return autoForecaster({ period, horizon, seed, candidates: 'networks' }, runner);
    default:
      return makeForecaster({ kind: 'network', spec: { model: method as NetworkKind, window: networkWindow(period), seed } });
  }
}

/** What a fitted forecaster chose, when it says (ETS's form, auto's members), for the JSON output. */
export function describeModel(forecaster: Forecaster): string | null {
  return describeFitted(forecaster).description ?? null;
}
