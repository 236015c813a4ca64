/**
 * `seqcast backtest`: a rolling-origin backtest of the network the flags describe and every
 * baseline on the same folds (see src/forecast/backtest.ts). By default each fold's values are
 * forecast at once from its origin (multi-step, as a forecast is used), scored per fold, on
 * average, and at each step ahead; `--one-step` scores the course's one-step sliding forecasts
 * instead. Printed as tables (per fold; the mean per forecaster sorted by MAE; the MAE by step) or
 * as JSON, plus one self-contained HTML report and the folds chart in `--out`: a run folder
 * (src/cli/run-folder.ts), checked before the folds train and replaced as a whole after them, or
 * not at all (backtest-report.ts writes it).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describeFrequency, type DateFrequency } from '../data/dates.js';
import {
  backtest,
  foldPlan,
  type BacktestResult,
  type FoldResult,
  type ForecastMode,
  type MeanScores,
  type Scores,
} from '../forecast/backtest.js';
import { baselineSpecs, makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { m4Horizon } from '../forecast/horizon.js';
import type { NetworkSpec } from '../model/model-spec.js';
import { backtestParallel } from '../parallel/backtest.js';
import { minConformalTrain, resolveConformalOptions } from '../forecast/conformal.js';
import { parseLevels, resolveLevels } from './intervals.js';
import type { FoldIntervals, MeanIntervalScores } from '../forecast/backtest.js';
import {
  addInputOptions,
  addModelOptions,
  loadInput,
  parseFolds,
  parseHorizon,
  parseWorkers,
  positiveInteger,
  resolveSpec,
  type InputFlags,
  type ModelFlags,
} from './options.js';
import { progressCallback, type ProgressCallback } from './progress.js';
import { folderPath } from './output-paths.js';
import { prepareRunFolder } from './run-folder.js';
import { seasonsFor, type Seasons } from './run-output.js';
import { checkModelFlags, isStatisticalModel, statisticalSpec } from './model-choice.js';
import { renderTable, type Column } from './table.js';
import { SCORE_HEADERS, scoreCells, shownSteps, writeBacktestFiles } from './backtest-report.js';
import { isGlobalKind } from './many-global.js';
import { addManyOptions, formatManyReport, isManyRun, runBacktestMany, type ManyFlags } from './many.js';
import { OptionError } from '../errors.js';

interface BacktestFlags extends InputFlags, ModelFlags {
  folds: number;
  horizon?: number;
  season?: number;
  oneStep?: boolean;
  workers?: number;
  out: string;
  json?: boolean;
  /** Interval levels (`--level 80,95`, the default); null for `--level none`. */
  level?: number[] | null;
}

/** One row of the per-fold table (and of the JSON). */
export interface BacktestRow {
  fold: number;
  /** First forecast index; the forecaster trained on [0, origin). */
  origin: number;
  /** One past the last forecast index. */
  end: number;
  /** Training values (= origin). */
  train: number;
  forecaster: string;
  /** What the forecaster fitted on this fold, when it says (ETS's form, what auto chose). */
  model?: string;
  /** auto: whether a baseline beat every model on this fold's inner backtest, and the choice in words. */
  choice?: { baselineWins: boolean; message: string };
  scores: Scores;
  /** Multi-step with --level: the fold's conformal intervals and their scores (coverage and width per level, MSIS at 95 %). */
  intervals?: FoldIntervals;
  /** The forecasts of series[origin, end): multi-step from the origin, or one-step (see settings.mode). */
  forecast: number[];
  notes: string[];
}

/** What `seqcast backtest --json` prints. */
export interface BacktestReport {
  series: { name: string; length: number; frequency?: string };
  /** `spec` for a network; `forecaster` for ets, arima, theta, stlf, stl-arima or auto (its JSON spec). */
  settings: {
    mode: ForecastMode;
    folds: number;
    horizon: number;
    season: Seasons;
    workers: number;
    spec?: NetworkSpec;
    forecaster?: ForecasterSpec;
    /** The interval levels scored (each forecaster wrapped in conformal on each fold, calibrated for its horizon); absent without. */
    levels?: number[];
  };
  folds: BacktestRow[];
  /** Means per forecaster, lowest MAE first; in multi-step mode each with `perStep`, the MAE at steps 1..horizon. */
  mean: MeanScores[];
  files: { report: string; chart: string[] };
  /** What recovering the `--out` folder from an interrupted run did (usually nothing). */
  notes: string[];
}

/**
 * Values scored per fold when `--horizon` is not given: 10 % of the series, but no more than
 * half the series split over the folds, so more folds still leave a training part.
 * @example defaultHorizon(1461, 3); // 146
 * @throws never.
 */
export function defaultHorizon(n: number, folds: number): number {
  return Math.max(1, Math.floor(Math.min(n * 0.1, (n * 0.5) / folds)));
}

/**
 * The horizon of a backtest without `--horizon`: multi-step, the M4 horizon of the series'
 * frequency (or of `--season` without dates, see m4Horizon), else {@link defaultHorizon}; one-step,
 * always {@link defaultHorizon} (the course's backtest, as before multi-step was the default).
 * @example backtestHorizon({ n: 3265, folds: 3, mode: 'multi-step', frequency: { kind: 'monthly', anchor: 'month-end' } }); // 18
 * @example backtestHorizon({ n: 1461, folds: 3, mode: 'multi-step' }); // 146
 * @throws never.
 */
export function backtestHorizon(o: { n: number; folds: number; mode: ForecastMode; frequency?: DateFrequency; season?: number }): number {
  return (o.mode === 'multi-step' ? m4Horizon(o.frequency, o.season) : undefined) ?? defaultHorizon(o.n, o.folds);
}

/** Registers `seqcast backtest` on the program. */
export function addBacktestCommand(program: Command): Command {
  const cmd = program
    .command('backtest')
    .description(
      'rolling-origin backtest: the network (or ets, arima, theta, stlf, stl-arima, auto) and every baseline trained on everything before each origin, forecasting the next --horizon values at once, with an HTML report',
    );
  addInputOptions(cmd);
  addModelOptions(cmd, { statistical: true, global: true });
  cmd
    .option(
      '--folds <n>',
      'number of origins n − k·horizon, k = folds..1 (forecast periods back to back, the last ending at the series end)',
      parseFolds,
      3,
    )
    .option(
      '--horizon <n>',
      "values forecast from each origin; default M4's for the dates' frequency (monthly 18, yearly 6, weekly 13, daily 14, hourly 48; " +
        'quarterly 8 with --season 4 and no dates), else 10% of the series (at most half of it over all folds, as always with --one-step)',
      parseHorizon,
    )
    .option(
      '--season <p>',
      'seasonal period for the seasonal naive baseline and MASE (default: from the dates, e.g. 12 for monthly). MASE divides by the ' +
        "training part's in-sample seasonal naive error with it (M4's convention), by the naive error without a season; with --one-step, " +
        'by the naive error unless --season is given',
      positiveInteger('--season'),
    )
    .option(
      '--one-step',
      "score the course's one-step sliding forecasts instead (each value forecast from the actual values before it), as seqcast's backtests did before",
    )
    .option(
      '--workers <n>',
      'worker threads training folds in parallel, same numbers as 1 (default: one per core, at most one per fold; 1 shows per-epoch progress)',
      parseWorkers,
    )
    .option(
      '--out <dir>',
      'folder for report.html, folds.png and folds.svg (new, empty, or an earlier backtest: replaced as a whole); with many series, scores.csv (per series, forecaster and fold) and summary.json (mean and median MASE, wins per forecaster)',
      folderPath('--out'),
      'seqcast-backtest',
    )
    .option(
      '--level <levels>',
      "prediction intervals (multi-step): wrap each forecaster in conformal intervals calibrated on each fold's training part, and score their coverage at each level (percent, comma-separated; default 80,95), mean width and MSIS at 95 %; none skips them (each fold then fits once, not twice)",
      parseLevels,
    )
    .option('--json', 'print the results as one JSON object on stdout (progress stays on stderr)');
  addManyOptions(cmd, { workers: false });
  return cmd.action(async (flags: BacktestFlags & ManyFlags) => {
    if (isManyRun(flags)) {
      const report = await runBacktestMany(flags);
      process.stdout.write((flags.json ? JSON.stringify(report, null, 2) : formatManyReport(report)) + '\n');
      return;
    }
    const report = await runBacktestCommand(flags);
    if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(formatBacktest(report) + '\n');
  });
}

async function runBacktestCommand(flags: BacktestFlags): Promise<BacktestReport> {
  if (isGlobalKind(flags.model))
    throw new OptionError(
      `--model ${flags.model} trains one network on many series: name them with --id, --columns or --all-columns, or use --model ${String(flags.model).slice('global-'.length)} for one series.`,
    );
  checkModelFlags(flags);
  for (const [key, flag] of [
    ['queue', '--queue'],
    ['chunkSize', '--chunk-size'],
  ] as const)
    if ((flags as unknown as Record<string, unknown>)[key] !== undefined)
      throw new OptionError(`${flag} is for backtests of many series (--id, --columns or --all-columns): drop it, or name the series.`);
  const input = loadInput(flags);
  const series = input.values;
  const mode: ForecastMode = flags.oneStep ? 'one-step' : 'multi-step';
  const horizon =
    flags.horizon ?? backtestHorizon({ n: series.length, folds: flags.folds, mode, frequency: input.frequency, season: flags.season });
  // the first fold trains on the fewest values: a season must fit twice into it
  const seasons = seasonsFor(flags.season, input.frequency, series.length - flags.folds * horizon);
  // multi-step MASE as M4: scaled by the seasonal naive error in-sample (m = 1 without a season)
  const season: Seasons = mode === 'multi-step' ? { ...seasons, mase: seasons.baseline ?? 1 } : seasons;
  // --strategy direct: a network of `horizon` outputs; ets, theta and auto take the season (auto chooses for the horizon)
  const model: ForecasterSpec = isStatisticalModel(flags.model)
    ? statisticalSpec(flags.model, {
        period: season.baseline ?? 1,
        horizon,
        seed: flags.seed,
        candidates: flags.candidates,
        innerFolds: flags.innerFolds,
        stl: flags.stl,
      })
    : { kind: 'network', spec: resolveSpec(flags, {}, horizon) };
  const spec = model.kind === 'network' ? (model.spec as NetworkSpec) : undefined;
  const folder = await prepareRunFolder(flags.out, 'backtest'); // before the folds train
  // on a short series the earliest folds that leave too little to fit on (fewer than two seasons,
  // or fewer values than the model needs) are left out, as the accuracy protocol does
  // (docs/accuracy.md, rollingOriginPlan), and a note says so
  const folds = foldsThatFit(series.length, horizon, flags.folds, [model], season.baseline ?? 1);
  // a baseline that needs more than the first fold holds (the course's moving average of 30) sits
  // the backtest out, named in a note, rather than taking folds from every forecaster
  const { kept: baselines, notes: baselineNotes } = baselinesThatFit(season.baseline, series.length - folds * horizon);
  const plain: ForecasterSpec[] = [model, ...baselines];
  // intervals: every forecaster wrapped in conformal, calibrated on each fold's training part for the fold's horizon
  const wanted = mode === 'multi-step' ? resolveLevels(flags.level) : null;
  const conformal = resolveConformalOptions({ horizon, period: season.baseline ?? 1 });
  const firstOrigin = series.length - folds * horizon;
  const calibrates = plain.every((f) => firstOrigin >= minConformalTrain(conformal, makeForecaster(f).minHistory));
  const levels = wanted && calibrates ? wanted : null;
  const intervalNotes =
    wanted && !calibrates
      ? [
          `no prediction intervals: calibrating ${horizon}-step intervals needs more values before the first origin (${firstOrigin}) than this series has: use fewer folds or a shorter horizon.`,
        ]
      : mode === 'one-step' && flags.level
        ? ['--level is for multi-step backtests: the one-step backtest has no intervals.']
        : [];
  const forecasters: ForecasterSpec[] = levels ? plain.map((f) => ({ kind: 'conformal', of: f, ...conformal }) as ForecasterSpec) : plain;
  const shortNotes =
    folds < flags.folds
      ? [
          `${flags.folds} folds of ${horizon} values leave too few values to fit on before the first origin${flags.folds - folds > 1 ? 's' : ''}: backtested on the last ${count(folds, 'fold')}.`,
        ]
      : [];
  const stderr = process.stderr;
  const onFold = ({ fold, results }: FoldResult): void => {
    const net = results[0];
    stderr.write(
      `fold ${fold.index + 1}/${folds} done: ${mode === 'multi-step' ? 'forecast' : 'scored'} [${fold.origin}, ${fold.end}), ${net.name} MAE ${net.scores.mae.toPrecision(4)}\n`,
    );
  };
  const options = { mode, folds: folds, horizon, period: season.mase, onFold, ...(levels ? { levels } : {}) };
  let result: BacktestResult;
  const firstName = makeForecaster(forecasters[0]).name;
  const workers = flags.workers ?? Math.min(folds, availableParallelism());
  if (workers > 1) {
    // the folds must fit before any thread starts, so a bad --folds gets its one message alone
    foldPlan(series.length, {
      folds: folds,
      horizon,
      minTrain: Math.max(...forecasters.map((f) => makeForecaster(f).minHistory)) + 1,
    });
    stderr.write(`training ${folds} folds on ${workers} worker threads\n`);
    result = await backtestParallel(series, forecasters, { ...options, workers });
  } else {
    let bar: ProgressCallback | null = null;
    try {
      result = await backtest(series, () => forecasters.map(makeForecaster), {
        ...options,
        callbacks: (fold, forecaster) => {
          if (forecaster.name !== firstName) return []; // the baselines fit at once
          if (!stderr.isTTY || !spec)
            stderr.write(`fold ${fold.index + 1}/${folds}: fitting ${forecaster.name} on ${fold.origin} values\n`);
          if (!spec) return []; // ets, theta, auto: no epochs to show
          bar = progressCallback({ label: `fold ${fold.index + 1}/${folds} ${forecaster.name}` });
          return [bar];
        },
      });
    } finally {
      (bar as ProgressCallback | null)?.close();
    }
  }

  if (levels) plainNames(result);
  const rows: BacktestRow[] = result.folds.flatMap(({ fold, results }) =>
    results.map((r) => ({
      fold: fold.index + 1,
      origin: fold.origin,
      end: fold.end,
      train: fold.origin,
      forecaster: r.name,
      ...(r.description !== undefined ? { model: r.description } : {}),
      ...(r.choice ? { choice: r.choice } : {}),
      scores: r.scores,
      ...(r.intervals ? { intervals: r.intervals } : {}),
      forecast: Array.from(r.forecast),
      notes: [...r.notes, ...(r.intervals?.notes ?? [])],
    })),
  );
  const mean = [...result.mean].sort((a, b) => byMae(a.scores.mae, b.scores.mae));
  const chartPaths = [join(folder.path, 'folds.png'), join(folder.path, 'folds.svg')];
  const report: BacktestReport = {
    series: { name: input.name, length: series.length, ...(input.frequency ? { frequency: describeFrequency(input.frequency) } : {}) },
    settings: { mode, folds: folds, horizon, season, workers, ...(spec ? { spec } : { forecaster: model }), ...(levels ? { levels } : {}) },
    folds: rows,
    mean,
    files: { report: join(folder.path, 'report.html'), chart: chartPaths },
    notes: [...shortNotes, ...baselineNotes, ...intervalNotes, ...folder.notes],
  };
  await writeBacktestFiles(report, result, input.dates, series, input.columns[0], folder);
  return report;
}

/** The results under the wrapped forecasters' own names ('lstm', not 'conformal lstm'): the intervals are an addition, not another forecaster. */
function plainNames(result: BacktestResult): void {
  const plain = (name: string): string => name.replace(/^conformal /, '');
  for (const { results } of result.folds) for (const r of results) r.name = plain(r.name);
  for (const m of result.mean) m.name = plain(m.name);
}

/**
 * The baselines (baselineSpecs) whose history fits in the first fold's `firstTrain` values, and a
 * note naming each one left out. All of them when the folds do not fit at all (foldPlan says so).
 */
function baselinesThatFit(period: number | undefined, firstTrain: number): { kept: ForecasterSpec[]; notes: string[] } {
  const kept: ForecasterSpec[] = [];
  const notes: string[] = [];
  for (const spec of baselineSpecs(period)) {
    const { name, minHistory } = makeForecaster(spec);
    // folds that do not fit at all are foldPlan's to refuse, with every forecaster
    if (firstTrain < 1 || minHistory + 1 <= firstTrain) kept.push(spec);
    else
      notes.push(
        `the ${name} baseline is left out: it needs ${minHistory + 1} values to fit on, and the first fold trains on ${firstTrain}.`,
      );
  }
  return { kept, notes };
}

/** The most folds, up to `wanted` (at least 1), whose first leaves two seasons and every forecaster the history it needs. */
function foldsThatFit(n: number, horizon: number, wanted: number, forecasters: ForecasterSpec[], period: number): number {
  // folds that do not fit in the series at all are the user's to fix: foldPlan says so
  if (n - wanted * horizon < 1) return wanted;
  const minTrain = Math.max(2 * period, ...forecasters.map((f) => makeForecaster(f).minHistory + 1));
  let folds = wanted;
  while (folds > 1 && n - folds * horizon < minTrain) folds--;
  return folds;
}

const scoreColumns: Column[] = SCORE_HEADERS.map((header) => ({ header, align: 'right' }));

/** NaN sorts last. */
function byMae(a: number, b: number): number {
  return (Number.isNaN(a) ? Infinity : a) - (Number.isNaN(b) ? Infinity : b) || 0;
}

/**
 * The tables (per fold; mean per forecaster; in multi-step mode the MAE by step ahead) and where
 * the report went.
 * @example process.stdout.write(formatBacktest(report) + '\n');
 * @throws never.
 */
export function formatBacktest(report: BacktestReport): string {
  const perFold = renderTable(
    [{ header: 'fold', align: 'right' }, { header: 'train size', align: 'right' }, { header: 'forecaster' }, ...scoreColumns],
    report.folds.map((r) => [String(r.fold), String(r.train), r.forecaster, ...scoreCells(r.scores)]),
  );
  const mean = renderTable(
    [{ header: 'forecaster' }, ...scoreColumns],
    report.mean.map((m) => [m.name, ...scoreCells(m.scores)]),
  );
  const { mode, folds, horizon, season } = report.settings;
  const steps = mode === 'multi-step' ? stepTable(report) : [];
  const intervals = intervalTables(report);
  // a note every forecaster shares (a fold where MAPE is undefined) is printed once
  const shared = report.mean[0]?.notes.filter((n) => report.mean.every((m) => m.notes.includes(n))) ?? [];
  const notes = [
    ...shared.map((n) => `note: ${n} for every forecaster`),
    ...report.mean.flatMap((m) => m.notes.filter((n) => !shared.includes(n)).map((n) => `note: ${m.name}: ${n}`)),
  ];
  const what =
    mode === 'multi-step'
      ? `${count(folds, 'origin')}, each forecasting the next ${horizon} values at once (multi-step)`
      : `${count(folds, 'fold')} of ${horizon} values, one-step forecasts`;
  return [
    `Backtest of ${report.series.name} (${report.series.length} values): ${what}; seasonal naive period ${season.baseline ?? 'none'}, MASE period ${season.mase}`,
    perFold,
    ...chosen(report),
    '',
    `Mean over ${count(folds, 'fold')} (lowest MAE first)`,
    mean,
    ...steps,
    ...intervals,
    ...notes,
    ...report.notes.map((n) => `note: ${n}`),
    `Report: ${report.files.report} (charts: ${report.files.chart.join(', ')})`,
  ].join('\n');
}

/**
 * What the forecaster fitted on each fold, when it says (ETS's form, auto's choice), and in plain
 * words each fold where auto found that a baseline beat every model.
 */
function chosen(report: BacktestReport): string[] {
  const rows = report.folds.filter((r) => r.model !== undefined);
  if (rows.length === 0) return [];
  return [
    '',
    'Fitted on each fold',
    ...rows.map((r) => `fold ${r.fold}, ${r.forecaster}: ${r.model}`),
    ...rows.filter((r) => r.choice?.baselineWins).map((r) => `fold ${r.fold}: ${r.choice!.message}`),
  ];
}

/**
 * The interval score columns for levels: coverage at each level, mean width at each, MSIS at 95 %.
 * @example intervalHeaders([80, 95]); // ['cover 80 %', 'cover 95 %', 'width 80', 'width 95', 'MSIS 95']
 * @throws never.
 */
export function intervalHeaders(levels: readonly number[]): string[] {
  return [...levels.map((l) => `cover ${l} %`), ...levels.map((l) => `width ${l}`), 'MSIS 95'];
}

/**
 * A forecaster's (or a fold's) interval scores as table cells, in {@link intervalHeaders}' order; 'n/a' for NaN.
 * @example intervalCells(row.intervals);
 * @throws never.
 */
export function intervalCells(s: Pick<MeanIntervalScores, 'coverage' | 'width' | 'msis'>): (number | string)[] {
  return [...s.coverage, ...s.width, s.msis].map((v) => (Number.isFinite(v) ? v : 'n/a'));
}

/** The prediction intervals' scores per fold and on average, when the backtest has them. */
function intervalTables(report: BacktestReport): string[] {
  const levels = report.settings.levels;
  if (!levels) return [];
  const cols = intervalHeaders(levels).map((header): Column => ({ header, align: 'right' }));
  const perFold = renderTable(
    [{ header: 'fold', align: 'right' }, { header: 'forecaster' }, ...cols],
    report.folds.filter((r) => r.intervals).map((r) => [String(r.fold), r.forecaster, ...intervalCells(r.intervals!)]),
  );
  const mean = renderTable(
    [{ header: 'forecaster' }, ...cols],
    report.mean.filter((m) => m.intervals).map((m) => [m.name, ...intervalCells(m.intervals!)]),
  );
  return [
    '',
    `Prediction intervals (conformal, calibrated on each fold's training part): coverage in percent of the fold's values, mean width, MSIS at 95 % (scaled like MASE; lower is better)`,
    perFold,
    `Mean over ${count(report.settings.folds, 'fold')}`,
    mean,
  ];
}

/** The MAE at some steps ahead (all of them up to 12), a row per forecaster in the mean's order. */
function stepTable(report: BacktestReport): string[] {
  const steps = shownSteps(report.settings.horizon);
  const withSteps = report.mean.filter((m) => m.perStep);
  if (withSteps.length === 0) return [];
  const table = renderTable(
    [{ header: 'forecaster' }, ...steps.map((s): Column => ({ header: String(s), align: 'right' }))],
    withSteps.map((m) => [m.name, ...steps.map((s) => (Number.isFinite(m.perStep![s - 1]) ? m.perStep![s - 1] : 'n/a'))]),
  );
  const all =
    steps.length === report.settings.horizon
      ? ''
      : ` (${steps.length} of ${report.settings.horizon} steps; all in the JSON and the report)`;
  return ['', `MAE by step ahead, mean over ${count(report.settings.folds, 'fold')}${all}`, table];
}

/** '1 fold', '3 folds'. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
