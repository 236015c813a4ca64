/**
 * `npm run bench:accuracy`: seqcast's forecasters against R's forecast package on the accuracy
 * collection (datasets/collection/, 15 series), on the same rolling-origin folds, scored by the
 * same code. The protocol is docs/accuracy.md's (M4's): origins n − k·h for k = K..1, each method
 * fits on the values before the origin only and forecasts the next h values at once; MASE scaled
 * by the training part's in-sample seasonal naive error, M4's sMAPE; means over folds, then over
 * series. A series whose folds would train on fewer than 2 seasons is scored on fewer folds.
 *
 * Prediction intervals (80 % and 95 %): naive, snaive, ets, theta, auto and auto-networks run wrapped
 * in a conformal forecaster calibrated on each fold's training part (src/forecast/conformal.ts;
 * the same point forecasts, so MASE does not change, but their seconds include the calibration),
 * ETS also gives its analytical intervals, R its forecast(..., level = c(80, 95)) ones (nnetar
 * none); all are scored by the same code (coverage, width, MSIS: bench/accuracy/intervals.ts).
 *
 * Usage: npm run bench:accuracy -- [--series AirPassengers,lynx] [--methods naive,snaive,ets,stlf,theta,lstm]
 *          [--r-methods naive,snaive,ets,auto.arima,thetaf,nnetar] [--folds 3] [--seed 0] [--no-r]
 *          [--no-intervals] [--before-test] [--collection accuracy|validation] [--json [file]]
 * --before-test scores the K folds just before the test folds (a validation region: choose defaults
 * there, then measure once on the test folds; bench/auto-study.ts did so for auto's combination).
 * --collection validation runs the validation set instead (datasets/validation/: 85 monthly and
 * quarterly series outside the collection, bench/r/export-validation.R), on its series' last K blocks.
 * Progress goes to stderr; the tables (or, with a bare --json, one JSON object) to stdout. The JSON
 * holds the settings, each series' folds and notes, every fold's forecast, scores, seconds and
 * chosen model for both sides (`results`), the means per series and per method, and the notes.
 * See docs/accuracy.md.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Fold } from '../src/forecast/backtest.js';
import type { Scores } from '../src/forecast/fit-and-score.js';
import { forecastFold, rollingOriginPlan, scoreFold, type RollingOriginPlan } from '../src/forecast/rolling-origin.js';
import { summarizeFolds, type FoldOutcome, type RollingOriginSummary } from '../src/forecast/rolling-origin-summary.js';
import { packageVersion } from '../src/package-version.js';
import { networkWindow } from '../src/forecast/network-window.js';
import type { CandidateRunner } from '../src/forecast/auto.js';
import { createPool } from '../src/parallel/pool.js';
import { poolCandidateRunner } from '../src/parallel/candidates.js';
import { TooShortToCalibrateError } from '../src/errors.js';
import { readCollection, VALIDATION_DIR, type CollectionSeries } from './accuracy/collection.js';
import {
  DEFAULT_SEQCAST_METHODS,
  R_METHODS,
  SEQCAST_METHODS,
  describeModel,
  makeMethod,
  type RMethod,
  type SeqcastMethod,
} from './accuracy/methods.js';
import { jobProgress, type JobProgress } from './accuracy/progress.js';
import { rAvailable, runRPeer, type ROutput } from './accuracy/r-peer.js';
import { renderAutoTimeTable, renderMaseTable, renderMeanTable, renderTimeTable, type ReportInput } from './accuracy/report.js';
import { integer, list } from './options.js';
import { renderIntervalTable, scoreIntervals, seqcastIntervalScores, type IntervalScore } from './accuracy/intervals.js';

interface RunOptions {
  series?: string[];
  methods: SeqcastMethod[];
  rMethods: RMethod[];
  folds: number;
  seed: number;
  workers: number;
  r: boolean;
  intervals: boolean;
  /** Score the K folds just before the test folds (each series shortened by K·h): a validation region. */
  beforeTest: boolean;
  /** Which series: the accuracy collection's 15, or the validation set's. */
  collection: 'accuracy' | 'validation';
  json?: string | true;
}

/** One method's forecast of one fold, scored (or the reason it has none). */
interface FoldRow {
  side: 'seqcast' | 'R';
  /** The column key: seqcast's method id, or 'R ' + R's function. */
  method: string;
  series: string;
  fold: number;
  origin: number;
  end: number;
  forecast: number[] | null;
  scores: Scores | null;
  notes: string[];
  /** Fit + forecast, wall clock. */
  seconds: number;
  error: string | null;
  /** What the method chose (ETS form, ARIMA orders), when it says. */
  model: string | null;
  /** The fold's prediction intervals, scored (none when the method has none). */
  intervals: IntervalScore[];
}

interface SeriesPlan {
  series: CollectionSeries;
  plan: RollingOriginPlan;
}

function parseArgs(argv: string[]): RunOptions {
  return new Command('bench:accuracy')
    .description(
      "seqcast's forecasters against R's forecast package on the 15 series of datasets/collection/ (or the validation set's 85), same folds, same scoring",
    )
    .option('--series <list>', 'series to run, by name (default: all 15)', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .option(
      '--methods <list>',
      `seqcast's methods, of ${SEQCAST_METHODS.join(',')}`,
      list('--methods', SEQCAST_METHODS),
      DEFAULT_SEQCAST_METHODS,
    )
    .option('--r-methods <list>', `R's functions, of ${R_METHODS.join(',')}`, list('--r-methods', R_METHODS), [...R_METHODS])
    .option('--folds <n>', 'rolling origins per series (K)', integer('--folds', 1), 3)
    .option('--seed <n>', "seed of the networks' weights and shuffle, and R's set.seed before nnetar", integer('--seed', 0), 0)
    .option('--workers <n>', "worker threads for auto's inner backtest (1: in this thread)", integer('--workers', 1), 2)
    .option('--no-r', 'seqcast only (no R peer)')
    .option('--no-intervals', 'point forecasts only (no conformal calibration, no interval table)')
    .option(
      '--before-test',
      'score the K folds just before the test folds instead (each series shortened by K·h): a validation region for choosing defaults without looking at the test folds',
      false,
    )
    .option(
      '--collection <set>',
      "accuracy: the collection's 15 series; validation: the validation set's 85 (datasets/validation/, none of them in the collection)",
      (v: string) => {
        if (v !== 'accuracy' && v !== 'validation')
          throw new InvalidArgumentError(`--collection is accuracy or validation, got ${JSON.stringify(v)}.`);
        return v;
      },
      'accuracy',
    )
    .option(
      '--json [file]',
      'write everything as JSON (per-fold forecasts and scores): to stdout instead of the tables, or to file besides them',
    )
    .parse(argv)
    .opts<RunOptions>();
}

/** The series to run and their folds; a series too short for any fold is named and left out. */
function planSeries(collection: CollectionSeries[], options: RunOptions, notes: string[]): SeriesPlan[] {
  let chosen = collection;
  if (options.series) {
    const names = collection.map((s) => s.name);
    const unknown = options.series.filter((s) => !names.includes(s));
    if (unknown.length > 0) throw new Error(`Unknown series ${unknown.join(', ')}: the collection has ${names.join(', ')}.`);
    chosen = collection.filter((s) => options.series!.includes(s.name));
  }
  const plans: SeriesPlan[] = [];
  for (const series of chosen) {
    try {
      // --before-test: the same plan on the series without its last K·h values (the test folds)
      const n = series.values.length - (options.beforeTest ? options.folds * series.horizon : 0);
      const plan = rollingOriginPlan(n, { horizon: series.horizon, folds: options.folds, period: series.period });
      plans.push({ series, plan });
      if (plan.note) notes.push(`${series.name} is scored on ${plan.note}.`);
    } catch (e) {
      notes.push(`${series.name} is left out: ${(e as Error).message}`);
    }
  }
  return plans;
}

function rowOf(
  side: FoldRow['side'],
  method: string,
  series: CollectionSeries,
  fold: Fold,
): Omit<FoldRow, 'forecast' | 'scores' | 'notes' | 'seconds' | 'error' | 'model' | 'intervals'> {
  return { side, method, series: series.name, fold: fold.index, origin: fold.origin, end: fold.end };
}

async function runSeqcast(plans: SeriesPlan[], options: RunOptions, progress: JobProgress): Promise<FoldRow[]> {
  // auto's candidates run on worker threads (its inner backtest); the other methods in this thread
  const pool = options.methods.some((m) => m.startsWith('auto')) && options.workers > 1 ? createPool({ workers: options.workers }) : null;
  try {
    return await runSeqcastMethods(plans, options, progress, pool ? poolCandidateRunner(pool) : undefined);
  } finally {
    await pool?.destroy();
  }
}

async function runSeqcastMethods(
  plans: SeriesPlan[],
  options: RunOptions,
  progress: JobProgress,
  runner?: CandidateRunner,
): Promise<FoldRow[]> {
  const rows: FoldRow[] = [];
  for (const { series, plan } of plans) {
    for (const fold of plan.folds) {
      for (const method of options.methods) {
        const task = `${series.name} fold ${fold.index} ${method}`;
        progress.status(task);
        const base = rowOf('seqcast', method, series, fold);
        const notes: string[] = [];
        try {
          let forecaster = makeMethod(method, series.period, options.seed, fold.end - fold.origin, runner, options.intervals);
          const epochs = (forecaster as { spec?: { epochs: number } }).spec?.epochs;
          const callbacks = epochs ? [{ onEpochEnd: (epoch: number) => progress.status(`${task} epoch ${epoch + 1}/${epochs}`) }] : [];
          let r;
          try {
            r = await forecastFold(forecaster, series.values, fold, { period: series.period, callbacks });
          } catch (e) {
            // a training part too short to calibrate intervals on still gets its point forecast
            if (!(e instanceof TooShortToCalibrateError)) throw e;
            notes.push(`${method}: ${series.name} fold ${fold.index} has no intervals (${(e as Error).message})`);
            forecaster = makeMethod(method, series.period, options.seed, fold.end - fold.origin, runner);
            r = await forecastFold(forecaster, series.values, fold, { period: series.period, callbacks });
          }
          const intervals = options.intervals
            ? seqcastIntervalScores(method, forecaster, series.name, series.values, fold, series.period, notes)
            : [];
          rows.push({
            ...base,
            forecast: [...r.forecast],
            scores: r.scores,
            notes: [...r.notes, ...notes],
            seconds: r.seconds,
            error: null,
            model: describeModel(forecaster),
            intervals,
          });
          progress.done(task, r.seconds);
        } catch (e) {
          rows.push({
            ...base,
            forecast: null,
            scores: null,
            notes,
            seconds: NaN,
            error: (e as Error).message,
            model: null,
            intervals: [],
          });
          progress.done(`${task} failed`, 0);
        }
      }
    }
  }
  return rows;
}

async function runR(plans: SeriesPlan[], options: RunOptions, progress: JobProgress): Promise<{ rows: FoldRow[]; output: ROutput }> {
  const output = await runRPeer(
    {
      seed: options.seed,
      methods: options.rMethods,
      series: plans.map(({ series, plan }) => ({
        name: series.name,
        file: series.file,
        valueColumn: series.valueColumn,
        period: series.period,
        length: series.values.length,
        folds: plan.folds,
      })),
    },
    (series, fold, method, seconds) => progress.done(`${series} fold ${fold} R ${method}`, seconds),
  );
  const rows = output.results.map((r): FoldRow => {
    const { series, plan } = plans.find((p) => p.series.name === r.series)!;
    const fold = plan.folds.find((f) => f.index === r.fold)!;
    const base = rowOf('R', `R ${r.method}`, series, fold);
    if (r.forecast === null)
      return { ...base, forecast: null, scores: null, notes: [], seconds: r.seconds, error: r.error, model: null, intervals: [] };
    // R's forecasts and intervals, scored by the same code as seqcast's
    const scored = scoreFold(series.values, fold, r.forecast, series.period);
    const intervals =
      options.intervals && r.intervals
        ? [
            scoreIntervals(
              `R ${r.method}`,
              series.name,
              series.values,
              fold,
              series.period,
              r.intervals.level.map((level, l) => ({ level, lower: r.intervals!.lower[l], upper: r.intervals!.upper[l] })),
            ),
          ]
        : [];
    return { ...base, forecast: r.forecast, ...scored, seconds: r.seconds, error: null, model: r.model, intervals };
  });
  return { rows, output };
}

function outcomes(rows: FoldRow[]): FoldOutcome[] {
  return rows.map((r) => ({
    series: r.series,
    method: r.method,
    fold: r.fold,
    ...(r.scores ? { scores: { mase: r.scores.mase, smape: r.scores.smape } } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
  }));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv);
  const notes: string[] = [];
  const plans = planSeries(options.collection === 'validation' ? readCollection(VALIDATION_DIR) : readCollection(), options, notes);
  if (plans.length === 0) throw new Error('No series to run: every series chosen is too short for one fold.');
  const withR = options.r && rAvailable();
  if (options.r && !withR) {
    notes.push("R not found: seqcast only (Rscript -e 'library(forecast)' failed).");
    process.stderr.write('R not found: seqcast only\n');
  }
  const folds = plans.reduce((sum, p) => sum + p.plan.folds.length, 0);
  const progress = jobProgress(folds * (options.methods.length + (withR ? options.rMethods.length : 0)));
  const started = new Date();
  let rRun: { rows: FoldRow[]; output: ROutput } | null = null;
  let seqcastRows: FoldRow[];
  try {
    // one after the other, so neither side's times include the other's load
    if (withR) rRun = await runR(plans, options, progress);
    seqcastRows = await runSeqcast(plans, options, progress);
  } finally {
    progress.stop();
  }
  const rows = [...seqcastRows, ...(rRun?.rows ?? [])];
  const summary: RollingOriginSummary = summarizeFolds(outcomes(rows));
  const methods = [...options.methods, ...(rRun ? options.rMethods.map((m) => `R ${m}`) : [])];
  const seconds = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.series}\t${r.method}`;
    if (Number.isFinite(r.seconds)) seconds.set(key, (seconds.get(key) ?? 0) + r.seconds);
  }
  for (const m of summary.perMethod) for (const n of m.notes) notes.push(`${m.method}: ${n}`);
  const report: ReportInput = {
    series: plans.map((p) => ({ name: p.series.name, folds: p.plan.folds.length, requested: p.plan.requested })),
    methods,
    summary,
    seconds,
    reference: options.collection === 'accuracy' && plans.length === 15 && options.folds === 3 && !options.beforeTest,
  };
  const settings = {
    date: started.toISOString().slice(0, 10),
    seqcast: packageVersion(),
    node: process.version,
    r: rRun ? { version: rRun.output.r, forecast: rRun.output.forecast } : null,
    folds: options.folds,
    beforeTest: options.beforeTest,
    collection: options.collection,
    seed: options.seed,
    networkWindow: 'max(8, 2 × period)',
  };
  const json = {
    ...settings,
    series: plans.map(({ series, plan }) => ({
      name: series.name,
      period: series.period,
      horizon: series.horizon,
      length: series.values.length,
      folds: plan.folds,
      note: plan.note ?? null,
      ...(options.methods.some((m) => !['naive', 'snaive', 'ets', 'arima', 'theta'].includes(m))
        ? { window: networkWindow(series.period) }
        : {}),
    })),
    methods,
    perMethod: summary.perMethod,
    perSeries: summary.perSeries,
    seconds: Object.fromEntries(seconds),
    results: rows,
    notes,
  };
  if (options.json === true) {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  if (typeof options.json === 'string') writeFileSync(options.json, JSON.stringify(json, null, 2) + '\n');
  const intervalScores = rows.flatMap((r) => r.intervals);
  const intervalTable = intervalScores.length > 0 ? renderIntervalTable(intervalScores) : null;
  for (const r of rows) for (const n of r.notes) if (n.includes('has no intervals')) notes.push(n);
  const out = [
    `seqcast ${settings.seqcast} against ${settings.r ? `R ${settings.r.version}, forecast ${settings.r.forecast}` : 'no R'}; ${settings.date}; ${options.collection === 'validation' ? `the validation set (${plans.length} series), ` : ''}${options.folds} folds${options.beforeTest ? ' just before the test folds (validation)' : ''}, M4 horizons, seed ${options.seed}`,
    '',
    'MASE per series (mean over its folds)',
    renderMaseTable(report),
    '',
    'Mean over the series',
    renderMeanTable(report),
    '',
    'Seconds per series (fit + forecast, summed over the folds)',
    renderTimeTable(report),
    ...autoTime(report, options.intervals),
    ...(intervalTable
      ? [
          '',
          `Prediction intervals: pooled coverage (% of all actual values inside), the 95 % coverage's lowest–highest per series, mean width over the naive scale (as MASE's), mean MSIS at 95 %; on the ${intervalTable.common} of ${intervalTable.total} folds every row has`,
          intervalTable.table,
        ]
      : []),
    ...(notes.length > 0 ? ['', 'Notes', ...notes.map((n) => `- ${n}`)] : []),
  ];
  process.stdout.write(out.join('\n') + '\n');
}

/**
 * The time check of auto against R's ets + auto.arima + nnetar, when the run has both. With
 * intervals, seqcast's seconds include the conformal calibration (auto again on each calibration
 * fold) where R's analytical intervals cost nothing: the table says so, and --no-intervals times
 * the point forecasts alone, as R's.
 */
function autoTime(report: ReportInput, intervals: boolean): string[] {
  const table = renderAutoTimeTable(report);
  if (!table) return [];
  const title = "auto's time against R's ets + auto.arima + nnetar on the same folds (seconds summed over the folds)";
  const caveat =
    "(with intervals: seqcast's seconds include calibrating its conformal intervals, R's none; --no-intervals times the point forecasts alone)";
  return ['', intervals ? `${title}\n${caveat}` : title, table];
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:accuracy: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
