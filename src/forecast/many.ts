/**
 * Many series forecast or backtested in one run: the series are cut into chunks, each chunk is
 * one `seriesChunk` job on a {@link TaskRunner} (this thread, the worker pool, a queue), and each
 * series' outcome is handed on in the series' order as the chunks complete, so a caller can write
 * rows as they come without holding them. Every series is a one-series run with the same specs and
 * seeds (series-chunk.ts), so the outcomes are the same whatever runs the jobs and in what order.
 *
 * The outcomes of the chunks that finished out of order wait for the ones before them; the run
 * keeps no series' windows (a job builds them) and no forecast after it is handed on.
 */
import { OptionError } from '../errors.js';
import { MAX_FOLDS, MAX_HORIZON } from '../limits.js';
import type { TaskRunner } from '../parallel/task-runner.js';
import { resolveConformalOptions } from './conformal.js';
import { makeForecaster, type ForecasterSpec } from './forecaster-spec.js';
import { checkLevels } from './intervals.js';
import { summarizeMany, type ManySummary } from './many-summary.js';
import type { SeriesChunkTask, SeriesOutcome } from './series-chunk.js';

/** A series to forecast: its values (an entry of a many-series reader fits). */
export interface ManySeriesInput {
  values: Float32Array;
}

/** Options of {@link forecastMany} and {@link backtestMany}. */
export interface ManyOptions {
  /** Where the jobs run: threadRunner(), poolRunner(createPool(...)), a queue's runner. */
  runner: TaskRunner;
  /** Values forecast past each series (forecast), or per fold (backtest). */
  horizon: number;
  /** Interval levels in percent; default none. */
  levels?: number[];
  /** Season length: the conformal calibration's, and MASE's in a backtest; default 1. */
  period?: number;
  /** backtest: folds per series (fewer on a short series); default 3. */
  folds?: number;
  /** Series per job; default by the forecasters' cost (see {@link defaultChunkSize}). */
  chunkSize?: number;
  /** Called for each series' outcome in the series' order, as soon as the chunks before it are done (awaited). */
  onSeries?: (outcome: SeriesOutcome) => void | Promise<void>;
  /** Called as series are done, in any order: how many so far, and of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Aborts the jobs not yet finished. */
  signal?: AbortSignal;
}

/** What a many-series run gives back besides the outcomes handed to `onSeries`. */
export interface ManyResult {
  /** Series done (forecast or backtested). */
  done: number;
  /** Series skipped, by index, with the reason. */
  skipped: { index: number; reason: string }[];
  /** backtest: per forecaster, its mean and median MASE over the series and the series it wins. */
  summary?: ManySummary;
}

/**
 * Series per job when none is asked for: enough that a job takes about 0.1–1 s on a long series
 * (baselines are instant, ETS and Theta a few tens of ms a series, a network or auto seconds).
 * @example defaultChunkSize([{ kind: 'naive' }]); // 200
 * @throws never.
 */
export function defaultChunkSize(specs: ForecasterSpec[]): number {
  const kinds = specs.map((s) => (s.kind === 'conformal' ? s.of.kind : s.kind));
  if (kinds.some((k) => k === 'network' || k === 'auto' || k === 'mean')) return 1;
  if (kinds.some((k) => k === 'ets' || k === 'arima' || k === 'theta')) return 8;
  return 200;
}

/**
 * Fits `spec` on each series (all its values) and forecasts its next `horizon` values, with
 * intervals at `levels` (ETS's own, else conformal); each series' outcome goes to `onSeries`.
 * @example
 * const runner = threadRunner();
 * await forecastMany(series, { kind: 'ets', period: 12 }, { runner, horizon: 18, levels: [80, 95], onSeries: (o) => rows.push(o) });
 * @throws OptionError for a bad spec, horizon, level list, folds or chunk size (before any job);
 *   (rejects) with a job's error that is not a series' own (a bug, an abort).
 */
export async function forecastMany(series: ManySeriesInput[], spec: ForecasterSpec, options: ManyOptions): Promise<ManyResult> {
  return runMany('forecast', series, [spec], options);
}

/**
 * Backtests `forecasters` on each series (rolling origin, `folds` of `horizon` values, the
 * forecasters on the same folds, intervals scored with `levels`), and sums up: per forecaster its
 * mean and median MASE over the series and how many series it wins.
 * @example const { summary } = await backtestMany(series, [{ kind: 'ets', period: 12 }, { kind: 'seasonal-naive', period: 12 }], { runner, horizon: 18, period: 12 });
 * @throws as {@link forecastMany}.
 */
export async function backtestMany(series: ManySeriesInput[], forecasters: ForecasterSpec[], options: ManyOptions): Promise<ManyResult> {
  return runMany('backtest', series, forecasters, options);
}

async function runMany(
  kind: SeriesChunkTask['kind'],
  series: ManySeriesInput[],
  forecasters: ForecasterSpec[],
  options: ManyOptions,
): Promise<ManyResult> {
  const { runner, horizon, levels, period = 1, folds = 3 } = options;
  checkOptions(kind, forecasters, options);
  const size = options.chunkSize ?? defaultChunkSize(forecasters);
  const chunks: SeriesChunkTask[] = [];
  for (let start = 0; start < series.length; start += size) {
    chunks.push({
      kind,
      forecasters,
      series: series.slice(start, start + size).map((s, k) => ({ index: start + k, values: s.values })),
      horizon,
      ...(kind === 'backtest' ? { folds } : {}),
      ...(levels ? { levels } : {}),
      period,
    });
  }
  const result: ManyResult = { done: 0, skipped: [] };
  const names: string[][] = [];
  const meanMase: number[][] = [];
  // chunks finish in any order: each waits here until the ones before it are handed on
  const waiting = new Map<number, SeriesOutcome[]>();
  let next = 0;
  let seriesDone = 0;
  let handing: Promise<void> = Promise.resolve();
  const handOn = async (): Promise<void> => {
    for (let outcomes = waiting.get(next); outcomes; outcomes = waiting.get(next)) {
      waiting.delete(next++);
      for (const o of outcomes) {
        if (o.skipped !== undefined) result.skipped.push({ index: o.index, reason: o.skipped });
        else result.done++;
        if (o.backtest) {
          names.push(o.backtest.names);
          meanMase.push(o.backtest.mean.map((s) => s.mase));
        }
        await options.onSeries?.(o);
      }
    }
  };
  await runner.run<SeriesChunkTask, SeriesOutcome[]>('seriesChunk', chunks, {
    signal: options.signal,
    onResult: (outcomes, index) => {
      waiting.set(index, outcomes);
      seriesDone += outcomes.length;
      options.onProgress?.(seriesDone, series.length);
      handing = handing.then(handOn);
      return handing;
    },
  });
  await handing;
  if (kind === 'backtest') result.summary = summarizeMany(names, meanMase);
  return result;
}

function checkOptions(kind: SeriesChunkTask['kind'], forecasters: ForecasterSpec[], o: ManyOptions): void {
  const who = kind === 'forecast' ? 'forecastMany' : 'backtestMany';
  if (!Array.isArray(forecasters) || forecasters.length === 0 || (kind === 'forecast' && forecasters.length !== 1))
    throw new OptionError(
      `${who} needs ${kind === 'forecast' ? 'one forecaster spec' : 'at least one forecaster spec'}, e.g. { kind: 'ets', period: 12 }.`,
    );
  for (const spec of forecasters) makeForecaster(spec); // a bad spec fails here, once, not in every job
  if (!Number.isInteger(o.horizon) || o.horizon < 1 || o.horizon > MAX_HORIZON)
    throw new OptionError(`${who}: the horizon must be an integer from 1 to ${MAX_HORIZON}, got ${o.horizon}: e.g. 18 for monthly series.`);
  if (o.period !== undefined && (!Number.isInteger(o.period) || o.period < 1))
    throw new OptionError(`${who}: the period must be a positive integer (1 for none), got ${o.period}: e.g. 12 for monthly series.`);
  if (o.levels) {
    checkLevels(o.levels, who);
    resolveConformalOptions({ horizon: o.horizon, period: o.period ?? 1 }); // the horizon conformal intervals can be calibrated for
  }
  if (o.folds !== undefined && (!Number.isInteger(o.folds) || o.folds < 1 || o.folds > MAX_FOLDS))
    throw new OptionError(`${who}: folds must be an integer from 1 to ${MAX_FOLDS}, got ${o.folds}: e.g. 3.`);
  if (o.chunkSize !== undefined && (!Number.isInteger(o.chunkSize) || o.chunkSize < 1))
    throw new OptionError(`${who}: chunkSize must be a positive integer, got ${o.chunkSize}: e.g. 50 series per job.`);
}
