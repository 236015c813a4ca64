/**
 * The methods `npm run bench:accuracy` compares: seqcast's forecasters, each made afresh for
 * every fold from the series' period and the seed, and the R functions the peer runs
 * (bench/r/accuracy-peer.R).
 */
import type { Forecaster } from '../../src/forecast/forecaster.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { NETWORK_KIND_IDS, type NetworkKind } from '../../src/model/network-kinds.js';

/** seqcast's methods: the baselines, the statistical forecasters, the network kinds. */
export const SEQCAST_METHODS = ['naive', 'snaive', 'ets', 'theta', ...NETWORK_KIND_IDS] as const;
export type SeqcastMethod = (typeof SEQCAST_METHODS)[number];

/** What runs unless --methods says otherwise: the networks other than lstm are slow. */
export const DEFAULT_SEQCAST_METHODS: SeqcastMethod[] = ['naive', 'snaive', 'ets', 'theta', 'lstm'];

/** R's functions, as bench/r/accuracy-peer.R names them. */
export const R_METHODS = ['naive', 'snaive', 'ets', 'auto.arima', 'thetaf', 'nnetar'] as const;
export type RMethod = (typeof R_METHODS)[number];

/**
 * A network's window: two seasons, at least 8 values (8 for yearly and quarterly data, 24 for
 * monthly), so each window sees the seasonal pattern twice; the rest of the spec is the CLI's
 * defaults (2 × 32 units, 100 epochs, Adam, Huber, standard scaling).
 */
export function networkWindow(period: number): number {
  return Math.max(8, 2 * period);
}

/**
 * A fresh forecaster for one fold.
 * @throws when the forecaster rejects the period (e.g. ets above 24).
 */
export function makeMethod(method: SeqcastMethod, period: number, seed: number): Forecaster {
  switch (method) {
    case 'naive':
      return makeForecaster({ kind: 'naive' });
    case 'snaive':
      return makeForecaster({ kind: 'seasonal-naive', period });
    case 'ets':
      return makeForecaster({ kind: 'ets', period });
    case 'theta':
      return makeForecaster({ kind: 'theta', period });
    default:
      return makeForecaster({ kind: 'network', spec: { model: method as NetworkKind, window: networkWindow(period), seed } });
  }
}

/** What a fitted forecaster chose, when it says (ETS's form), for the JSON output. */
export function describeModel(forecaster: Forecaster): string | null {
  const describe = (forecaster as { describe?: () => string }).describe;
  return typeof describe === 'function' ? describe.call(forecaster) : null;
}
