/**
 * What `seqcast backtest` writes into its run folder: `report.html` (the tables, the charts, the
 * network's summary, the settings and the notes) and the folds chart as `folds.png` and
 * `folds.svg`, all rendered first and then written as one run folder (src/cli/run-folder.ts).
 *
 * Multi-step: the folds chart shows each fold's forecast path from its origin (the network and the
 * best baseline) against the actual values, a chart the MAE at each step ahead per forecaster, and
 * the last fold every forecaster's path. One-step: the network's one-step forecasts over the whole
 * series, and the last fold with the best baseline, as before.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { BacktestResult, Scores } from '../forecast/backtest.js';
import { networkForecaster } from '../forecast/network.js';
import { writeDurably } from '../fs/durable.js';
import { renderReport, type MetricsTable } from '../report/html.js';
import { renderPng, renderSvg } from '../report/render.js';
import { lossChart, seriesChart, stepErrorChart, type ForecastLine } from '../report/specs.js';
import { intervalCells, intervalHeaders, type BacktestReport } from './backtest.js';
import { writeRunFolder, type RunFolder } from './run-folder.js';
import type { SeriesDates } from '../data/series-dates.js';

/** The score columns' headers, in the terminal and in the report. */
export const SCORE_HEADERS = ['MAE', 'RMSE', 'MAPE %', 'sMAPE %', 'MASE'];

/**
 * A score row's cells; an undefined score (NaN, see the notes) shows as n/a.
 * @example scoreCells({ mae: 1, rmse: 2, mape: NaN, smape: 3, mase: 0.5 }); // [1, 2, 'n/a', 3, 0.5]
 * @throws never.
 */
export function scoreCells(s: Scores): (number | string)[] {
  return [s.mae, s.rmse, s.mape, s.smape, s.mase].map((v) => (Number.isFinite(v) ? v : 'n/a'));
}

/**
 * The steps ahead a table shows: all up to 12, else 1 and five more evenly spaced up to h.
 * @example shownSteps(18); // [1, 4, 7, 11, 14, 18]
 * @throws never.
 */
export function shownSteps(h: number): number[] {
  if (h <= 12) return Array.from({ length: h }, (_, i) => i + 1);
  return [...new Set([1, ...[1, 2, 3, 4, 5].map((k) => Math.round((h * k) / 5))])];
}

/**
 * Renders report.html and the folds chart (PNG and SVG), then writes them as the run folder.
 * @example await writeBacktestFiles(report, result, input.dates, series, 'value', folder);
 * @throws when a chart cannot be rendered, and as writeRunFolder (an OutputError when the folder
 *   cannot be written; the previous run is then left as it was).
 */
export async function writeBacktestFiles(
  report: BacktestReport,
  result: BacktestResult,
  dates: SeriesDates | undefined,
  series: Float32Array,
  column: string,
  folder: RunFolder,
): Promise<void> {
  const multi = report.settings.mode === 'multi-step';
  const network = result.folds[0].results[0].name;
  const best = report.mean.find((m) => m.name !== network)?.name;
  const folds = multi
    ? multiStepFoldsChart(report, result, dates, series, column, best)
    : oneStepFoldsChart(report, result, dates, series, column);
  const [png, svg] = await Promise.all([renderPng(folds), renderSvg(folds)]);

  const { fold: last, results: lastResults } = result.folds[result.folds.length - 1];
  const zoom = seriesChart({
    title: multi
      ? `Last fold: every forecaster's ${report.settings.horizon}-step forecast from the origin`
      : `Last fold: ${network}${best ? ` and the best baseline, ${best}` : ''}`,
    dates: dates?.slice(last.origin, last.end),
    actual: series.subarray(last.origin, last.end),
    firstStep: last.origin,
    forecasts: lastResults
      .filter((r) => multi || r.name === network || r.name === best)
      .map((r) => ({
        name: r.name,
        start: 0,
        values: r.forecast,
        ...(r.name === network && r.intervals
          ? { bands: r.intervals.levels.map((level, i) => ({ level, lower: r.intervals!.lower[i], upper: r.intervals!.upper[i] })) }
          : {}),
      })),
    yTitle: column,
  });
  const charts: { title: string; spec: TopLevelSpec }[] = [
    {
      title: multi
        ? 'The series before and over the folds (shaded), and each fold’s forecast from its origin'
        : 'The series, the folds (shaded) and the network’s one-step forecasts',
      spec: folds,
    },
  ];
  const stepped = report.mean.filter((m) => m.perStep);
  if (multi && stepped.length > 0) {
    charts.push({
      title: `MAE at each step ahead, mean over ${report.settings.folds === 1 ? 'the one fold' : `the ${report.settings.folds} folds`}`,
      spec: stepErrorChart({
        title: `MAE by step ahead (mean over ${report.settings.folds} fold${report.settings.folds === 1 ? '' : 's'})`,
        lines: stepped.map((m) => ({ name: m.name, values: m.perStep! })),
      }),
    });
  }
  charts.push({ title: 'The last fold', spec: zoom });
  const loss = lastResults[0].loss;
  if (loss?.length)
    charts.push({ title: 'Training loss of the network on the last fold', spec: lossChart({ title: 'Training loss, last fold', loss }) });

  const { folds: k, horizon, spec } = report.settings;
  const what = spec ? `network ${spec.model}` : network;
  const metrics: MetricsTable[] = [
    {
      caption: 'Mean over the folds (lowest MAE first)',
      headers: ['forecaster', ...SCORE_HEADERS],
      rows: report.mean.map((m) => [m.name, ...scoreCells(m.scores)]),
    },
  ];
  if (multi && stepped.length > 0) {
    const steps = shownSteps(horizon);
    metrics.push({
      caption: `MAE by step ahead, mean over the folds${steps.length < horizon ? ` (${steps.length} of ${horizon} steps; all in the chart)` : ''}`,
      headers: ['forecaster', ...steps.map((s) => `step ${s}`)],
      rows: stepped.map((m) => [m.name, ...steps.map((s) => (Number.isFinite(m.perStep![s - 1]) ? m.perStep![s - 1] : 'n/a'))]),
    });
  }
  const levels = report.settings.levels;
  if (levels) {
    metrics.push({
      caption: `Prediction intervals, mean over the folds: conformal, calibrated on each fold's training part for its ${horizon} steps; coverage in percent of the folds' values (nominal: the level), mean width, MSIS at 95 % scaled like MASE (lower is better)`,
      headers: ['forecaster', ...intervalHeaders(levels)],
      rows: report.mean.filter((m) => m.intervals).map((m) => [m.name, ...intervalCells(m.intervals!)]),
    });
    metrics.push({
      caption: 'Prediction intervals per fold',
      headers: ['fold', 'forecaster', ...intervalHeaders(levels)],
      rows: report.folds.filter((r) => r.intervals).map((r) => [r.fold, r.forecaster, ...intervalCells(r.intervals!)]),
    });
  }
  // ets and auto say what they fitted on each fold: the form, the members chosen
  const models = report.folds.some((r) => r.model !== undefined);
  metrics.push({
    caption: models ? 'Per fold, with what each forecaster fitted on the fold (ETS’s form, what auto chose)' : 'Per fold',
    headers: ['fold', 'train size', 'forecaster', ...(models ? ['fitted'] : []), ...SCORE_HEADERS],
    rows: report.folds.map((r) => [r.fold, r.train, r.forecaster, ...(models ? [r.model ?? ''] : []), ...scoreCells(r.scores)]),
  });
  const html = await renderReport({
    title: `Backtest: ${report.series.name}`,
    subtitle: multi
      ? `${k} origins, ${horizon}-step forecasts from each, ${what} and ${report.mean.length - 1} baselines`
      : `${k} folds of ${horizon} values, one-step forecasts, ${what} and ${report.mean.length - 1} baselines`,
    settings: (({ season, ...rest }) => ({
      series: report.series.name,
      values: report.series.length,
      frequency: report.series.frequency ?? 'none (no dates)',
      ...rest,
      'seasonal naive period': season.baseline ?? 'none',
      'MASE period': season.mase,
    }))(report.settings),
    metrics,
    ...(spec ? { summary: networkForecaster(spec).model.summary() } : {}), // the architecture (untrained weights)
    charts,
    notes: [
      ...new Set([
        ...report.mean.flatMap((m) => m.notes.map((n) => `${m.name}: ${n}`)),
        ...report.folds.flatMap((r) => r.notes.map((n) => `fold ${r.fold} ${r.forecaster}: ${n}`)),
        ...report.folds.filter((r) => r.choice?.baselineWins).map((r) => `fold ${r.fold} ${r.forecaster}: ${r.choice!.message}`),
      ]),
    ],
  });
  await writeRunFolder(folder, async (stage) => {
    await writeDurably(join(stage, 'folds.png'), png);
    await writeDurably(join(stage, 'folds.svg'), svg);
    await writeDurably(join(stage, 'report.html'), html);
  });
}

/**
 * Multi-step: the actual values from as far before the first origin as the folds reach after it,
 * with each fold's forecast path (the network and the best baseline) drawn from its origin.
 */
function multiStepFoldsChart(
  report: BacktestReport,
  result: BacktestResult,
  dates: SeriesDates | undefined,
  series: Float32Array,
  column: string,
  best: string | undefined,
): TopLevelSpec {
  const first = result.folds[0].fold.origin;
  const from = Math.max(0, first - (series.length - first)); // as much history as the folds cover
  const network = result.folds[0].results[0].name;
  const shown = [network, ...(best ? [best] : [])];
  // the network's (or ets', theta's, auto's) intervals as bands; the baseline's line alone keeps the chart readable
  const forecasts: ForecastLine[] = result.folds.flatMap(({ fold, results }) =>
    results
      .filter((r) => shown.includes(r.name))
      .map((r) => ({
        name: r.name,
        start: fold.origin - from,
        values: r.forecast,
        ...(r.name === network && r.intervals
          ? { bands: r.intervals.levels.map((level, i) => ({ level, lower: r.intervals!.lower[i], upper: r.intervals!.upper[i] })) }
          : {}),
      })),
  );
  return seriesChart({
    title: `${report.series.name}: ${report.settings.folds} origins, ${report.settings.horizon}-step forecasts of ${shown.join(' and ')}`,
    dates: dates?.slice(from),
    actual: series.subarray(from),
    firstStep: from,
    forecasts,
    yTitle: column,
    folds: result.folds.map(({ fold }) => ({ start: fold.origin - from, end: fold.end - from, label: `fold ${fold.index + 1}` })),
  });
}

/**
 * One-step: the network alone over the whole series (a baseline's line, the naive one being the
 * series shifted by one step, would hide it).
 */
function oneStepFoldsChart(
  report: BacktestReport,
  result: BacktestResult,
  dates: SeriesDates | undefined,
  series: Float32Array,
  column: string,
): TopLevelSpec {
  const first = result.folds[0].fold.origin;
  const network = result.folds[0].results[0].name;
  const line = new Float32Array(series.length - first);
  for (const { fold, results } of result.folds) line.set(results[0].forecast, fold.origin - first);
  return seriesChart({
    title: `${report.series.name}: ${report.settings.folds} backtest folds, one-step forecasts of ${network}`,
    dates,
    actual: series,
    forecasts: [{ name: network, start: first, values: line }],
    yTitle: column,
    folds: result.folds.map(({ fold }) => ({ start: fold.origin, end: fold.end, label: `fold ${fold.index + 1}` })),
  });
}
