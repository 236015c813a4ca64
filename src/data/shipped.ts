/**
 * The real series that ship with seqcast (see datasets/README.md for their sources), read from the
 * package's `datasets/` folder. Node only: the browser playground fetches the same files.
 */
import { readFileSync } from 'node:fs';
import { parseSeriesCsv } from './csv.js';

export type ShippedName = 'sunspots' | 'temperatures';

export interface ShippedSeries {
  name: ShippedName;
  values: Float32Array;
  dates: string[];
  /** Where the numbers come from, for reports. */
  source: string;
}

const FILES: Record<ShippedName, { file: string; column: string; date: string; source: string }> = {
  sunspots: {
    file: 'sunspots.csv',
    column: 'Monthly Mean Total Sunspot Number',
    date: 'Date',
    source: 'Monthly mean total sunspot number, SILSO, Royal Observatory of Belgium (CC BY-NC 4.0)',
  },
  temperatures: {
    file: 'daily-min-temperatures.csv',
    column: 'Temp',
    date: 'Date',
    source: 'Daily minimum temperature in Melbourne 1981-1990, Australian Bureau of Meteorology',
  },
};

/** Names of the shipped series. */
export const SHIPPED: readonly ShippedName[] = ['sunspots', 'temperatures'];

/**
 * One shipped series.
 * @example loadShipped('sunspots').values.length // 3235
 * @throws on an unknown name, listing the known ones.
 */
export function loadShipped(name: string): ShippedSeries {
  const spec = FILES[name as ShippedName];
  if (!spec) throw new Error(`Unknown dataset '${name}': use one of ${SHIPPED.join(', ')}.`);
  // two levels up from src/data or dist/data is the package root
  const text = readFileSync(new URL(`../../datasets/${spec.file}`, import.meta.url), 'utf8');
  const { values, dates } = parseSeriesCsv(text, { column: spec.column, date: spec.date });
  return { name: name as ShippedName, values, dates: dates!, source: spec.source };
}
