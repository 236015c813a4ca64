/**
 * The series the playground trains on: the course's synthetic series, the shipped CSVs (fetched
 * from the page's own server), or a CSV file the user chose, with the course's split for the
 * shipped ones and 80% otherwise.
 */
import { syntheticSeries } from '../src/data/synthetic.js';
import { parseSeriesCsv, readCsvTable, valueColumns } from '../src/data/csv.js';
import type { SeriesInfo } from './protocol.js';

/** A series ready to train on. */
export interface LoadedSeries {
  values: Float32Array;
  /** Number of training values: series[0..split) trains, series[split..] validates. */
  split: number;
  info: SeriesInfo;
}

const SHIPPED: Record<string, { file: string; column: string; split: number; period: number; label: string }> = {
  sunspots: { file: 'datasets/sunspots.csv', column: 'Monthly Mean Total Sunspot Number', split: 3000, period: 132, label: 'sunspots' },
  temperatures: { file: 'datasets/daily-min-temperatures.csv', column: 'Temp', split: 2500, period: 365, label: 'Melbourne temperatures' },
};

/**
 * A shipped series by name: 'synthetic', 'sunspots' or 'temperatures'.
 * @example const { values, split } = await loadShippedSeries('synthetic'); // 1461 values, split 1000
 * @throws when the name is unknown or the CSV cannot be fetched (the message says to rebuild the page).
 */
export async function loadShippedSeries(name: string): Promise<LoadedSeries> {
  if (name === 'synthetic') {
    const { series } = syntheticSeries();
    return { values: series, split: 1000, info: { name: 'synthetic', column: 'series', input: { dataset: 'synthetic' }, period: 365 } };
  }
  const shipped = SHIPPED[name];
  if (!shipped) throw new Error(`Unknown series '${name}': pick synthetic, sunspots, temperatures or your own CSV file.`);
  const response = await fetch(shipped.file);
  if (!response.ok) {
    throw new Error(`Could not fetch ${shipped.file} (HTTP ${response.status}): rebuild the page with \`npm run web\`, which copies the datasets next to it.`);
  }
  const { values } = parseSeriesCsv(await response.text(), { column: shipped.column });
  return { values, split: shipped.split, info: { name: shipped.label, column: shipped.column, input: { dataset: name }, period: shipped.period } };
}

/**
 * The numeric-looking columns of a CSV file, for the column picker (the header names; the date
 * column and text columns are listed too, and a text column fails with the line when chosen).
 * @example csvColumns('Date,Temp\n1981-01-01,20.7') // ['Date', 'Temp']
 * @throws when the CSV is malformed or has no data rows (readCsvTable's messages).
 */
export function csvColumns(text: string, fileName: string): string[] {
  return readCsvTable(text, fileName).header;
}

/**
 * A user's CSV file: one value column (default: the last), split 80/20.
 * @example csvSeries('t,v\n0,1\n1,2\n...', 'mine.csv', 'v', 12)
 * @throws when the CSV is malformed, the column does not exist, a cell is empty or not a number
 *   (naming its line), or the series is too short to split (fewer than 10 values).
 */
export function csvSeries(text: string, fileName: string, column: string | undefined, period: number): LoadedSeries {
  const { header } = readCsvTable(text, fileName);
  const chosen = column ?? header[valueColumns(header, undefined, undefined, fileName)[0]];
  let parsed;
  try {
    parsed = parseSeriesCsv(text, { column: chosen });
  } catch (err) {
    throw new Error(String((err as Error).message).replace('of the CSV', `of ${fileName}`));
  }
  const n = parsed.values.length;
  if (n < 10) throw new Error(`${fileName} has only ${n} values in column '${chosen}': a forecast needs a longer series (at least a few windows).`);
  return { values: parsed.values, split: Math.round(n * 0.8), info: { name: fileName, column: chosen, input: { file: fileName }, period } };
}
