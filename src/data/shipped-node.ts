/**
 * The series that ship with seqcast (the catalog in catalog.ts; sources in datasets/README.md),
 * loaded in Node: the CSV files from the package's `datasets/` folder, the synthetic series
 * generated. Node only: the browser playground fetches the same files (web/series.ts).
 */
import { readFileSync } from 'node:fs';
import { datasetEntry, type DatasetName } from './catalog.js';
import { parseSeriesCsv } from './csv.js';
import { syntheticSeries } from './synthetic.js';

export interface ShippedSeries {
  name: DatasetName;
  values: Float32Array;
  /** One date per value; the synthetic series has none. */
  dates?: string[];
  /** Where the numbers come from, for reports. */
  source: string;
}

/**
 * One shipped series, read as it is (the Melbourne temperatures keep their two missing days, as
 * in the course).
 * @example loadShipped('sunspots').values.length // 3235
 * @throws on an unknown name, listing the known ones.
 */
export function loadShipped(name: string): ShippedSeries {
  const entry = datasetEntry(name);
  if (!entry.file) return { name: entry.id, values: syntheticSeries().series, source: entry.source };
  // two levels up from src/data or dist/data is the package root
  const text = readFileSync(new URL(`../../datasets/${entry.file.name}`, import.meta.url), 'utf8');
  const { values, dates } = parseSeriesCsv(text, { column: entry.column, date: entry.file.date });
  return { name: entry.id, values, dates: dates!, source: entry.source };
}
