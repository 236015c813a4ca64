// The R fixtures of bench/r/stlf-fixtures.R (test/fixtures/r/stlf.json and stl-arima.json), typed,
// and the check both stlf forecasters make against them: R's forecasts and 80 % and 95 % bounds to
// 1e-6 relative, and R's name of the model of the adjusted series.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IntervalForecast } from '../../../src/forecast/forecaster.js';

/** One case: the series, R's forecasts and bounds, and the model of the adjusted series (`par` for ETS, `coef` for ARIMA). */
export interface RStlfCase {
  series: string;
  periods: number | number[];
  n: number;
  h: number;
  values: number[];
  /** R's name, e.g. 'STL +  ETS(M,A,N)' or 'STL +  ARIMA(1,1,1) with drift'. */
  method: string;
  par?: Record<string, number>;
  coef?: Record<string, number> | unknown[];
  sigma2: number;
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/** The cases of one fixture file. */
export function stlfCases(file: 'stlf.json' | 'stl-arima.json'): RStlfCase[] {
  return JSON.parse(readFileSync(new URL(`../../fixtures/r/${file}`, import.meta.url), 'utf8')).cases;
}

/** A case's periods as a list. */
export const periodsOf = (c: RStlfCase): number[] => (Array.isArray(c.periods) ? c.periods : [c.periods]);

const maxRel = (a: ArrayLike<number>, b: number[]): number => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.abs(v)));

/**
 * Asserts that a forecaster fitted on the case's values describes itself as R names its model and
 * forecasts, with 80 % and 95 % intervals, as R did, to 1e-6 relative (`intervals`: its
 * forecastIntervals(values, h, [80, 95])).
 */
export function assertLikeR(c: RStlfCase, describe: string, intervals: IntervalForecast): void {
  // R writes 'STL +  ETS(M,A,N)'
  assert.equal(describe, `STL(${periodsOf(c).join(',')}) + ${c.method.replace(/^STL \+\s+/, '')}`);
  const { mean } = intervals;
  assert.ok(maxRel(mean, c.mean) < 1e-6, `mean ${maxRel(mean, c.mean)}`);
  assert.ok(maxRel(intervals.intervals[0].lower, c.lower80) < 1e-6, 'lower 80');
  assert.ok(maxRel(intervals.intervals[0].upper, c.upper80) < 1e-6, 'upper 80');
  assert.ok(maxRel(intervals.intervals[1].lower, c.lower95) < 1e-6, 'lower 95');
  assert.ok(maxRel(intervals.intervals[1].upper, c.upper95) < 1e-6, 'upper 95');
}
