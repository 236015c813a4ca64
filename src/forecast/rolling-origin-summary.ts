/**
 * The means of a rolling-origin evaluation of many series (the M4 and R `forecast` way): each
 * method's scores are averaged over the folds of a series, then over the series. A fold a method
 * could not forecast is left out of its means and named, never dropped silently.
 *
 * Browser-safe: no Node modules.
 */
import { compensatedSum } from '../metrics/sums.js';

/** One method's result on one fold of one series. */
export interface FoldOutcome {
  series: string;
  method: string;
  /** The fold's index in its series' plan. */
  fold: number;
  /** The fold's MASE and sMAPE; absent when the method failed on the fold. */
  scores?: { mase: number; smape: number };
  /** Why the method could not forecast the fold. */
  error?: string;
}

/** A method's mean over the folds of one series. */
export interface SeriesMean {
  series: string;
  method: string;
  /** Mean MASE over the folds with a finite MASE; NaN when there is none. */
  mase: number;
  /** Mean sMAPE (percent) over the folds with a finite sMAPE; NaN when there is none. */
  smape: number;
  /** Folds that count in the means. */
  folds: number;
  /** Folds left out, with the reason. */
  notes: string[];
}

/** A method's mean over the series. */
export interface MethodMean {
  method: string;
  /** Mean over the series of the per-series mean MASE (series where it is NaN are left out). */
  mase: number;
  /** Mean over the series of the per-series mean sMAPE. */
  smape: number;
  /** Series that count in the means. */
  series: number;
  /** Series left out, and series with folds left out. */
  notes: string[];
}

/** What {@link summarizeFolds} returns, in the order the series and methods first appear. */
export interface RollingOriginSummary {
  perSeries: SeriesMean[];
  perMethod: MethodMean[];
}

/**
 * Each method's mean MASE and sMAPE over the folds of each series, then over the series.
 *
 * @example
 * summarizeFolds([
 *   { series: 'a', method: 'naive', fold: 0, scores: { mase: 1, smape: 10 } },
 *   { series: 'a', method: 'naive', fold: 1, scores: { mase: 3, smape: 30 } },
 *   { series: 'b', method: 'naive', fold: 0, error: 'too short' },
 * ]).perMethod; // [{ method: 'naive', mase: 2, smape: 20, series: 1, notes: ['b: no fold scored (fold 0: too short)'] }]
 * @throws never.
 */
export function summarizeFolds(outcomes: FoldOutcome[]): RollingOriginSummary {
  const seriesNames = unique(outcomes.map((o) => o.series));
  const methods = unique(outcomes.map((o) => o.method));
  const perSeries: SeriesMean[] = [];
  for (const series of seriesNames) {
    for (const method of methods) {
      const rows = outcomes.filter((o) => o.series === series && o.method === method);
      if (rows.length > 0) perSeries.push(seriesMean(series, method, rows));
    }
  }
  const perMethod = methods.map((method): MethodMean => {
    const rows = perSeries.filter((s) => s.method === method);
    const kept = rows.filter((s) => s.folds > 0);
    const notes = rows.flatMap((s) =>
      s.folds === 0 ? [`${s.series}: no fold scored (${s.notes.join('; ')})`] : s.notes.map((n) => `${s.series}: ${n}`),
    );
    return {
      method,
      mase: mean(kept.map((s) => s.mase)),
      smape: mean(kept.map((s) => s.smape)),
      series: kept.length,
      notes,
    };
  });
  return { perSeries, perMethod };
}

function seriesMean(series: string, method: string, rows: FoldOutcome[]): SeriesMean {
  const notes: string[] = [];
  const scored = rows.filter((r) => {
    if (r.scores && Number.isFinite(r.scores.mase) && Number.isFinite(r.scores.smape)) return true;
    notes.push(`fold ${r.fold}: ${r.error ?? 'MASE or sMAPE undefined'}`);
    return false;
  });
  return {
    series,
    method,
    mase: mean(scored.map((r) => r.scores!.mase)),
    smape: mean(scored.map((r) => r.scores!.smape)),
    folds: scored.length,
    notes,
  };
}

/** Mean of the values, NaN for none; compensated, as every mean of scores in seqcast. */
function mean(values: number[]): number {
  return values.length === 0 ? NaN : compensatedSum(values.length, (i) => values[i]) / values.length;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
