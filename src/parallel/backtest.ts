/**
 * A rolling-origin backtest with each fold in a worker thread: the same folds, forecasters and
 * numbers as {@link backtest} run one fold after another, in less time on several cores.
 * Forecasters travel as JSON ({@link ForecasterSpec}) and are made afresh in the worker for
 * each fold, as `backtest` makes them afresh for each fold.
 */
import { foldPlan, meanScores, type BacktestOptions, type BacktestResult, type FoldResult } from '../forecast/backtest.js';
import { checkMode } from '../forecast/fit-and-score.js';
import { makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { runTasks, sharedCopy } from './pool.js';
import type { FoldTask } from './worker.js';

/** Options of {@link backtestParallel}: those of `backtest` except training callbacks, plus the workers. */
export interface ParallelBacktestOptions extends Omit<BacktestOptions, 'callbacks'> {
  /** Worker threads; default 2. */
  workers?: number;
}

/**
 * Runs each fold of a backtest in a worker; the result equals
 * `backtest(series, () => forecasters.map(makeForecaster), options)`. `onFold` is called as each
 * fold finishes (in the order they finish); `result.folds` is in fold order.
 *
 * @example
 * const result = await backtestParallel(series, [{ kind: 'naive' }, { kind: 'network', spec: { model: 'lstm', epochs: 50 } }], { folds: 4, horizon: 100, workers: 2 });
 * for (const { name, scores, perStep } of result.mean) console.log(name, scores.mae, perStep);
 * @throws (rejects) OptionError when `mode` is not 'multi-step' or 'one-step'; when `forecasters` is empty, a spec is invalid (as makeForecaster), the folds
 *   do not fit (as foldPlan), training callbacks are passed (they cannot run in another thread:
 *   use onFold for progress), or a fold's training throws (e.g. TrainingDivergedError: the error of
 *   the first fold that fails, in fold order, as `backtest` would), or `signal` aborts. The pool is closed either way.
 */
export async function backtestParallel(
  series: Float32Array,
  forecasters: ForecasterSpec[],
  options: ParallelBacktestOptions = {},
): Promise<BacktestResult> {
  if (!Array.isArray(forecasters) || forecasters.length === 0) {
    throw new Error("backtestParallel needs at least one forecaster spec: pass e.g. [{ kind: 'naive' }].");
  }
  if ((options as BacktestOptions).callbacks) {
    throw new Error(
      'backtestParallel cannot run training callbacks: they are functions and the folds train in other threads. Use onFold for progress, or backtest() to train in this thread.',
    );
  }
  const mode = options.mode ?? 'multi-step';
  checkMode(mode);
  const probe = forecasters.map(makeForecaster); // validates every spec here, before any thread starts
  const minTrain = options.minTrain ?? Math.max(...probe.map((f) => f.minHistory)) + 1;
  const plan = foldPlan(series.length, { ...options, minTrain });
  options.signal?.throwIfAborted();
  const shared = sharedCopy(series);
  const levels = options.levels ? [...options.levels] : undefined;
  const tasks: FoldTask[] = plan.map((fold) => ({
    series: shared,
    forecasters,
    fold,
    period: options.period,
    mode,
    ...(levels ? { levels } : {}),
  }));
  const folds = await runTasks<FoldTask, FoldResult>('fold', tasks, {
    workers: options.workers,
    signal: options.signal,
    onResult: (result) => options.onFold?.(result),
  });
  return { folds, mean: meanScores(folds) };
}
