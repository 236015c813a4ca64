// The R fixture of bench/r/stl-fixtures.R (test/fixtures/r/stl.json), typed, for the STL, MSTL and
// seasonal-strength tests.
import { readFileSync } from 'node:fs';

export interface RStlCase {
  series: string;
  period: number;
  sWindow: number | 'periodic';
  robust: boolean;
  windows: { s: number; t: number; l: number };
  jumps: { s: number; t: number; l: number };
  seasonal: number[];
  trend: number[];
  remainder: number[];
  weights: number[];
  't.window'?: number;
  's.degree'?: number;
  't.jump'?: number;
}
export interface RMstlCase {
  series: string;
  periods: number | number[];
  msts: boolean;
  iterate: number;
  keptPeriods: number | number[];
  trend: number[];
  seasonals: number[][];
  remainder: number[];
}
export interface RNsdiffsCase {
  series: string;
  n: number;
  period: number;
  strength: number | null;
  D: number;
}
export interface RStlFixture {
  series: Record<string, { period: number; horizon: number; values: number[] }>;
  stl: RStlCase[];
  mstl: RMstlCase[];
  nsdiffs: RNsdiffsCase[];
}

export const stlFixture: RStlFixture = JSON.parse(readFileSync(new URL('../../fixtures/r/stl.json', import.meta.url), 'utf8'));

/** The values of a fixture series (the first n when given). */
export const fixtureValues = (name: string, n?: number): number[] => {
  const values = stlFixture.series[name].values;
  return n === undefined ? values : values.slice(0, n);
};

/** The largest |a − b| over the series, relative to the series' largest |value|. */
export const maxRelativeDiff = (a: ArrayLike<number>, b: ArrayLike<number>, values: ArrayLike<number>): number => {
  let scale = 0;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]));
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d / scale;
};

/** A one-element array or a number as R's toJSON writes length-1 vectors, as an array. */
export const asArray = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v]);
