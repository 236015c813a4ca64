/**
 * Rolling-origin backtest (expanding window), as darts' `historical_forecasts` with `retrain`:
 * fold i trains every forecaster on series[0, origin_i) and scores its one-step sliding forecasts
 * over [origin_i, origin_i + horizon). The folds sit back to back, the last ending at the series'
 * end:
 *
 *   |------------ train ------------|fold 1|
 *   |---------------- train ---------------|fold 2|
 *   |----------------------- train ---------------|fold 3|
 *
 * A fold's work is a pure function of (series, forecasters' specs, fold): forecasters are made
 * afresh for every fold and seeded by their spec, so folds can run in any order or in worker
 * threads (`foldPlan` + `runFold`) and give the same numbers. A fold is {@link fitAndScore} with
 * origin and end taken from the fold, the path `seqcast train` also takes.
 */
import type { Callback } from '../model/callbacks.js';
import { fitAndScore, type ForecasterResult, type Scores } from './fit-and-score.js';
import type { Forecaster } from './forecaster.js';

export { scoreForecast, type Scores } from './fit-and-score.js';

/** Options of {@link foldPlan}. */
export interface FoldPlanOptions {
  /** Number of folds; default 3. */
  folds?: number;
  /** Values scored per fold; default floor(n × 0.1). */
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

/** One forecaster's result on one fold: its forecast of series[fold.origin, fold.end), scores, notes and loss. */
export type ForecasterFold = ForecasterResult;

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
  /** Season length of the naive forecast that scales mase; default 1. */
  period?: number;
  /** Called after each fold (e.g. to print a progress line). */
  onFold?: (result: FoldResult) => void | Promise<void>;
  /** Training callbacks for one forecaster's fit on one fold (e.g. a progress bar). */
  callbacks?: (fold: Fold, forecaster: Forecaster) => Callback[];
  /** Aborts the backtest between batches or forecasters. */
  signal?: AbortSignal;
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
 * Rolling-origin backtest of several forecasters on the same folds. `makeForecasters` is called
 * once per fold, so each fold trains fresh forecasters. Runs the folds one after another; to run
 * them in parallel, give each worker `foldPlan(...)[i]` and call {@link runFold}.
 *
 * @example
 * const result = await backtest(series, () => [naiveForecaster(), networkForecaster({ model: 'lstm' })], { folds: 3, horizon: 100 });
 * for (const { name, scores } of result.mean) console.log(name, scores.mae);
 * @throws as {@link foldPlan} (minTrain defaults to the largest minHistory + 1 of the
 *   forecasters), when `makeForecasters` returns no forecaster, and whatever a forecaster's fit
 *   throws (e.g. TrainingDivergedError).
 */
export async function backtest(
  series: Float32Array,
  makeForecasters: () => Forecaster[],
  options: BacktestOptions = {},
): Promise<BacktestResult> {
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
 * One fold of a backtest: fits each forecaster on series[0, fold.origin) and scores its one-step
 * forecasts of series[fold.origin, fold.end) (it sees nothing past fold.end), through
 * {@link fitAndScore}. Pass forecasters made for this fold alone.
 *
 * @example const plan = foldPlan(series.length, { folds: 3 }); const r = await runFold(series, [naiveForecaster()], plan[2]);
 * @throws when the fold lies outside the series, there are no forecasters, `signal` aborts, and
 *   whatever a forecaster's fit or predictSliding throws.
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
    masePeriod: options.period ?? 1,
    callbacks: options.callbacks && ((forecaster) => options.callbacks!(fold, forecaster)),
    signal: options.signal,
  });
  return { fold, results };
}

/**
 * Each forecaster's scores averaged over the folds; a score undefined on some folds is averaged
 * over the others, with a note naming the folds left out.
 *
 * @example meanScores(result.folds); // [{ name: 'naive', scores: { mae: 5.9, ... }, notes: [] }, ...]
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
            ? `${score} is undefined on every fold`
            : `${score} averages ${kept.length} of ${values.length} folds (undefined on fold ${left.join(', ')})`,
        );
      }
    }
    return { name, scores, notes };
  });
}

function checkForecasters(forecasters: Forecaster[]): void {
  if (!Array.isArray(forecasters) || forecasters.length === 0) {
    throw new Error('backtest needs at least one forecaster: makeForecasters must return e.g. [naiveForecaster()].');
  }
}
