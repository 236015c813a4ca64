/**
 * Rolling-origin backtest (expanding window), as darts' `historical_forecasts` with `retrain` and
 * neuralforecast's `cross_validation`, and as the M4 competition scores: fold i trains every
 * forecaster on series[0, origin_i), then forecasts the `horizon` values after the origin at once
 * (`forecast(train, horizon)`, mode 'multi-step', the default) and scores them. The folds sit back
 * to back, the last ending at the series' end (origins n − k·horizon, k = folds..1):
 *
 *   |------------ train ------------|fold 1|
 *   |---------------- train ---------------|fold 2|
 *   |----------------------- train ---------------|fold 3|
 *
 * Besides each fold's scores, a multi-step backtest gives the MAE at each step 1..horizon, averaged
 * over the folds (`MeanScores.perStep`): how the error grows with the distance from the origin.
 * Mode 'one-step' scores the course's one-step sliding forecasts over each fold instead (each value
 * forecast from the actual values before it), as seqcast's backtests did before.
 *
 * A fold's work is a pure function of (series, forecasters' specs, fold): forecasters are made
 * afresh for every fold and seeded by their spec, so folds can run in any order or in worker
 * threads (`foldPlan` + `runFold`) and give the same numbers. A fold is {@link fitAndScore} with
 * origin and end taken from the fold, the path `seqcast train` also takes.
 */
import type { Callback } from '../model/callbacks.js';
import { checkMode, fitAndScore, type ForecasterResult, type ForecastMode, type Scores } from './fit-and-score.js';
import type { Forecaster } from './forecaster.js';
import { checkLevels } from './intervals.js';
import { coverage, meanWidth, msis } from '../metrics/interval-scores.js';

export { scoreForecast, type ForecastMode, type Scores } from './fit-and-score.js';

/** Options of {@link foldPlan}. */
export interface FoldPlanOptions {
  /** Number of folds; default 3. */
  folds?: number;
  /** Values forecast from each origin (scored per fold); default floor(n × 0.1). */
  horizon?: number;
  /** Fewest training values the first fold may have; default 1. */
  minTrain?: number;
}

/** One fold: train on [0, origin), score [origin, end). */
export interface Fold {
  /** 0-based fold number. */
  index: number;
  /** First scored index; the training part is [0, origin). */
  origin: number;
  /** One past the last scored index. */
  end: number;
}

/**
 * One forecaster's result on one fold: its forecast of series[fold.origin, fold.end), scores, notes,
 * loss, and in a multi-step backtest the absolute error at each step (`stepErrors`).
 */
export type ForecasterFold = ForecasterResult & {
  /** With `levels` (multi-step), for a forecaster that has intervals (ETS, a conformal wrapper): the fold's intervals and their scores. */
  intervals?: FoldIntervals;
};

/** A fold's prediction intervals (one per level asked for) and their scores (interval-scores.ts). */
export interface FoldIntervals {
  levels: number[];
  /** Per level, the lower bound of each forecast value. */
  lower: number[][];
  upper: number[][];
  /** Per level, the share of actual values inside, in percent. */
  coverage: number[];
  /** Per level, the mean width upper − lower. */
  width: number[];
  /** MSIS at 95 % (M4's), scaled like MASE (the training part's seasonal naive error, `period`); NaN where the scale is 0. */
  msis: number;
  /** What the forecaster said about its intervals (too few calibration origins for a level). */
  notes?: string[];
}

/** The interval scores averaged over the folds that have them. */
export interface MeanIntervalScores {
  levels: number[];
  coverage: number[];
  width: number[];
  /** Mean MSIS at 95 % over the folds where it is a number (NaN if none). */
  msis: number;
  /** Folds that count. */
  folds: number;
}

/** Every forecaster's result on one fold. */
export interface FoldResult {
  fold: Fold;
  results: ForecasterFold[];
}

/** A forecaster's scores averaged over the folds. */
export interface MeanScores {
  name: string;
  /** Mean of each score over the folds where it is defined (NaN if it is defined on none). */
  scores: Scores;
  /**
   * Multi-step only: the MAE at steps 1..horizon, each the mean over the folds of the absolute
   * error at that step (over the folds where it is a number; NaN if on none).
   */
  perStep?: number[];
  /** With `levels`: the means of the folds' interval scores, for a forecaster that has intervals. */
  intervals?: MeanIntervalScores;
  /** Which folds a mean leaves out, and why. */
  notes: string[];
}

/** What {@link backtest} returns; results are in the order `makeForecasters` returns the forecasters. */
export interface BacktestResult {
  folds: FoldResult[];
  mean: MeanScores[];
}

/** Options of {@link backtest} and {@link runFold}. */
export interface BacktestOptions extends FoldPlanOptions {
  /**
   * 'multi-step' (default): each fold's values forecast at once from its origin; 'one-step': the
   * course's one-step sliding forecasts over each fold.
   */
  mode?: ForecastMode;
  /**
   * Season length of the naive forecast that scales mase, computed on each fold's training part;
   * default 1. M4 scales by the seasonal period (12 for monthly data).
   */
  period?: number;
  /** Called after each fold (e.g. to print a progress line). */
  onFold?: (result: FoldResult) => void | Promise<void>;
  /** Training callbacks for one forecaster's fit on one fold (e.g. a progress bar). */
  callbacks?: (fold: Fold, forecaster: Forecaster) => Callback[];
  /** Aborts the backtest between batches or forecasters. */
  signal?: AbortSignal;
  /**
   * Multi-step only: interval levels in percent (e.g. [80, 95]); each forecaster that has
   * intervals (`forecastIntervals`: ETS, a conformal wrapper) gives them for the fold and they are
   * scored (coverage, width per level; MSIS at 95 %, computed even when 95 is not listed).
   */
  levels?: readonly number[];
}

const SCORE_NAMES = ['mae', 'rmse', 'mape', 'smape', 'mase'] as const;

/**
 * The folds of a backtest on a series of `n` values: `folds` back-to-back scoring periods of
 * `horizon` values, the last ending at n.
 *
 * @example foldPlan(100, { folds: 3, horizon: 10 }); // origins 70, 80, 90: [{ index: 0, origin: 70, end: 80 }, ...]
 * @throws when `folds` or `horizon` is not a positive integer (the default horizon is 0 for
 *   fewer than 10 values), `minTrain` is not a positive integer, or the first fold would train on
 *   fewer than `minTrain` values.
 */
export function foldPlan(n: number, { folds = 3, horizon = Math.floor(n * 0.1), minTrain = 1 }: FoldPlanOptions = {}): Fold[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`foldPlan needs the series length as a non-negative integer, got ${n}.`);
  if (!Number.isInteger(folds) || folds < 1) throw new Error(`backtest folds must be a positive integer, got ${folds}: use e.g. 3.`);
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new Error(
      `backtest horizon must be a positive integer, got ${horizon}${n < 10 ? ` (10% of ${n} values)` : ''}: pass the number of values each fold scores, e.g. 30.`,
    );
  }
  if (!Number.isInteger(minTrain) || minTrain < 1) throw new Error(`backtest minTrain must be a positive integer, got ${minTrain}.`);
  const first = n - folds * horizon;
  if (first < minTrain) {
    throw new Error(
      `backtest: ${folds} folds of ${horizon} values leave ${Math.max(first, 0)} values to train the first fold on, and it needs at least ${minTrain}, in a series of ${n}: use fewer folds, a shorter horizon or a longer series.`,
    );
  }
  return Array.from({ length: folds }, (_, index) => ({ index, origin: first + index * horizon, end: first + (index + 1) * horizon }));
}

/**
 * Rolling-origin backtest of several forecasters on the same folds: by default each fold's
 * `horizon` values are forecast at once from its origin (multi-step); `mode: 'one-step'` scores
 * one-step sliding forecasts instead. `makeForecasters` is called once per fold, so each fold
 * trains fresh forecasters. Runs the folds one after another; to run them in parallel, give each
 * worker `foldPlan(...)[i]` and call {@link runFold} (or use `backtestParallel`).
 *
 * @example
 * const result = await backtest(series, () => [seasonalNaiveForecaster(12), etsForecaster({ period: 12 })], { folds: 3, horizon: 18, period: 12 });
 * for (const { name, scores, perStep } of result.mean) console.log(name, scores.mase, perStep); // MAE at steps 1..18
 * @throws OptionError when `mode` is not 'multi-step' or 'one-step'; as {@link foldPlan}
 *   (minTrain defaults to the largest minHistory + 1 of the forecasters), when `makeForecasters`
 *   returns no forecaster, and whatever a forecaster's fit or forecast throws (e.g.
 *   TrainingDivergedError).
 */
export async function backtest(
  series: Float32Array,
  makeForecasters: () => Forecaster[],
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  checkMode(options.mode ?? 'multi-step');
  const probe = makeForecasters();
  checkForecasters(probe);
  const minTrain = options.minTrain ?? Math.max(...probe.map((f) => f.minHistory)) + 1;
  const plan = foldPlan(series.length, { ...options, minTrain });
  const folds: FoldResult[] = [];
  for (const fold of plan) {
    const result = await runFold(series, fold.index === 0 ? probe : makeForecasters(), fold, options);
    folds.push(result);
    await options.onFold?.(result);
  }
  return { folds, mean: meanScores(folds) };
}

/**
 * One fold of a backtest: fits each forecaster on series[0, fold.origin) and scores its forecasts
 * of series[fold.origin, fold.end), through {@link fitAndScore}: made at once from the origin
 * (mode 'multi-step', the default; it sees nothing past the origin), or one-step sliding forecasts
 * (mode 'one-step'; it sees nothing past fold.end). Pass forecasters made for this fold alone.
 *
 * @example const plan = foldPlan(series.length, { folds: 3 }); const r = await runFold(series, [naiveForecaster()], plan[2]);
 * @throws OptionError when `mode` is not 'multi-step' or 'one-step'; when the fold lies outside
 *   the series, there are no forecasters, `signal` aborts, and whatever a forecaster's fit,
 *   predictSliding or forecast throws.
 */
export async function runFold(
  series: Float32Array,
  forecasters: Forecaster[],
  fold: Fold,
  options: BacktestOptions = {},
): Promise<FoldResult> {
  checkForecasters(forecasters);
  const { origin, end } = fold;
  if (!Number.isInteger(origin) || !Number.isInteger(end) || origin < 1 || end <= origin || end > series.length) {
    throw new Error(
      `runFold: fold ${fold.index} [${origin}, ${end}) does not lie inside the series of ${series.length} values: take folds from foldPlan.`,
    );
  }
  const results = await fitAndScore(series, forecasters, origin, {
    end,
    mode: options.mode ?? 'multi-step',
    masePeriod: options.period ?? 1,
    callbacks: options.callbacks && ((forecaster) => options.callbacks!(fold, forecaster)),
    signal: options.signal,
  });
  const levels = options.levels;
  if (!levels || (options.mode ?? 'multi-step') !== 'multi-step') return { fold, results };
  checkLevels(levels, 'backtest');
  const train = series.subarray(0, origin);
  const actual = series.subarray(origin, end);
  const withIntervals = results.map((r, j): ForecasterFold => {
    const f = forecasters[j];
    if (typeof f.forecastIntervals !== 'function') return r;
    return { ...r, intervals: foldIntervals(f, train, actual, levels, options.period ?? 1) };
  });
  return { fold, results: withIntervals };
}

/** A fitted forecaster's intervals over `actual` (forecast from `train`) and their scores. */
function foldIntervals(f: Forecaster, train: Float32Array, actual: Float32Array, levels: readonly number[], period: number): FoldIntervals {
  const asked = levels.includes(95) ? levels : [...levels, 95];
  const { intervals, notes } = f.forecastIntervals!(train, actual.length, asked);
  const i95 = intervals.find((i) => i.level === 95)!;
  let score = NaN;
  try {
    score = msis(actual, i95.lower, i95.upper, train, { period, level: 95 });
  } catch {
    // the training part's seasonal naive error is 0 or undefined: no scale, as MASE's NaN
  }
  const kept = intervals.filter((i) => levels.includes(i.level));
  return {
    levels: [...levels],
    lower: kept.map((i) => Array.from(i.lower)),
    upper: kept.map((i) => Array.from(i.upper)),
    coverage: kept.map((i) => coverage(actual, i.lower, i.upper)),
    width: kept.map((i) => meanWidth(i.lower, i.upper)),
    msis: Number.isFinite(score) ? score : NaN,
    ...(notes ? { notes } : {}),
  };
}

/** The means over the folds of the interval scores (folds without intervals left out); undefined when none has them. */
function intervalMeans(folds: (FoldIntervals | undefined)[]): MeanIntervalScores | undefined {
  const have = folds.filter((f): f is FoldIntervals => f !== undefined);
  if (have.length === 0) return undefined;
  const avg = (values: number[]): number => {
    const kept = values.filter((v) => !Number.isNaN(v));
    return kept.length === 0 ? NaN : kept.reduce((a, b) => a + b, 0) / kept.length;
  };
  const levels = have[0].levels;
  return {
    levels,
    coverage: levels.map((_, i) => avg(have.map((f) => f.coverage[i]))),
    width: levels.map((_, i) => avg(have.map((f) => f.width[i]))),
    msis: avg(have.map((f) => f.msis)),
    folds: have.length,
  };
}

/**
 * Each forecaster's scores averaged over the folds; a score undefined on some folds is averaged
 * over the others, with a note naming the folds left out. When every fold has the forecaster's
 * `stepErrors` (a multi-step backtest), also the MAE at each step, averaged over the folds.
 *
 * @example meanScores(result.folds); // [{ name: 'naive', scores: { mae: 5.9, ... }, perStep: [3.1, 4.4, ...], notes: [] }, ...]
 * @throws never.
 */
export function meanScores(folds: FoldResult[]): MeanScores[] {
  if (folds.length === 0) return [];
  return folds[0].results.map(({ name }, j) => {
    const notes: string[] = [];
    const scores = {} as Scores;
    for (const score of SCORE_NAMES) {
      const values = folds.map((f) => f.results[j].scores[score]);
      const kept = values.filter((v) => !Number.isNaN(v));
      scores[score] = kept.length === 0 ? NaN : kept.reduce((a, b) => a + b, 0) / kept.length;
      if (kept.length < values.length) {
        const left = folds.filter((_, i) => Number.isNaN(values[i])).map((f) => f.fold.index + 1);
        notes.push(
          kept.length === 0
            ? `${score} is n/a on every fold`
            : `${score} averages ${kept.length} of ${values.length} folds (n/a on fold ${left.join(', ')})`,
        );
      }
    }
    const perStep = stepMeans(folds.map((f) => f.results[j].stepErrors));
    const intervals = intervalMeans(folds.map((f) => f.results[j].intervals));
    return { name, scores, ...(perStep ? { perStep } : {}), ...(intervals ? { intervals } : {}), notes };
  });
}

/** The mean over the folds of the error at each step (NaN ones left out), or undefined unless every fold has errors of one length. */
function stepMeans(errors: (number[] | undefined)[]): number[] | undefined {
  const h = errors[0]?.length;
  if (!h || errors.some((e) => e?.length !== h)) return undefined;
  return Array.from({ length: h }, (_, step) => {
    const kept = errors.map((e) => e![step]).filter((v) => !Number.isNaN(v));
    return kept.length === 0 ? NaN : kept.reduce((a, b) => a + b, 0) / kept.length;
  });
}

function checkForecasters(forecasters: Forecaster[]): void {
  if (!Array.isArray(forecasters) || forecasters.length === 0) {
    throw new Error('backtest needs at least one forecaster: makeForecasters must return e.g. [naiveForecaster()].');
  }
}
