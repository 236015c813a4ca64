/**
 * The one path from a series to scored forecasts, shared by `seqcast train`, a backtest fold
 * (`runFold`), a worker's `trainJob` and the playground's worker:
 *
 *   for each forecaster, in order:
 *     fit on series[0, origin)                            (callbacks and signal passed to fit)
 *     mode 'one-step':   sliding forecasts of series[origin, end), each from the actual values
 *                        before it (the course's score; it sees nothing past end)
 *     mode 'multi-step': forecast(series[0, origin), end − origin), the h values after the origin
 *                        at once (what a forecast is used for; it sees nothing past the origin);
 *                        with `horizon` H, the period in consecutive blocks of H values, each
 *                        forecast from the actual values before its start (the multi-step form of
 *                        the one-step sliding forecasts: one fit, a forecast every H steps)
 *     mae, rmse, mape, smape, mase against the actual values (scoreForecast), with notes, and
 *     for a multi-step forecast the absolute error at each step
 *
 * Browser-safe: no Node modules.
 */
import { OptionError } from '../errors.js';
import type { Callback } from '../model/callbacks.js';
import { mae, mape, mase, rmse, smape } from '../metrics/errors.js';
import type { Forecaster } from './forecaster.js';

/**
 * How a period is forecast: 'one-step', each value from the actual values before it (the course's
 * sliding forecasts, `predictSliding`); 'multi-step', all of it at once from its start
 * (`forecast(train, h)`, darts' `historical_forecasts`, neuralforecast's `cross_validation`).
 */
export type ForecastMode = 'one-step' | 'multi-step';

/** The forecast modes, in the order messages list them. */
export const FORECAST_MODES: readonly ForecastMode[] = ['multi-step', 'one-step'];

/** The scores of one forecast; NaN where a score is undefined (see `notes`). */
export interface Scores {
  mae: number;
  rmse: number;
  /** Percent; NaN when an actual value is 0. */
  mape: number;
  /** Percent, 0..200. */
  smape: number;
  /** NaN when the training part is too short or its naive forecast is exact. */
  mase: number;
}

/** Options of {@link fitAndScore}. */
export interface FitAndScoreOptions {
  /** One past the last scored index; default the series' length. */
  end?: number;
  /** Season length of the naive forecast that scales MASE; default 1. */
  masePeriod?: number;
  /** Training callbacks for one forecaster's fit (e.g. a progress bar for the network). */
  callbacks?: (forecaster: Forecaster) => Callback[];
  /** Aborts between batches or forecasters; fitAndScore then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each forecaster's fit with the seconds it took (e.g. to report training time). */
  onFitted?: (forecaster: Forecaster, seconds: number) => void;
  /** One-step sliding forecasts of the period, or one multi-step forecast from its start; default 'one-step'. */
  mode?: ForecastMode;
  /**
   * Multi-step only: the values each forecast covers. The period is forecast in consecutive blocks
   * of `horizon` values (the last one shorter if the period is not a multiple), each from
   * series[0, its start), with the one fit. Default: end − origin, one forecast of the whole period.
   */
  horizon?: number;
}

/** One forecaster's fit, forecast and scores. */
export interface ForecasterResult {
  name: string;
  /** NaN where a score is undefined (see `notes`). */
  scores: Scores;
  /** The forecasts of series[origin, end): one-step, or one multi-step forecast from the origin (see the mode). */
  forecast: Float32Array;
  /**
   * Multi-step only: |actual − forecast| of each forecast value (float64): at steps 1..h, what a
   * backtest averages over its folds into the MAE at each step; with `horizon` H, block after
   * block (value k is step k mod H + 1 of its block).
   */
  stepErrors?: number[];
  /** Why a score is NaN, if one is. */
  notes: string[];
  /** The training loss per epoch, for a forecaster that trains (a network). */
  loss?: number[];
  /**
   * What the fitted forecaster says it is, for one that has a `describe()` (ETS's form, e.g.
   * 'ETS(M,Ad,M)'; what auto chose): each fold of a backtest may choose differently.
   */
  description?: string;
  /**
   * For a forecaster that chooses among others (auto: its `choice`): whether a baseline beat every
   * model on its inner backtest, and the choice in plain words.
   */
  choice?: { baselineWins: boolean; message: string };
}

/**
 * Fits each forecaster on series[0, origin) and scores its forecasts of series[origin, end), one
 * forecaster after the other, in the order given: one-step sliding forecasts (the default, as
 * `seqcast train` scores), or with `mode: 'multi-step'` the end − origin values after the origin
 * forecast at once from the training part alone. An empty scored period (origin = end) gives NaN
 * scores with a note. Pass forecasters made for this call: `fit` replaces what a network learnt
 * before.
 *
 * @example
 * const [lstm, naive] = await fitAndScore(series, [networkForecaster({ model: 'lstm' }), naiveForecaster()], 1000);
 * console.log(lstm.scores.mae, naive.scores.mae, lstm.loss?.at(-1));
 * const [ets] = await fitAndScore(series, [etsForecaster({ period: 12 })], 120, { end: 138, mode: 'multi-step', masePeriod: 12 });
 * console.log(ets.stepErrors); // |error| at steps 1..18
 * // series[120, 144) as two forecasts of 12 values, from series[0, 120) and series[0, 132)
 * await fitAndScore(series, [etsForecaster({ period: 12 })], 120, { end: 144, mode: 'multi-step', horizon: 12 });
 * @throws OptionError when `mode` is not 'one-step' or 'multi-step', or `horizon` is not a whole
 *   number ≥ 1 given with mode 'multi-step'; when there is no forecaster,
 *   origin and end are not integers with 1 ≤ origin ≤ end ≤ series.length, a forecaster gives the
 *   wrong number of forecasts, `signal` aborts (its reason), and whatever a forecaster's fit,
 *   predictSliding or forecast throws (e.g. TrainingDivergedError).
 */
export async function fitAndScore(
  series: Float32Array,
  forecasters: Forecaster[],
  origin: number,
  options: FitAndScoreOptions = {},
): Promise<ForecasterResult[]> {
  const { end = series.length, masePeriod = 1, callbacks, signal, onFitted, mode = 'one-step', horizon } = options;
  checkMode(mode);
  if (horizon !== undefined && (mode !== 'multi-step' || !Number.isInteger(horizon) || horizon < 1)) {
    throw new OptionError(
      `fitAndScore: horizon ${horizon} must be a whole number of at least 1, with mode 'multi-step': the steps each multi-step forecast covers.`,
    );
  }
  if (!Array.isArray(forecasters) || forecasters.length === 0)
    throw new Error('fitAndScore needs at least one forecaster, e.g. [naiveForecaster()].');
  if (!Number.isInteger(origin) || !Number.isInteger(end) || origin < 1 || end < origin || end > series.length) {
    throw new Error(
      `fitAndScore: origin ${origin} and end ${end} must be integers with 1 ≤ origin ≤ end ≤ ${series.length} (the series' length): the forecasters train on series[0, origin) and forecast series[origin, end).`,
    );
  }
  const train = series.subarray(0, origin);
  const actual = series.subarray(origin, end);
  const results: ForecasterResult[] = [];
  for (const forecaster of forecasters) {
    signal?.throwIfAborted();
    const started = performance.now();
    const report = await forecaster.fit(train, { callbacks: callbacks?.(forecaster) ?? [], signal });
    onFitted?.(forecaster, (performance.now() - started) / 1000);
    const forecast = forecastPeriod(forecaster, series, origin, end, mode, horizon ?? end - origin);
    const loss = report?.history.history.loss;
    const said = describeFitted(forecaster);
    results.push({
      name: forecaster.name,
      forecast,
      ...(mode === 'multi-step' ? { stepErrors: Array.from(forecast, (f, i) => Math.abs(actual[i] - f)) } : {}),
      ...score(actual, forecast, train, masePeriod, origin),
      ...(loss ? { loss: [...loss] } : {}),
      ...said,
    });
  }
  return results;
}

/**
 * What a fitted forecaster says it fitted: its `describe()` (ETS's form, auto's members) and auto's
 * `choice` (baselineWins, message), for those that have them; a conformal wrapper answers for
 * what it wraps. What fitAndScore's results, the accuracy bench and the playground report.
 * @example describeFitted(ets).description; // 'ETS(M,Ad,M)'
 * @throws what the forecaster's describe() throws.
 */
export function describeFitted(forecaster: Forecaster): Pick<ForecasterResult, 'description' | 'choice'> {
  // a conformal wrapper's intervals are an addition: what was fitted is what it wraps (ETS's form, auto's choice)
  const inner = (forecaster as { inner?: Forecaster | null; calibration?: unknown }).inner;
  if (inner && 'calibration' in forecaster) return describeFitted(inner);
  const f = forecaster as Forecaster & { choice?: { baselineWins?: unknown; message?: unknown } | null };
  const out: Pick<ForecasterResult, 'description' | 'choice'> = {};
  if (typeof f.describe === 'function') out.description = f.describe();
  const c = f.choice;
  if (c && typeof c.baselineWins === 'boolean' && typeof c.message === 'string')
    out.choice = { baselineWins: c.baselineWins, message: c.message };
  return out;
}

/**
 * The forecasts of series[origin, end) in the given mode: one-step from series[0, end), or
 * multi-step in blocks of `horizon` values, each from series[0, its start) (none for an empty period).
 */
function forecastPeriod(
  forecaster: Forecaster,
  series: Float32Array,
  origin: number,
  end: number,
  mode: ForecastMode,
  horizon: number,
): Float32Array {
  const name = forecaster.name;
  if (mode === 'one-step')
    return checkCount(forecaster.predictSliding(series.subarray(0, end), origin), name, 'predictSliding', origin, end);
  const forecast = new Float32Array(end - origin);
  for (let start = origin; start < end; start += horizon) {
    const h = Math.min(horizon, end - start);
    const call = start === origin ? `forecast(train, ${h})` : `forecast(series[0, ${start}), ${h})`;
    forecast.set(checkCount(forecaster.forecast(series.subarray(0, start), h), name, call, start, start + h), start - origin);
  }
  return forecast;
}

/** The forecasts, after checking there is one per value of series[from, to). */
function checkCount(forecast: Float32Array, name: string, call: string, from: number, to: number): Float32Array {
  if (forecast.length !== to - from) {
    throw new Error(
      `${name}: ${call} gave ${forecast.length} forecasts for the ${to - from} values of series[${from}, ${to}): a forecaster gives one per value.`,
    );
  }
  return forecast;
}

/**
 * Checks a forecast mode given by a caller (JavaScript, a worker's task).
 * @example checkMode('multi-step');
 * @throws OptionError when `mode` is not 'multi-step' or 'one-step'.
 */
export function checkMode(mode: unknown): asserts mode is ForecastMode {
  if (!FORECAST_MODES.includes(mode as ForecastMode)) {
    throw new OptionError(
      `The forecast mode must be 'multi-step' (forecast each period at once from its start) or 'one-step' (the course's sliding forecasts), got ${JSON.stringify(mode)}.`,
    );
  }
}

/** scoreForecast, or NaN scores with a note when there is nothing to score. */
function score(
  actual: Float32Array,
  forecast: Float32Array,
  train: Float32Array,
  period: number,
  origin: number,
): { scores: Scores; notes: string[] } {
  if (actual.length > 0) return scoreForecast(actual, forecast, train, period);
  return {
    scores: { mae: NaN, rmse: NaN, mape: NaN, smape: NaN, mase: NaN },
    notes: [`Nothing to score: series[${origin}, ${origin}) is empty.`],
  };
}

/**
 * mae, rmse, mape, smape and mase of one forecast; a score that is undefined on this data is NaN
 * and a note says why.
 *
 * @example scoreForecast(Float32Array.of(0, 2), Float32Array.of(1, 2), Float32Array.of(1, 3, 2)); // mape NaN, with a note
 * @throws when `actual` and `predicted` are empty or differ in length.
 */
export function scoreForecast(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  train: ArrayLike<number>,
  period = 1,
): { scores: Scores; notes: string[] } {
  const notes: string[] = [];
  const tryScore = (name: string, f: () => number): number => {
    try {
      return f();
    } catch (e) {
      // the metric's own message, without its function-call prefix: 'MAPE is n/a here: actual[5] is 0, ...'
      notes.push(`${name.toUpperCase()} is n/a here: ${(e as Error).message.replace(/^\w+\([^)]*\):\s*/, '')}`);
      return NaN;
    }
  };
  const scores: Scores = {
    mae: mae(actual, predicted),
    rmse: rmse(actual, predicted),
    mape: tryScore('mape', () => mape(actual, predicted)),
    smape: smape(actual, predicted),
    mase: tryScore('mase', () => mase(actual, predicted, train, { period })),
  };
  return { scores, notes };
}
