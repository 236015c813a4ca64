/**
 * What `seqcast train` and `seqcast forecast` share: scoring forecasts on the validation period,
 * the metrics table (terminal and report), the seasonal period a series' frequency suggests, the
 * forecast CSV, and where a run's files live (`DIR/model/` for the saved model, the report and
 * charts beside it, since saving a model replaces its whole directory).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DateFrequency } from '../data/dates.js';
import { scoreForecast } from '../forecast/fit-and-score.js';
import type { SeriesInputResult } from '../data/series-builder.js';
import type { ForecasterScores, RunInput, RunSeries, Seasons } from '../forecast/run-metadata.js';
import { seriesChart, type ForecastBand } from '../report/specs.js';
import { renderTable } from './table.js';

export { writeAtomically } from '../report/write.js';
export type { ForecasterScores, Seasons } from '../forecast/run-metadata.js';

/** The headers of the metrics table, in the terminal and in the report. */
export const METRIC_HEADERS = ['forecaster', 'MAE', 'RMSE', 'MAPE', 'sMAPE', 'MASE'] as const;

/**
 * Scores of one validation forecast of `series[split..]`, and notes on the scores that are
 * undefined here (MAPE on a zero actual value, MASE on a constant training part).
 * @example scoreValidation('naive', series, 3000, forecast, 1).scores.mae
 * @throws when the forecast's length differs from the validation period's.
 */
export function scoreValidation(
  name: string,
  series: Float32Array,
  split: number,
  forecast: ArrayLike<number>,
  masePeriod: number,
): { scores: ForecasterScores; notes: string[] } {
  const actual = series.subarray(split);
  if (forecast.length !== actual.length) {
    throw new Error(
      `${name}: ${forecast.length} validation forecasts for ${actual.length} validation values; this is a bug in seqcast, please report it.`,
    );
  }
  const { scores, notes } = scoreForecast(actual, forecast, series.subarray(0, split), masePeriod);
  return { scores: { forecaster: name, ...scores }, notes };
}

/**
 * The metrics as table rows: numbers as they are, an undefined score as 'n/a'.
 * @example metricsRows([{ forecaster: 'naive', mae: 1, rmse: 2, mape: NaN, smape: 3, mase: 1 }]) // [['naive', 1, 2, 'n/a', 3, 1]]
 * @throws never.
 */
export function metricsRows(scores: ForecasterScores[]): (string | number)[][] {
  const cell = (v: number): string | number => (Number.isFinite(v) ? v : 'n/a');
  return scores.map((s) => [s.forecaster, cell(s.mae), cell(s.rmse), cell(s.mape), cell(s.smape), cell(s.mase)]);
}

/**
 * The metrics table for the terminal (MAPE and sMAPE in percent).
 * @example process.stdout.write(renderMetrics(scores) + '\n');
 * @throws never.
 */
export function renderMetrics(scores: ForecasterScores[]): string {
  return renderTable(
    METRIC_HEADERS.map((header, i) => ({
      header: i === 3 || i === 4 ? `${header} %` : header,
      align: i === 0 ? ('left' as const) : ('right' as const),
    })),
    metricsRows(scores),
  );
}

/**
 * The seasonal period a frequency suggests, when the training part holds at least two seasons:
 * monthly 12, daily 365 (else 7), weekly 52, hourly 24; none for yearly or other steps.
 * @example seasonalPeriod({ kind: 'monthly', anchor: 'month-end' }, 3000) // 12
 * @throws never.
 */
export function seasonalPeriod(frequency: DateFrequency | undefined, trainLength: number): number | undefined {
  const fits = (p: number): number | undefined => (trainLength > 2 * p ? p : undefined);
  switch (frequency?.kind) {
    case 'monthly':
      return fits(12);
    case 'daily':
      return fits(365) ?? fits(7);
    case 'weekly':
      return fits(52);
    case 'fixed':
      return frequency.seconds === 3600 ? fits(24) : undefined;
    default:
      return undefined;
  }
}

/**
 * The periods `train` and `backtest` use: `--season` for both when given; else the period the
 * dates suggest for the seasonal naive baseline ({@link seasonalPeriod}) and 1 for MASE (scaled by
 * the naive forecast's error on the training part, Hyndman's default).
 * @example seasonsFor(undefined, { kind: 'monthly', anchor: 'month-end' }, 3000) // { baseline: 12, mase: 1 }
 * @throws never.
 */
export function seasonsFor(season: number | undefined, frequency: DateFrequency | undefined, trainLength: number): Seasons {
  const baseline = season ?? seasonalPeriod(frequency, trainLength);
  return { ...(baseline !== undefined ? { baseline } : {}), mase: season ?? 1 };
}

/** One row of a forecast CSV: a validation point (with its actual value) or a future one. */
export interface ForecastRow {
  /** The date, or the 0-based index when the series has no dates. */
  at: string | number;
  kind: 'validation' | 'future';
  actual?: number;
  forecast: number;
  /** A future row's interval bounds by column: lo80, hi80, lo95, hi95 ... (null where the intervals do not reach). */
  bounds?: Record<string, number | null>;
}

/**
 * Forecast rows as CSV text: `date` (or `index`), kind, actual (empty for future rows), forecast,
 * then `lo<L>,hi<L>` for each interval level (empty where a row has no bound: validation rows, steps
 * past the intervals' reach).
 * @example forecastCsv([{ at: '2018-08-31', kind: 'future', forecast: 7.1 }], true) // 'date,kind,actual,forecast\n2018-08-31,future,,7.1\n'
 * @example forecastCsv([{ at: 5, kind: 'future', forecast: 7, bounds: { lo80: 6, hi80: 8 } }], false, [80]) // 'index,kind,actual,forecast,lo80,hi80\n5,future,,7,6,8\n'
 * @throws never.
 */
export function forecastCsv(rows: ForecastRow[], dated: boolean, levels: readonly number[] = []): string {
  const keys = levels.flatMap((l) => [`lo${l}`, `hi${l}`]);
  const lines = [[dated ? 'date' : 'index', 'kind', 'actual', 'forecast', ...keys].join(',')];
  for (const r of rows) lines.push([r.at, r.kind, r.actual ?? '', r.forecast, ...keys.map((k) => r.bounds?.[k] ?? '')].join(','));
  return lines.join('\n') + '\n';
}

/**
 * The model directory of a run: `DIR/model` when `DIR` is a `seqcast train` output (a network's
 * model.json or a statistical forecaster's forecaster.json), else `DIR` itself (a model saved directly).
 * @example modelDirOf('m/') // 'm/model'
 * @throws never.
 */
export function modelDirOf(dir: string): string {
  const inner = join(dir, 'model');
  return existsSync(join(inner, 'model.json')) || existsSync(join(inner, 'forecaster.json')) ? inner : dir;
}

/**
 * The input flags a run records (what `seqcast forecast` reads the series again with), with a
 * file's path made absolute and the flags not given left out.
 * @example recordedInput({ file: 'air.csv', date: 'date' }); // { file: '/home/me/air.csv', date: 'date' }
 * @throws never.
 */
export function recordedInput(flags: RunInput): RunInput {
  const all: RunInput = {
    dataset: flags.dataset,
    file: flags.file && resolve(flags.file),
    column: flags.column,
    date: flags.date,
    fill: flags.fill,
    format: flags.format,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as RunInput;
}

/**
 * What a run records of its series: name, columns, length, and the last date and the frequency
 * when the series has them.
 * @example runMetadata({ split, series: recordedSeries(input), ... });
 * @throws never.
 */
export function recordedSeries(input: SeriesInputResult): RunSeries {
  const lastDate = input.dates?.at(-1);
  return {
    name: input.name,
    columns: input.columns,
    length: input.values.length,
    ...(lastDate ? { lastDate } : {}),
    ...(input.frequency ? { frequency: input.frequency } : {}),
  };
}

/**
 * The chart of a trained run: the forecaster's one-step forecasts of [split, end) (scores[0]) and
 * the best baseline's by MAE next to it (all of them would crowd the chart), over the validation
 * period and as much history before it, so both stay readable; `bands` gives the forecaster's
 * bands from its forecasts, when it has them.
 * @example const spec = validationChart({ title, input, split, scores, forecasts, bands: (f) => oneStepBands(conformal, f, levels) });
 * @throws as seriesChart.
 */
export function validationChart(o: {
  title: string;
  input: SeriesInputResult;
  split: number;
  /** The forecaster first, then the baselines. */
  scores: ForecasterScores[];
  /** Each forecaster's forecasts of [split, end), by name. */
  forecasts: ReadonlyMap<string, Float32Array>;
  bands?: (forecast: Float32Array) => ForecastBand[];
}): ReturnType<typeof seriesChart> {
  const { input, split, scores } = o;
  const own = scores[0].forecaster;
  const best = scores.slice(1).reduce((a, b) => (b.mae < a.mae ? b : a), scores[1] ?? scores[0]);
  const from = Math.max(0, 2 * split - input.values.length);
  return seriesChart({
    title: o.title,
    dates: input.dates?.slice(from),
    actual: input.values.subarray(from),
    forecasts: [...new Set([own, best.forecaster])].map((name) => {
      const values = o.forecasts.get(name)!;
      return { name, start: split - from, values, ...(o.bands && name === own ? { bands: o.bands(values) } : {}) };
    }),
    split: split - from,
    yTitle: input.columns[0],
  });
}
