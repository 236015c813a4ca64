/**
 * The interval scores of `npm run bench:accuracy`: every fold's 80 % and 95 % intervals (seqcast's
 * conformal ones, ETS's analytical ones, R's `forecast(..., level = c(80, 95))`) scored by the same
 * code (src/metrics/interval-scores.ts, docs/accuracy.md), and the table that compares them.
 *
 *   coverage   pooled: the share of all actual values (every series, fold and step) inside their
 *              interval, the acceptance measure of issue 16; and the lowest and highest per series
 *   width      the mean width scaled by the fold's in-sample seasonal naive MAE (MASE's scale), so
 *              series of different sizes average; mean over folds, then series
 *   MSIS       at 95 %, mean over folds, then series (as MASE)
 *
 * The means are taken on the folds every interval method has (so they compare like with like);
 * the table says how many that is.
 */
import type { Fold } from '../../src/forecast/backtest.js';
import type { Forecaster, IntervalForecast } from '../../src/forecast/forecaster.js';
import type { ConformalForecaster } from '../../src/forecast/conformal.js';
import { coverage, meanWidth, msis } from '../../src/metrics/interval-scores.js';
import { seasonalNaiveScale } from '../../src/metrics/errors.js';
import { renderTable, type CellValue, type Column } from '../../src/cli/table.js';

/** The levels scored (R's default). */
export const LEVELS = [80, 95] as const;

/** One method's intervals on one fold, scored. */
export interface IntervalScore {
  /** The table's row: e.g. 'ets conformal', 'ets analytical', 'R ets'. */
  label: string;
  series: string;
  fold: number;
  /** Per level in LEVELS' order: values inside, of `count`. */
  inside: number[];
  count: number;
  /** Per level: the mean width over the fold's naive scale. */
  width: number[];
  msis: number;
  notes: string[];
}

/** The intervals R returned for a fold: one lower and upper array per level. */
export interface RIntervals {
  level: number[];
  lower: number[][];
  upper: number[][];
}

/**
 * Scores one fold's intervals against series[origin, end).
 * @throws when the intervals do not have the fold's length or lack a level of LEVELS.
 */
export function scoreIntervals(
  label: string,
  seriesName: string,
  values: Float32Array,
  fold: Fold,
  period: number,
  intervals: { level: number; lower: ArrayLike<number>; upper: ArrayLike<number> }[],
  notes: string[] = [],
): IntervalScore {
  const actual = values.subarray(fold.origin, fold.end);
  const train = values.subarray(0, fold.origin);
  const scale = seasonalNaiveScale(train, period, 'scoreIntervals');
  const at = (level: number) => {
    const iv = intervals.find((i) => i.level === level);
    if (!iv || iv.lower.length !== actual.length) throw new Error(`${label}: no ${level} % interval of ${actual.length} steps`);
    return iv;
  };
  const inside = LEVELS.map((level) => Math.round((coverage(actual, at(level).lower, at(level).upper) * actual.length) / 100));
  const width = LEVELS.map((level) => meanWidth(at(level).lower, at(level).upper) / scale);
  const score = msis(actual, at(95).lower, at(95).upper, train, { period, level: 95 });
  return { label, series: seriesName, fold: fold.index, inside, count: actual.length, width, msis: score, notes };
}

/**
 * seqcast's intervals of a fitted forecaster for one fold, each variant scored: a conformal
 * wrapper's ('<method> conformal'), and, when the wrapped forecaster has its own (ETS), those too
 * ('<method> analytical'). A variant that fails is left out with a note in `notes`.
 */
export function seqcastIntervalScores(
  method: string,
  forecaster: Forecaster,
  seriesName: string,
  values: Float32Array,
  fold: Fold,
  period: number,
  notes: string[],
): IntervalScore[] {
  const train = values.subarray(0, fold.origin);
  const h = fold.end - fold.origin;
  const variants: { label: string; run: () => IntervalForecast }[] = [];
  const conformal = forecaster as Partial<ConformalForecaster>;
  if (conformal.calibration && conformal.forecastIntervals) {
    variants.push({ label: `${method} conformal`, run: () => conformal.forecastIntervals!(train, h, LEVELS) });
    const inner = conformal.inner;
    if (inner?.forecastIntervals) variants.push({ label: `${method} analytical`, run: () => inner.forecastIntervals!(train, h, LEVELS) });
  } else if (forecaster.forecastIntervals) {
    variants.push({ label: `${method} analytical`, run: () => forecaster.forecastIntervals!(train, h, LEVELS) });
  }
  const out: IntervalScore[] = [];
  for (const { label, run } of variants) {
    try {
      const result = run();
      out.push(scoreIntervals(label, seriesName, values, fold, period, result.intervals, result.notes ?? []));
    } catch (e) {
      notes.push(`${label}: ${seriesName} fold ${fold.index} has no intervals (${(e as Error).message})`);
    }
  }
  return out;
}

/**
 * The intervals table: per label, pooled coverage at 80 % and 95 % (and the lowest and highest per
 * series at 95 %), mean scaled width, mean MSIS at 95 %, on the folds all labels have.
 */
export function renderIntervalTable(scores: IntervalScore[]): { table: string; common: number; total: number } {
  const labels = [...new Set(scores.map((s) => s.label))];
  const key = (s: IntervalScore) => `${s.series}\t${s.fold}`;
  const folds = [...new Set(scores.map(key))];
  const common = new Set(folds.filter((k) => labels.every((l) => scores.some((s) => s.label === l && key(s) === k))));
  const columns: Column[] = [
    { header: 'intervals' },
    { header: 'cover 80 %', align: 'right', decimals: 1 },
    { header: 'cover 95 %', align: 'right', decimals: 1 },
    { header: '95 % per series', align: 'right' },
    { header: 'width 80', align: 'right', decimals: 3 },
    { header: 'width 95', align: 'right', decimals: 3 },
    { header: 'MSIS 95', align: 'right', decimals: 3 },
    { header: 'folds', align: 'right', decimals: 0 },
  ];
  const rows = labels.map((label): CellValue[] => {
    const mine = scores.filter((s) => s.label === label && common.has(key(s)));
    const count = mine.reduce((n, s) => n + s.count, 0);
    const pooled = (l: number) => (100 * mine.reduce((n, s) => n + s.inside[l], 0)) / count;
    const perSeries = new Map<string, IntervalScore[]>();
    for (const s of mine) perSeries.set(s.series, [...(perSeries.get(s.series) ?? []), s]);
    const seriesMean = (f: (s: IntervalScore) => number) =>
      [...perSeries.values()].reduce((sum, list) => sum + list.reduce((a, s) => a + f(s), 0) / list.length, 0) / perSeries.size;
    const cover95 = [...perSeries.values()].map(
      (list) => (100 * list.reduce((n, s) => n + s.inside[1], 0)) / list.reduce((n, s) => n + s.count, 0),
    );
    return [
      label,
      count ? pooled(0) : '—',
      count ? pooled(1) : '—',
      count ? `${Math.min(...cover95).toFixed(0)}–${Math.max(...cover95).toFixed(0)}` : '—',
      count ? seriesMean((s) => s.width[0]) : '—',
      count ? seriesMean((s) => s.width[1]) : '—',
      count ? seriesMean((s) => s.msis) : '—',
      mine.length,
    ];
  });
  return { table: renderTable(columns, rows), common: common.size, total: folds.length };
}
