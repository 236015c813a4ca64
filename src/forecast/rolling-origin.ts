/**
 * Multi-step rolling-origin evaluation, as the M4 competition and R's `forecast` package score
 * forecasts (the protocol of the project's accuracy notes): K folds of h values back to back at
 * the end of the series, origins at n − k·h for k = K..1. From each origin a forecaster sees only
 * the values before it, then forecasts the next h values at once (`forecast(train, h)`, not
 * one-step sliding forecasts as {@link backtest} scores):
 *
 *   |------------ train ------------|-- h --|
 *   |---------------- train ----------------|-- h --|
 *   |------------------------ train ----------------|-- h --|
 *
 * A fold whose training part would hold fewer than two seasons is left out (the series is scored
 * on fewer folds and the plan says so). Every fold is scored by {@link scoreFold}: MASE scaled by
 * the in-sample seasonal naive error of that fold's training part, and M4's sMAPE, so forecasts
 * made anywhere (another library, R) are scored by the same code as seqcast's.
 *
 * Browser-safe: no Node modules.
 */
import { InputError, OptionError } from '../errors.js';
import type { Callback } from '../model/callbacks.js';
import { foldPlan, type Fold } from './backtest.js';
import { fitAndScore, scoreForecast, type Scores } from './fit-and-score.js';
import type { Forecaster } from './forecaster.js';

/** Options of {@link rollingOriginPlan}. */
export interface RollingOriginOptions {
  /** Values forecast from each origin (M4: yearly 6, quarterly 8, monthly 18, weekly 13, daily 14, hourly 48). */
  horizon: number;
  /** Folds wanted, K; default 3. */
  folds?: number;
  /** Season length (1 for non-seasonal data); default 1. */
  period?: number;
  /** Seasons a fold's training part must hold at least; default 2. */
  minSeasons?: number;
}

/** The folds of a rolling-origin evaluation of one series. */
export interface RollingOriginPlan {
  /**
   * The folds kept, earliest first. `index` counts from the first fold of the full plan of K
   * folds, so a series scored on fewer folds keeps the numbers of the folds it has (1 and 2 of 0..2).
   */
  folds: Fold[];
  /** Folds wanted (K). */
  requested: number;
  /** Fewest training values a fold needs: minSeasons × period (at least 2, for a naive scale). */
  minTrain: number;
  /** Why folds were left out; absent when every fold is kept. */
  note?: string;
}

/**
 * The rolling-origin folds of a series of `n` values: origins n − k·h for k = K..1, without the
 * folds whose training part would be shorter than `minSeasons` seasons.
 *
 * @example rollingOriginPlan(144, { horizon: 18, period: 12 }).folds.map((f) => f.origin); // [90, 108, 126]
 * @example rollingOriginPlan(72, { horizon: 18, period: 12 }).note; // '2 of 3 folds: fold 0 (origin 18) would train on 18 values, fewer than 2 seasons (24)'
 * @throws OptionError when `horizon`, `folds`, `period` or `minSeasons` is not a positive integer;
 *   InputError when not even the last fold leaves `minTrain` training values.
 */
export function rollingOriginPlan(n: number, options: RollingOriginOptions): RollingOriginPlan {
  const { horizon, folds = 3, period = 1, minSeasons = 2 } = options;
  positiveInteger(horizon, 'horizon', 'the number of values to forecast from each origin, e.g. 18 for monthly data');
  positiveInteger(folds, 'folds', 'e.g. 3');
  positiveInteger(period, 'period', '1 for non-seasonal data, or the season length, e.g. 12 for monthly data');
  positiveInteger(minSeasons, 'minSeasons', 'e.g. 2');
  if (!Number.isInteger(n) || n < 0) throw new InputError(`rollingOriginPlan needs the series length as a non-negative integer, got ${n}.`);
  const minTrain = Math.max(2, minSeasons * period);
  const kept = Math.min(folds, Math.floor((n - minTrain) / horizon));
  if (kept < 1) {
    throw new InputError(
      `A series of ${n} values is too short for one fold of ${horizon} values: the training part would hold ${Math.max(n - horizon, 0)} values, and it needs at least ${minTrain} (${minSeasons} season${minSeasons === 1 ? '' : 's'} of ${period}): use a shorter horizon or a longer series.`,
    );
  }
  const skipped = folds - kept;
  const plan = foldPlan(n, { folds: kept, horizon, minTrain }).map((f) => ({ ...f, index: f.index + skipped }));
  if (skipped === 0) return { folds: plan, requested: folds, minTrain };
  const left = Array.from({ length: skipped }, (_, i) => {
    const origin = n - (folds - i) * horizon;
    return `fold ${i} (origin ${origin}) would train on ${Math.max(origin, 0)} values`;
  });
  const note = `${kept} of ${folds} folds: ${left.join(', ')}, fewer than ${minSeasons} season${minSeasons === 1 ? '' : 's'} (${minTrain})`;
  return { folds: plan, requested: folds, minTrain, note };
}

/** One fold's scores. */
export interface FoldScores {
  /** mae, rmse, mape, smape (M4's, percent) and mase (scaled by the training part's seasonal naive); NaN where undefined. */
  scores: Scores;
  /** Why a score is NaN, if one is. */
  notes: string[];
}

/**
 * Scores a forecast of one fold, made by anything: MASE divides the mean absolute error by the
 * in-sample mean |y[t] − y[t − period]| of the fold's training part series[0, origin); sMAPE is
 * M4's 200/h · Σ |y − ŷ| / (|y| + |ŷ|).
 *
 * @example scoreFold(Float32Array.of(1, 3, 2, 4, 3), { index: 0, origin: 3, end: 5 }, [3, 3]).scores.mase; // 0.5 (mae 0.5, scale 1.5)
 * @throws InputError when the fold does not lie inside the series or the forecast does not hold
 *   one value per scored value.
 */
export function scoreFold(series: ArrayLike<number>, fold: Fold, forecast: ArrayLike<number>, period = 1): FoldScores {
  checkFold(series.length, fold);
  const h = fold.end - fold.origin;
  if (forecast.length !== h) {
    throw new InputError(
      `The forecast of fold ${fold.index} has ${forecast.length} values, but the fold scores ${h} (series[${fold.origin}, ${fold.end})): forecast the fold's horizon.`,
    );
  }
  const train = Array.from({ length: fold.origin }, (_, i) => series[i]);
  const actual = Array.from({ length: h }, (_, i) => series[fold.origin + i]);
  return scoreForecast(actual, forecast, train, period);
}

/** Options of {@link forecastFold}. */
export interface ForecastFoldOptions {
  /** Season length of the naive forecast that scales MASE; default 1. */
  period?: number;
  /** Training callbacks (a network's progress bar). */
  callbacks?: Callback[];
  /** Aborts the fit between batches. */
  signal?: AbortSignal;
}

/** What {@link forecastFold} returns. */
export interface FoldForecast extends FoldScores {
  fold: Fold;
  /** The h forecasts of series[origin, end), made at once from the origin. */
  forecast: Float32Array;
  /** Wall-clock seconds of the fit and the forecast together. */
  seconds: number;
}

/**
 * One fold of a rolling-origin evaluation: fits `forecaster` on series[0, origin), forecasts the
 * h = end − origin values after it at once (`forecast(train, h)`), and scores them as
 * {@link scoreFold} does: fitAndScore's multi-step path. Pass a forecaster made for this fold:
 * `fit` replaces what it learnt before.
 *
 * @example
 * const [last] = rollingOriginPlan(series.length, { horizon: 18, period: 12 }).folds.slice(-1);
 * const { scores } = await forecastFold(etsForecaster({ period: 12 }), series, last, { period: 12 });
 * @throws InputError when the fold does not lie inside the series, or the forecaster returns the
 *   wrong number of forecasts; whatever the forecaster's fit or forecast throws (a training part
 *   too short for it, a model that cannot be fitted).
 */
export async function forecastFold(
  forecaster: Forecaster,
  series: Float32Array,
  fold: Fold,
  { period = 1, callbacks = [], signal }: ForecastFoldOptions = {},
): Promise<FoldForecast> {
  checkFold(series.length, fold);
  const started = performance.now();
  // the one multi-step path (fit on the values before the origin, forecast the fold at once, score)
  const [result] = await fitAndScore(series, [forecaster], fold.origin, {
    end: fold.end,
    mode: 'multi-step',
    masePeriod: period,
    callbacks: () => callbacks,
    signal,
  });
  const seconds = (performance.now() - started) / 1000;
  return { fold, forecast: result.forecast, seconds, scores: result.scores, notes: result.notes };
}

function checkFold(n: number, fold: Fold): void {
  const { origin, end } = fold;
  if (!Number.isInteger(origin) || !Number.isInteger(end) || origin < 1 || end <= origin || end > n) {
    throw new InputError(
      `Fold ${fold.index} [${origin}, ${end}) does not lie inside the series of ${n} values: take folds from rollingOriginPlan.`,
    );
  }
}

function positiveInteger(v: number, what: string, fix: string): void {
  if (!Number.isInteger(v) || v < 1) throw new OptionError(`rollingOriginPlan ${what} must be a positive integer, got ${v}: use ${fix}.`);
}
