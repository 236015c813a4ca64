/**
 * The series a user gives the CLI (`--dataset NAME` or `--file PATH` with `--column`, `--date`,
 * `--fill`, `--format`): the file read from disk and parsed by the shared reader
 * (`src/data/series-input.ts`, which the playground uses too), or a shipped dataset loaded from
 * the package (`src/data/shipped-node.ts`). Node only.
 *
 * A user's file goes through every check: numbers, missing values, date order, missing dates.
 * A CSV file is read in chunks of 1 MiB straight into the streaming reader, so memory follows the
 * series' values, not the file's size; a JSON file is read whole (JSON.parse needs all of it).
 * Only a regular file is read: a folder, a device (/dev/zero), a FIFO or a socket is refused
 * before any byte is read.
 * The shipped datasets are loaded as they are: the Melbourne temperatures lack 1984-12-31 and
 * 1988-12-31 (3650 rows for 3652 days), and that gap is ignored, as in the course.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { DATASETS, datasetEntry, isDatasetName, type DatasetName } from '../data/catalog.js';
import { inferFrequency } from '../data/date-grid.js';
import { parseDates } from '../data/dates.js';
import { InputError, OptionError } from '../errors.js';
import { SeriesDates } from '../data/series-dates.js';
import { parseSeriesText, seriesCsvReader, type SeriesInputResult, type SeriesReadOptions } from '../data/series-input.js';
import { loadShipped } from '../data/shipped-node.js';
import { manySeriesCsvReader, type ManySeriesOptions, type ManySeriesResult } from '../data/many-series.js';

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
    throw new OptionError(
      `Give exactly one series: --dataset NAME (${DATASETS.join(', ')}) or --file PATH (a CSV or JSON file)${dataset !== undefined ? ', not both' : ''}.`,
    );
  }
  if (dataset !== undefined) return loadDataset(dataset, options);
  const path = file!;
  const format = options.format ?? formatOf(path);
  if (format !== 'csv' && format !== 'json')
    throw new OptionError(`Unknown format '${String(format)}': use --format csv or --format json.`);
  const read = { column: options.column, date: options.date, fill: options.fill, source: path };
  if (format === 'json') {
    let text = '';
    readChunks(path, (chunk) => (text += chunk), MAX_JSON_BYTES);
    return parseSeriesText(text, { ...read, format });
  }
  const reader = seriesCsvReader(read);
  readChunks(path, (chunk) => reader.push(chunk));
  return reader.end();
}

/**
 * Loads many series from a CSV file (long with `id`, wide with `columns` or `allColumns`; see
 * src/data/many-series.ts), read in chunks like one series.
 * @example loadManySeriesFile({ file: 'm4.csv', id: 'unique_id', date: 'ds', column: 'y' }).series.length
 * @throws OptionError for a JSON file (many series are read from CSV); as {@link loadSeriesInput}
 *   for a file that cannot be read, and every problem the many-series reader reports.
 */
export function loadManySeriesFile(
  options: Omit<ManySeriesOptions, 'source'> & { file: string; format?: 'csv' | 'json' },
): ManySeriesResult {
  const { file, format, ...read } = options;
  if ((format ?? formatOf(file)) !== 'csv')
    throw new OptionError(`Many series are read from a CSV file (long: --id, or wide: --columns), not JSON: save ${file} as CSV.`);
  const reader = manySeriesCsvReader({ ...read, source: file });
  readChunks(file, (chunk) => reader.push(chunk));
  return reader.end();
}

/** Bytes read at a time: large enough to be fast, small enough not to matter. */
const CHUNK_BYTES = 1 << 20;

/** A JSON file is parsed whole, as one string: past this size a CSV (read as a stream) is the way. */
const MAX_JSON_BYTES = 256 * (1 << 20);

/**
 * Reads a regular file as UTF-8 text in chunks (a character split between two reads is joined).
 * @throws InputError naming the path when it does not exist, is a folder or is not a regular file
 *   (a device such as /dev/zero, a FIFO, a socket), is larger than `maxBytes`, or cannot be read
 *   (permissions); and what `onChunk` throws.
 */
function readChunks(path: string, onChunk: (text: string) => void, maxBytes = Infinity): void {
  let fd: number;
  try {
    // non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw cannotRead(path, err);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw cannotRead(path, Object.assign(new Error('folder'), { code: 'EISDIR' }));
    if (!stat.isFile()) {
      throw new InputError(
        `Cannot read ${path}: it is not a regular file (a device, a pipe or a socket), so it may never end. Give the path of a CSV or JSON file with --file.`,
      );
    }
    if (stat.size > maxBytes) {
      throw new InputError(
        `Cannot read ${path}: it is ${Math.round(stat.size / (1 << 20))} MiB, and a JSON file is read whole (at most ${maxBytes / (1 << 20)} MiB). Save the series as CSV, which seqcast reads as a stream, and pass that file.`,
      );
    }
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    for (let n: number; (n = readSync(fd, buffer, 0, CHUNK_BYTES, null)) > 0;) onChunk(decoder.write(buffer.subarray(0, n)));
    const rest = decoder.end();
    if (rest) onChunk(rest);
  } catch (err) {
    if (err instanceof Error && !(err as NodeJS.ErrnoException).code) throw err; // the reader's own message
    throw cannotRead(path, err);
  } finally {
    closeSync(fd);
  }
}

function cannotRead(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EISDIR'
        ? 'it is a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `the system says ${code ?? (err as Error).message}`;
  return new InputError(`Cannot read ${path}: ${why}. Give the path of a CSV or JSON file with --file.`);
}

function loadDataset(dataset: DatasetName, options: SeriesInputOptions): SeriesInputResult {
  const extra = (['column', 'date', 'fill', 'format'] as const).filter((k) => options[k] !== undefined);
  if (extra.length > 0) {
    throw new OptionError(
      `${extra.map((k) => `--${k}`).join(', ')} only ${extra.length === 1 ? 'applies' : 'apply'} to --file: the shipped dataset '${dataset}' is loaded as it is. Remove ${extra.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (!isDatasetName(dataset)) {
    throw new OptionError(`Unknown dataset '${dataset}': use one of ${DATASETS.join(', ')}, or --file PATH for your own series.`);
  }
  const shipped = loadShipped(dataset);
  const { column } = datasetEntry(dataset);
  const { dates } = shipped;
  // gaps are not checked: a shipped series is used exactly as the course uses it
  const where = (i: number) => `line ${i + 2} of the ${dataset} dataset`;
  const frequency = dates && inferFrequency(parseDates(dates, where));
  return {
    name: dataset,
    columns: [column],
    values: shipped.values,
    ...(dates ? { dates: SeriesDates.from(dates, where) } : {}),
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
  throw new InputError(`Cannot tell the format of ${path} from its extension '${ext}': pass --format csv or --format json.`);
}
