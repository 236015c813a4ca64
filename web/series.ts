/**
 * The series the playground trains on: the shipped series of the catalog (src/data/catalog.ts:
 * the synthetic one generated, the CSVs fetched from the page's own server) with the course's
 * split, or a CSV file the user chose, read by the CLI's reader (src/data/series-input.ts, so
 * the page and the CLI give the same messages) and split 80/20.
 */
import { DATASETS, DATASET_CATALOG, type DatasetEntry } from '../src/data/catalog.js';
import { parseSeriesCsv, readCsvHeader } from '../src/data/csv.js';
import { parseSeriesText } from '../src/data/series-input.js';
import { syntheticSeries } from '../src/data/synthetic.js';
import type { SeriesInfo } from './protocol.js';

/** A series ready to train on. */
export interface LoadedSeries {
  values: Float32Array;
  /** Number of training values: series[0..split) trains, series[split..] validates. */
  split: number;
  info: SeriesInfo;
  /** What reading the file decided or changed (e.g. values too close to 0 for float32), as the CLI notes it. */
  notes?: string[];
}

/**
 * A shipped series by name: 'synthetic', 'sunspots' or 'temperatures'.
 * @example const { values, split } = await loadShippedSeries('synthetic'); // 1461 values, split 1000
 * @throws when the name is unknown or the CSV cannot be fetched (the message says to rebuild the page).
 */
export async function loadShippedSeries(name: string): Promise<LoadedSeries> {
  const entry: DatasetEntry | undefined = DATASET_CATALOG.find((d) => d.id === name);
  if (!entry) throw new Error(`Unknown series '${name}': pick ${DATASETS.join(', ')} or your own CSV file.`);
  const { page } = entry;
  const info: SeriesInfo = { name: page.title, column: page.column ?? entry.column, input: { dataset: name }, period: page.period };
  if (!entry.file) return { values: syntheticSeries().series, split: entry.split, info };
  const path = `datasets/${entry.file.name}`;
  const response = await fetch(path);
  if (!response.ok) {
    throw new Error(
      `Could not fetch ${path} (HTTP ${response.status}): rebuild the page with \`npm run web\`, which copies the datasets next to it.`,
    );
  }
  const { values } = parseSeriesCsv(await response.text(), { column: entry.column });
  return { values, split: entry.split, info };
}

/**
 * The columns of a CSV file, for the column picker (the header names; the date column and text
 * columns are listed too, and a text column fails with the line when chosen).
 * @example csvColumns('Date,Temp\n1981-01-01,20.7') // ['Date', 'Temp']
 * @throws when the CSV is malformed or has no data rows (readCsvHeader's messages, naming the line).
 */
export function csvColumns(text: string, fileName: string): string[] {
  return readCsvHeader(text, fileName);
}

/**
 * A user's CSV file: one value column (default: the last), split 80/20.
 * @example csvSeries('t,v\n0,1\n1,2\n...', 'mine.csv', 'v', 12)
 * @throws as the CLI's reader, with the same flag-free messages: the CSV is malformed or has no
 *   header row, the column does not exist, or a cell is empty or not a number (naming its line).
 */
export function csvSeries(text: string, fileName: string, column: string | undefined, period: number): LoadedSeries {
  const series = parseSeriesText(text, { format: 'csv', source: fileName, ...(column !== undefined ? { column } : {}) });
  const n = series.values.length;
  return {
    values: series.values,
    split: Math.round(n * 0.8),
    info: { name: fileName, column: series.columns[0], input: { file: fileName }, period },
    notes: series.notes,
  };
}
