/**
 * The work of one job of a many-series run: a chunk of series, each forecast or backtested on its
 * own exactly as a one-series run does it (forecastWithIntervals in intervals.ts, backtest in
 * backtest.ts), with forecasters made afresh from their JSON specs, seeds inside. The task is
 * plain JSON and typed arrays in, plain JSON and typed arrays out, a pure function of its payload,
 * so the thread, the worker pool and a queue worker give the same rows.
 *
 * A series that is too short (for the window, the folds, a forecaster's minHistory, the interval
 * calibration) or that a forecaster cannot fit (an InputError or TrainingError: ETS on values it
 * cannot model, a network that diverges) comes back as skipped with its reason; the chunk goes on.
 * Browser-safe: no Node modules.
 *
 * H = horizon, L = levels.
 */
import { InputError, TrainingError } from '../errors.js';
import { backtest } from './backtest.js';
import { minConformalTrain, resolveConformalOptions } from './conformal.js';
import { makeForecaster, type ForecasterSpec } from './forecaster-spec.js';
import { forecastWithIntervals } from './intervals.js';
import type { Scores } from './fit-and-score.js';

/** One job: what to do with each series of the chunk. */
export interface SeriesChunkTask {
  /** 'forecast': fit each series on all its values and forecast `horizon` values; 'backtest': rolling-origin folds. */
  kind: 'forecast' | 'backtest';
  /** forecast: the one forecaster; backtest: the forecasters compared, on the same folds. */
  forecasters: ForecasterSpec[];
  /** The chunk: each series' index in the run and its values. */
  series: { index: number; values: Float32Array }[];
  /** Values forecast (forecast) or scored per fold (backtest). */
  horizon: number;
  /** backtest: the folds wanted (fewer where a series is short, as `seqcast backtest` does); default 3. */
  folds?: number;
  /** Interval levels in percent; forecast: ETS's own, else conformal; backtest: conformal, scored. */
  levels?: number[];
  /** The season length: the conformal calibration's and MASE's (backtest); default 1. */
  period?: number;
  /**
   * true: each outcome carries `seconds`, its series' wall time in the task (what a benchmark
   * reports). Off by default, so that an outcome is a pure function of the task.
   */
  timed?: boolean;
}

/** A forecast with its intervals. */
export interface SeriesForecast {
  /** (H) */
  mean: Float32Array;
  levels: number[];
  /** Per level, (H) bounds. */
  lower: Float32Array[];
  upper: Float32Array[];
  notes: string[];
}

/** One forecaster's scores on one fold, and its intervals' when asked for. */
export interface SeriesFoldScores {
  fold: number;
  origin: number;
  scores: Scores;
  /** Per level, in percent; absent without intervals. */
  coverage?: number[];
  width?: number[];
  msis?: number;
}

/** A series' backtest: per forecaster (in the task's order) its folds and its mean scores. */
export interface SeriesBacktest {
  names: string[];
  folds: number;
  /** Per forecaster, per fold. */
  perFold: SeriesFoldScores[][];
  /** Per forecaster, the means over the folds. */
  mean: Scores[];
  notes: string[];
}

/** What one series gives: a forecast, a backtest, or the reason it was skipped. */
export interface SeriesOutcome {
  index: number;
  skipped?: string;
  forecast?: SeriesForecast;
  backtest?: SeriesBacktest;
  /** With `timed`: the series' fit, forecast (and calibration) in seconds. */
  seconds?: number;
}

/**
 * Runs one chunk: every series in turn, each a one-series run.
 * @example const [o] = await runSeriesChunk({ kind: 'forecast', forecasters: [{ kind: 'naive' }], series: [{ index: 0, values }], horizon: 6 });
 * @throws OptionError for a bad spec, horizon or level (the run checks them first); what a
 *   forecaster throws besides InputError and TrainingError (a bug).
 */
export async function runSeriesChunk(task: SeriesChunkTask): Promise<SeriesOutcome[]> {
  const out: SeriesOutcome[] = [];
  for (const { index, values } of task.series) {
    const started = performance.now();
    const timed = (o: SeriesOutcome): SeriesOutcome => (task.timed ? { ...o, seconds: (performance.now() - started) / 1000 } : o);
    try {
      out.push(
        timed(
          task.kind === 'forecast'
            ? { index, forecast: await forecastSeries(values, task) }
            : { index, backtest: await backtestSeries(values, task) },
        ),
      );
    } catch (err) {
      if (!(err instanceof InputError || err instanceof TrainingError)) throw err;
      out.push(timed({ index, skipped: err.message }));
    }
  }
  return out;
}

/**
 * One series fitted on all its values, then its `horizon` next values, with intervals at `levels`
 * (a forecaster's own analytical ones, ETS's; any other forecaster wrapped in conformal intervals for the horizon,
 * ETS's forecast variance on a series too short to calibrate them, none below two seasons, with a note).
 * @example const f = await forecastSeries(values, { forecasters: [{ kind: 'ets', period: 12 }], horizon: 18, levels: [80, 95] });
 * @throws InputError when the series is too short for the forecaster; what fit throws.
 */
export async function forecastSeries(
  values: Float32Array,
  task: Pick<SeriesChunkTask, 'forecasters' | 'horizon' | 'levels' | 'period'>,
): Promise<SeriesForecast> {
  const [spec] = task.forecasters;
  const { horizon } = task;
  let levels = task.levels;
  const notes: string[] = [];
  let withIntervals = spec;
  const plain = makeForecaster(spec); // unfitted: what it is, not what it forecasts
  if (levels && spec.kind !== 'conformal' && !plain.analyticalIntervals) {
    const conformal = resolveConformalOptions({ horizon, period: task.period ?? 1 });
    const least = minConformalTrain(conformal, plain.minHistory);
    if (values.length >= least) withIntervals = { kind: 'conformal', of: spec, ...conformal };
    else {
      notes.push(`no intervals: ${horizon}-step intervals need at least ${least} values (two seasons), the series has ${values.length}`);
      levels = undefined;
    }
  }
  const f = withIntervals === spec ? plain : makeForecaster(withIntervals);
  if (values.length < f.minHistory + 1)
    throw new InputError(`The series has ${values.length} values and ${f.name} needs at least ${f.minHistory + 1} to fit on.`);
  await f.fit(values);
  if (!levels) return { mean: f.forecast(values, horizon), levels: [], lower: [], upper: [], notes };
  const { mean, intervals, notes: own } = forecastWithIntervals(f, values, horizon, { level: levels });
  return { mean, levels: [...levels], lower: intervals.map((i) => i.lower), upper: intervals.map((i) => i.upper), notes: own ?? [] };
}

/**
 * One series' rolling-origin backtest, as `backtest(values, () => forecasters, { folds, horizon, period, levels })`:
 * the folds wanted, or the most whose first leaves two seasons and every forecaster its history
 * (a note says so); intervals (each forecaster wrapped in conformal) when every forecaster can be
 * calibrated before the first origin, else none (a note says so).
 * @example const b = await backtestSeries(values, { forecasters: [{ kind: 'naive' }], horizon: 6, folds: 3 });
 * @throws InputError when not even one fold fits; what a forecaster throws.
 */
export async function backtestSeries(
  values: Float32Array,
  task: Pick<SeriesChunkTask, 'forecasters' | 'horizon' | 'folds' | 'levels' | 'period'>,
): Promise<SeriesBacktest> {
  const { horizon, levels } = task;
  const period = task.period ?? 1;
  const wanted = task.folds ?? 3;
  const n = values.length;
  const minHistory = Math.max(...task.forecasters.map((s) => makeForecaster(s).minHistory));
  const minTrain = Math.max(2 * period, minHistory + 1);
  let folds = wanted;
  while (folds > 1 && n - folds * horizon < minTrain) folds--;
  if (n - folds * horizon < minTrain)
    throw new InputError(
      `The series has ${n} values: one fold of ${horizon} leaves ${Math.max(0, n - horizon)} to train on, and the forecasters need ${minTrain} (two seasons and each one's history): use a shorter --horizon.`,
    );
  const notes = folds < wanted ? [`backtested on the last ${folds} of ${wanted} folds: the series is too short for more`] : [];
  let specs = task.forecasters;
  let scored: number[] | undefined;
  if (levels) {
    const conformal = resolveConformalOptions({ horizon, period });
    if (specs.every((s) => n - folds * horizon >= minConformalTrain(conformal, makeForecaster(s).minHistory))) {
      specs = specs.map((of) => ({ kind: 'conformal', of, ...conformal }) as ForecasterSpec);
      scored = levels;
    } else notes.push(`no intervals: the series is too short to calibrate ${horizon}-step intervals before the first origin`);
  }
  const result = await backtest(values, () => specs.map(makeForecaster), { folds, horizon, period, ...(scored ? { levels: scored } : {}) });
  const plain = (name: string): string => name.replace(/^conformal /, '');
  return {
    names: result.mean.map((m) => plain(m.name)),
    folds,
    perFold: specs.map((_, j) =>
      result.folds.map(({ fold, results }) => {
        const r = results[j];
        return {
          fold: fold.index,
          origin: fold.origin,
          scores: r.scores,
          ...(r.intervals ? { coverage: r.intervals.coverage, width: r.intervals.width, msis: r.intervals.msis } : {}),
        };
      }),
    ),
    mean: result.mean.map((m) => m.scores),
    notes,
  };
}
