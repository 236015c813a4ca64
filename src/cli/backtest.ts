/**
 * `seqcast backtest`: a rolling-origin backtest of the network the flags describe and every
 * baseline on the same folds (see src/forecast/backtest.ts), printed as two tables (per fold, and
 * the mean per forecaster sorted by MAE) or as JSON, plus one self-contained HTML report and the
 * folds chart in `--out`.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describeFrequency } from '../data/dates.js';
import type { SeriesDates } from '../data/series-dates.js';
import { backtest, foldPlan, type BacktestResult, type FoldResult, type MeanScores, type Scores } from '../forecast/backtest.js';
import { baselineSpecs, makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { networkForecaster } from '../forecast/network.js';
import type { NetworkSpec } from '../model/model-spec.js';
import { backtestParallel } from '../parallel/backtest.js';
import { renderReport } from '../report/html.js';
import { writeChart } from '../report/render.js';
import { writeAtomically } from '../report/write.js';
import { lossChart, seriesChart } from '../report/specs.js';
import { addInputOptions, addModelOptions, loadInput, positiveInteger, resolveSpec, type InputFlags, type ModelFlags } from './options.js';
import { progressCallback, type ProgressCallback } from './progress.js';
import { seasonsFor, type Seasons } from './run-output.js';
import { renderTable, type Column } from './table.js';

interface BacktestFlags extends InputFlags, ModelFlags {
  folds: number;
  horizon?: number;
  season?: number;
  workers?: number;
  out: string;
  json?: boolean;
}

/** One row of the per-fold table (and of the JSON). */
export interface BacktestRow {
  fold: number;
  origin: number;
  end: number;
  train: number;
  forecaster: string;
  scores: Scores;
  notes: string[];
}

/** What `seqcast backtest --json` prints. */
export interface BacktestReport {
  series: { name: string; length: number; frequency?: string };
  settings: { folds: number; horizon: number; season: Seasons; workers: number; spec: NetworkSpec };
  folds: BacktestRow[];
  /** Means per forecaster, lowest MAE first. */
  mean: MeanScores[];
  files: { report: string; chart: string[] };
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

/** Registers `seqcast backtest` on the program. */
export function addBacktestCommand(program: Command): Command {
  const cmd = program
    .command('backtest')
    .description('rolling-origin backtest: the network and every baseline trained and scored on the same folds, with an HTML report');
  addInputOptions(cmd);
  addModelOptions(cmd);
  return cmd
    .option(
      '--folds <n>',
      'number of folds (scoring periods back to back, the last ending at the series end)',
      positiveInteger('--folds'),
      3,
    )
    .option(
      '--horizon <n>',
      'values scored per fold; default 10% of the series (at most half of it over all folds)',
      positiveInteger('--horizon'),
    )
    .option(
      '--season <p>',
      'seasonal period for the seasonal naive baseline and MASE (default: from the dates, e.g. 12 for monthly; MASE default 1)',
      positiveInteger('--season'),
    )
    .option(
      '--workers <n>',
      'worker threads training folds in parallel, same numbers as 1 (default: one per core, at most one per fold; 1 shows per-epoch progress)',
      positiveInteger('--workers'),
    )
    .option('--out <dir>', 'directory for report.html, folds.png and folds.svg', 'seqcast-backtest')
    .option('--json', 'print the results as one JSON object on stdout (progress stays on stderr)')
    .action(async (flags: BacktestFlags) => {
      const report = await runBacktestCommand(flags);
      if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else process.stdout.write(formatBacktest(report) + '\n');
    });
}

async function runBacktestCommand(flags: BacktestFlags): Promise<BacktestReport> {
  const input = loadInput(flags);
  const spec = resolveSpec(flags);
  const series = input.values;
  const horizon = flags.horizon ?? defaultHorizon(series.length, flags.folds);
  // the first fold trains on the fewest values: a season must fit twice into it
  const season = seasonsFor(flags.season, input.frequency, series.length - flags.folds * horizon);
  const forecasters: ForecasterSpec[] = [{ kind: 'network', spec }, ...baselineSpecs(season.baseline)];
  const stderr = process.stderr;
  const onFold = ({ fold, results }: FoldResult): void => {
    const net = results[0];
    stderr.write(
      `fold ${fold.index + 1}/${flags.folds} done: scored [${fold.origin}, ${fold.end}), ${net.name} MAE ${net.scores.mae.toPrecision(4)}\n`,
    );
  };
  const options = { folds: flags.folds, horizon, period: season.mase, onFold };
  let result: BacktestResult;
  const workers = flags.workers ?? Math.min(flags.folds, availableParallelism());
  if (workers > 1) {
    // the folds must fit before any thread starts, so a bad --folds gets its one message alone
    foldPlan(series.length, {
      folds: flags.folds,
      horizon,
      minTrain: Math.max(...forecasters.map((f) => makeForecaster(f).minHistory)) + 1,
    });
    stderr.write(`training ${flags.folds} folds on ${workers} worker threads\n`);
    result = await backtestParallel(series, forecasters, { ...options, workers });
  } else {
    let bar: ProgressCallback | null = null;
    try {
      result = await backtest(series, () => forecasters.map(makeForecaster), {
        ...options,
        callbacks: (fold, forecaster) => {
          if (!('spec' in forecaster)) return []; // the baselines fit at once
          if (!stderr.isTTY) stderr.write(`fold ${fold.index + 1}/${flags.folds}: training ${forecaster.name} on ${fold.origin} values\n`);
          bar = progressCallback({ epochs: spec.epochs, label: `fold ${fold.index + 1}/${flags.folds} ${forecaster.name}` });
          return [bar];
        },
      });
    } finally {
      (bar as ProgressCallback | null)?.close();
    }
  }

  const rows: BacktestRow[] = result.folds.flatMap(({ fold, results }) =>
    results.map((r) => ({
      fold: fold.index + 1,
      origin: fold.origin,
      end: fold.end,
      train: fold.origin,
      forecaster: r.name,
      scores: r.scores,
      notes: r.notes,
    })),
  );
  const mean = [...result.mean].sort((a, b) => byMae(a.scores.mae, b.scores.mae));
  const chartPaths = [join(flags.out, 'folds.png'), join(flags.out, 'folds.svg')];
  const report: BacktestReport = {
    series: { name: input.name, length: series.length, ...(input.frequency ? { frequency: describeFrequency(input.frequency) } : {}) },
    settings: { folds: flags.folds, horizon, season, workers, spec },
    folds: rows,
    mean,
    files: { report: join(flags.out, 'report.html'), chart: chartPaths },
  };
  await writeFiles(report, result, input.dates, series, input.columns[0], flags.out);
  return report;
}

/** report.html and the folds chart as PNG and SVG. */
async function writeFiles(
  report: BacktestReport,
  result: BacktestResult,
  dates: SeriesDates | undefined,
  series: Float32Array,
  column: string,
  out: string,
): Promise<void> {
  await mkdir(out, { recursive: true });
  const first = result.folds[0].fold.origin;
  const line = (name: string): Float32Array => {
    const parts = result.folds.map((f) => f.results.find((r) => r.name === name)?.forecast ?? new Float32Array(0));
    const all = new Float32Array(series.length - first);
    let at = 0;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    return all;
  };
  // the network alone over the whole series: a baseline's line (the naive one is the series shifted
  // by one step) would hide it; the last fold, zoomed in, compares it with the best baseline
  const network = result.folds[0].results[0].name;
  const chart = seriesChart({
    title: `${report.series.name}: ${report.settings.folds} backtest folds, one-step forecasts of ${network}`,
    dates,
    actual: series,
    forecasts: [{ name: network, start: first, values: line(network) }],
    yTitle: column,
    folds: result.folds.map(({ fold }) => ({ start: fold.origin, end: fold.end, label: `fold ${fold.index + 1}` })),
  });
  for (const path of report.files.chart) await writeChart(chart, path);

  const { fold: last, results: lastResults } = result.folds[result.folds.length - 1];
  const best = report.mean.find((m) => m.name !== network)?.name;
  const zoom = seriesChart({
    title: `Last fold: ${network}${best ? ` and the best baseline, ${best}` : ''}`,
    dates: dates?.slice(last.origin, last.end),
    actual: series.subarray(last.origin, last.end),
    forecasts: lastResults
      .filter((r) => r.name === network || r.name === best)
      .map((r) => ({ name: r.name, start: 0, values: r.forecast })),
    yTitle: column,
  });
  const charts = [
    { title: 'The series, the folds (shaded) and the network’s one-step forecasts', spec: chart },
    { title: dates ? 'The last fold' : `The last fold (x counts from index ${last.origin})`, spec: zoom },
  ];
  const loss = lastResults[0].loss;
  if (loss?.length)
    charts.push({ title: 'Training loss of the network on the last fold', spec: lossChart({ title: 'Training loss, last fold', loss }) });
  const html = await renderReport({
    title: `Backtest: ${report.series.name}`,
    subtitle: `${report.settings.folds} folds of ${report.settings.horizon} values, network ${report.settings.spec.model} and ${report.mean.length - 1} baselines`,
    settings: (({ season, ...rest }) => ({
      series: report.series.name,
      values: report.series.length,
      frequency: report.series.frequency ?? 'none (no dates)',
      ...rest,
      'seasonal naive period': season.baseline ?? 'none',
      'MASE period': season.mase,
    }))(report.settings),
    metrics: [
      {
        caption: 'Mean over the folds (lowest MAE first)',
        headers: ['forecaster', ...SCORE_HEADERS],
        rows: report.mean.map((m) => [m.name, ...scoreCells(m.scores)]),
      },
      {
        caption: 'Per fold',
        headers: ['fold', 'train size', 'forecaster', ...SCORE_HEADERS],
        rows: report.folds.map((r) => [r.fold, r.train, r.forecaster, ...scoreCells(r.scores)]),
      },
    ],
    summary: networkForecaster(report.settings.spec).model.summary(), // the architecture (untrained weights)
    charts,
    notes: [
      ...new Set([
        ...report.mean.flatMap((m) => m.notes.map((n) => `${m.name}: ${n}`)),
        ...report.folds.flatMap((r) => r.notes.map((n) => `fold ${r.fold} ${r.forecaster}: ${n}`)),
      ]),
    ],
  });
  await writeAtomically(report.files.report, html);
}

const SCORE_HEADERS = ['MAE', 'RMSE', 'MAPE %', 'sMAPE %', 'MASE'];
/** An undefined score (NaN, see the notes) shows as n/a. */
const scoreCells = (s: Scores): (number | string)[] =>
  [s.mae, s.rmse, s.mape, s.smape, s.mase].map((v) => (Number.isFinite(v) ? v : 'n/a'));
const scoreColumns: Column[] = SCORE_HEADERS.map((header) => ({ header, align: 'right' }));

/** NaN sorts last. */
function byMae(a: number, b: number): number {
  return (Number.isNaN(a) ? Infinity : a) - (Number.isNaN(b) ? Infinity : b) || 0;
}

/**
 * The two tables (per fold; mean per forecaster) and where the report went.
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
  const { folds, horizon, season } = report.settings;
  // a note every forecaster shares (a fold where MAPE is undefined) is printed once
  const shared = report.mean[0]?.notes.filter((n) => report.mean.every((m) => m.notes.includes(n))) ?? [];
  const notes = [
    ...shared.map((n) => `note: ${n} for every forecaster`),
    ...report.mean.flatMap((m) => m.notes.filter((n) => !shared.includes(n)).map((n) => `note: ${m.name}: ${n}`)),
  ];
  return [
    `Backtest of ${report.series.name} (${report.series.length} values): ${folds} folds of ${horizon} values; seasonal naive period ${season.baseline ?? 'none'}, MASE period ${season.mase}`,
    perFold,
    '',
    `Mean over ${folds} folds (lowest MAE first)`,
    mean,
    ...notes,
    `Report: ${report.files.report} (charts: ${report.files.chart.join(', ')})`,
  ].join('\n');
}
