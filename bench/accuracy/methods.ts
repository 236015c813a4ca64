/**
 * The methods `npm run bench:accuracy` compares: seqcast's forecasters, each made afresh for
 * every fold from the series' period and the seed, and the R functions the peer runs
 * (bench/r/accuracy-peer.R).
 */
import type { Forecaster } from '../../src/forecast/forecaster.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { autoForecaster, type CandidateRunner } from '../../src/forecast/auto.js';
import { networkWindow } from '../../src/forecast/network-window.js';
import { NETWORK_KIND_IDS, type NetworkKind } from '../../src/model/network-kinds.js';

/** seqcast's methods: the baselines, the statistical forecasters, the network kinds. */
export const SEQCAST_METHODS = ['naive', 'snaive', 'ets', 'theta', 'auto', 'auto-networks', ...NETWORK_KIND_IDS] as const;
export type SeqcastMethod = (typeof SEQCAST_METHODS)[number];

/** What runs unless --methods says otherwise: the networks other than lstm are slow (auto's candidates include an lstm and small mlps). */
export const DEFAULT_SEQCAST_METHODS: SeqcastMethod[] = ['naive', 'snaive', 'ets', 'theta', 'lstm', 'auto-networks', 'auto'];

/** R's functions, as bench/r/accuracy-peer.R names them. */
export const R_METHODS = ['naive', 'snaive', 'ets', 'auto.arima', 'thetaf', 'nnetar'] as const;
export type RMethod = (typeof R_METHODS)[number];

/**
 * A fresh forecaster for one fold: `auto` chooses among all its candidates, `auto-networks` among
 * its networks alone, each for the fold's horizon, running the inner backtest on `runner`.
 * @throws when the forecaster rejects the period (e.g. ets above 24).
 */
export function makeMethod(method: SeqcastMethod, period: number, seed: number, horizon: number, runner?: CandidateRunner): Forecaster {
  switch (method) {
    case 'naive':
      return makeForecaster({ kind: 'naive' });
    case 'snaive':
      return makeForecaster({ kind: 'seasonal-naive', period });
    case 'ets':
      return makeForecaster({ kind: 'ets', period });
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

/** What a fitted forecaster chose, when it says (ETS's form), for the JSON output. */
export function describeModel(forecaster: Forecaster): string | null {
  const describe = (forecaster as { describe?: () => string }).describe;
  return typeof describe === 'function' ? describe.call(forecaster) : null;
}
