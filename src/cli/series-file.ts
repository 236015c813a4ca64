/**
 * The series a user gives the CLI (`--dataset NAME` or `--file PATH` with `--column`, `--date`,
 * `--fill`, `--format`): the file read from disk and parsed by the shared reader
 * (`src/data/series-input.ts`, which the playground uses too), or a shipped dataset loaded from
 * the package (`src/data/shipped-node.ts`). Node only.
 *
 * A user's file goes through every check: numbers, missing values, date order, missing dates.
 * The shipped datasets are loaded as they are: the Melbourne temperatures lack 1984-12-31 and
 * 1988-12-31 (3650 rows for 3652 days), and that gap is ignored, as in the course.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DATASETS, datasetEntry, isDatasetName, type DatasetName } from '../data/catalog.js';
import { inferFrequency, parseDates } from '../data/dates.js';
import { parseSeriesText, type SeriesInputResult, type SeriesReadOptions } from '../data/series-input.js';
import { loadShipped } from '../data/shipped-node.js';

/** Where the series comes from and how to read it: exactly one of `dataset` and `file`. */
export interface SeriesInputOptions extends SeriesReadOptions {
  dataset?: DatasetName;
  file?: string;
  /** Default: from the file's extension (.csv, .json). */
  format?: 'csv' | 'json';
}

/**
 * Loads the series the user asked for.
 * @example loadSeriesInput({ dataset: 'sunspots' }).frequency // { kind: 'monthly', anchor: 'month-end' }
 * @example loadSeriesInput({ file: 'temps.csv', date: 'Date', column: 'Temp', fill: 'linear' })
 * @throws on options that conflict, an unknown dataset, a file that cannot be read (these messages
 *   name the flags), and every problem {@link parseSeriesText} reports (flag-free
 *   `SeriesInputError`s, which the CLI words with its flags where it prints them).
 */
export function loadSeriesInput(options: SeriesInputOptions): SeriesInputResult {
  const { dataset, file } = options;
  if ((dataset === undefined) === (file === undefined)) {
    throw new Error(
      `Give exactly one series: --dataset NAME (${DATASETS.join(', ')}) or --file PATH (a CSV or JSON file)${dataset !== undefined ? ', not both' : ''}.`,
    );
  }
  if (dataset !== undefined) return loadDataset(dataset, options);
  const path = file!;
  const format = options.format ?? formatOf(path);
  if (format !== 'csv' && format !== 'json') throw new Error(`Unknown format '${String(format)}': use --format csv or --format json.`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new Error(`Cannot read ${path}: ${why}. Give the path of a CSV or JSON file with --file.`);
  }
  return parseSeriesText(text, { column: options.column, date: options.date, fill: options.fill, format, source: path });
}

function loadDataset(dataset: DatasetName, options: SeriesInputOptions): SeriesInputResult {
  const extra = (['column', 'date', 'fill', 'format'] as const).filter((k) => options[k] !== undefined);
  if (extra.length > 0) {
    throw new Error(
      `${extra.map((k) => `--${k}`).join(', ')} only ${extra.length === 1 ? 'applies' : 'apply'} to --file: the shipped dataset '${dataset}' is loaded as it is. Remove ${extra.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (!isDatasetName(dataset)) {
    throw new Error(`Unknown dataset '${dataset}': use one of ${DATASETS.join(', ')}, or --file PATH for your own series.`);
  }
  const shipped = loadShipped(dataset);
  const { column } = datasetEntry(dataset);
  const { dates } = shipped;
  // gaps are not checked: a shipped series is used exactly as the course uses it
  const frequency = dates && inferFrequency(parseDates(dates, (i) => `line ${i + 2} of the ${dataset} dataset`));
  return {
    name: dataset,
    columns: [column],
    values: shipped.values,
    ...(dates ? { dates } : {}),
    ...(frequency ? { frequency } : {}),
    source: shipped.source,
    filled: 0,
    inserted: 0,
    notes: [],
  };
}

function formatOf(path: string): 'csv' | 'json' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new Error(`Cannot tell the format of ${path} from its extension '${ext}': pass --format csv or --format json.`);
}
