/**
 * The task functions a worker thread of the pool runs (piscina imports this file and calls the
 * export named by `run(task, { name })`). Each is a pure function of its task, plain JSON and
 * typed arrays, so a worker gives the same numbers as the main thread: `trainJob` is also what
 * a sequential run calls.
 *
 *   train: fitAndScore(series, [networkForecaster(spec)], split) → its history, mae and weights
 *   fold:  runFold(series, forecasters made afresh from their specs, fold, { period, mode })
 *   courseCase: one case of the course's reproduction (runCase) for one seed
 *   candidate: fit a spec on series[0, origin) and forecast h values (runCandidate): one candidate
 *              of `auto`'s inner backtest, or one series of a many-series run (bench:m4), where
 *              the spec may be any forecaster, `auto` and `conformal` included
 *   seriesChunk: a chunk of a many-series run (runSeriesChunk): each series forecast or backtested
 */
import { networkForecaster } from '../forecast/network.js';
import { runCandidate, type CandidateJob, type CandidateOutcome } from '../forecast/auto.js';
import { makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { runFold, type Fold, type FoldResult } from '../forecast/backtest.js';
import { fitAndScore, type ForecastMode } from '../forecast/fit-and-score.js';
import { COURSE_CASES, runCase, type CaseResult } from '../forecast/course-cases.js';
import type { History } from '../model/fit.js';
import { runSeriesChunk, type SeriesChunkTask, type SeriesOutcome } from '../forecast/series-chunk.js';
import type { NetworkSpecInput } from '../model/model-spec.js';

/** One independent training: a network spec fitted on series[0, split), scored on series[split, end). */
export interface TrainJob {
  /** The whole series; the training part is [0, split), the validation part [split, end). */
  series: Float32Array | number[];
  /** First validation index. */
  split: number;
  /** The network (its seed included). */
  spec: NetworkSpecInput;
}

/** What one training gives back. */
export interface TrainResult {
  /** MAE of the one-step sliding forecasts of series[split, end); NaN when split = series.length. */
  mae: number;
  /** Loss and metrics per epoch. */
  history: History;
  /** Wall time of fit + forecast, in seconds. */
  seconds: number;
  /** The trained weights, one flat buffer (Keras `get_weights()` order). */
  weights: Float32Array;
}

/**
 * Trains one job in this thread: what a worker runs, and the sequential reference.
 *
 * @example const r = await trainJob({ series, split: 1000, spec: { model: 'rnn', epochs: 20, seed: 3 } }); r.mae;
 * @throws when `split` is not an integer in [window + 1, series.length], the spec is invalid, or
 *   fit throws (e.g. TrainingDivergedError: lower the learning rate).
 */
export async function trainJob(job: TrainJob): Promise<TrainResult> {
  const series = job.series instanceof Float32Array ? job.series : Float32Array.from(job.series);
  const { split } = job;
  if (!Number.isInteger(split) || split < 1 || split > series.length) {
    throw new Error(
      `trainJob: split must be an integer in [1, ${series.length}] (the first validation index), got ${split}: e.g. 1000 for the course's series.`,
    );
  }
  const start = performance.now();
  const forecaster = networkForecaster(job.spec);
  const [result] = await fitAndScore(series, [forecaster], split); // mae NaN when split = series.length
  const seconds = (performance.now() - start) / 1000;
  // a copy: the model's weights live in the kernels' memory, which cannot leave this thread
  return { mae: result.scores.mae, history: forecaster.history!, seconds, weights: forecaster.model.params.values.slice() };
}

/** The `train` task: {@link trainJob} in a worker. */
export async function train(job: TrainJob): Promise<TrainResult> {
  return trainJob(job);
}

/** A fold task: the series, the forecasters' specs, the fold, the season length of mase and the forecast mode. */
export interface FoldTask {
  series: Float32Array;
  forecasters: ForecasterSpec[];
  fold: Fold;
  period?: number;
  /** Default 'multi-step', as runFold. */
  mode?: ForecastMode;
  /** Interval levels to give and score (multi-step), as runFold's `levels`. */
  levels?: number[];
}

/**
 * The `fold` task: one backtest fold with forecasters made afresh from their specs.
 * @example await fold({ series, forecasters: [{ kind: 'naive' }], fold: plan[0] });
 * @throws as runFold and makeForecaster.
 */
export async function fold(task: FoldTask): Promise<FoldResult> {
  const forecasters = task.forecasters.map(makeForecaster);
  return runFold(task.series, forecasters, task.fold, { period: task.period, mode: task.mode, levels: task.levels });
}

/** A course case (src/forecast/course-cases.ts) by id, for one seed. */
export interface CourseCaseTask {
  id: string;
  seed: number;
  /** Override the case's epochs (a quick check). */
  epochs?: number;
}

/**
 * The `courseCase` task: one reproduction case for one seed, as `runCase` in the main thread.
 * @example await courseCase({ id: 'synthetic-bilstm', seed: 3 });
 * @throws when the id is unknown, and as runCase.
 */
export async function courseCase(task: CourseCaseTask): Promise<CaseResult> {
  const c = COURSE_CASES.find((k) => k.id === task.id);
  if (!c) throw new Error(`Unknown course case '${task.id}': use ${COURSE_CASES.map((k) => k.id).join(', ')}.`);
  return runCase(c, { seed: task.seed, epochs: task.epochs });
}

/** A {@link CandidateJob} whose spec may be any forecaster's (`auto`, `conformal` too): one series of a many-series run. */
export type ForecastJob = Omit<CandidateJob, 'spec'> & { spec: ForecasterSpec };

/**
 * The `candidate` task: fit a spec on series[0, origin) and forecast `horizon` values, as in the
 * main thread: one candidate of `auto`'s inner backtest, or one series of a many-series run.
 * @example await candidate({ spec: { kind: 'theta', period: 12 }, series, origin: 100, horizon: 18 });
 * @example await candidate({ spec: { kind: 'auto', period: 24, horizon: 48 }, series: train, origin: train.length, horizon: 48 });
 * @throws never for the candidate's own failure (it is the outcome's error).
 */
export async function candidate(job: CandidateJob | ForecastJob): Promise<CandidateOutcome> {
  // makeForecaster builds every base spec as makeBaseForecaster does, and auto and conformal besides
  return runCandidate(job as CandidateJob, undefined, (spec) => makeForecaster(spec as ForecasterSpec));
}

/**
 * The `seriesChunk` task: one chunk of a many-series forecast or backtest, each series as a
 * one-series run would do it (see series-chunk.ts).
 * @example await seriesChunk({ kind: 'forecast', forecasters: [{ kind: 'naive' }], series: [{ index: 0, values }], horizon: 6 });
 * @throws as runSeriesChunk (a series' own failure is its outcome's `skipped`).
 */
export async function seriesChunk(task: SeriesChunkTask): Promise<SeriesOutcome[]> {
  return runSeriesChunk(task);
}
