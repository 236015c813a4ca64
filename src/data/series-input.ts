/**
 * A series read from CSV or JSON text into numbers, dates and an inferred frequency, with one-line
 * errors that name the place (`Line 7 of temps.csv: ...`) and the fix: the reader the CLI (through
 * `src/cli/series-file.ts`, which reads the file) and the playground (a user's CSV) share.
 * Browser-safe: no `node:` imports.
 *
 * Every check runs: numbers (as written, within float32's range), missing values, date order,
 * the dates' grid, missing dates. The messages name no command-line flag; a
 * {@link SeriesInputError} lets the CLI name its own (`--fill`, `--column`).
 *
 * CSV streams: {@link seriesCsvReader} takes the text in chunks and keeps numbers, never the
 * text's rows, so memory is a few times the series' values, not the file's size. JSON is parsed
 * whole (JSON.parse), then read item by item the same way.
 */
import { InputError } from '../errors.js';
import { CsvReader } from './csv.js';
import { FILL_METHODS, type FillMethod } from './fill.js';
import { SeriesInputError } from './input-error.js';
import { SeriesBuilder, type SeriesInputResult } from './series-builder.js';
import { checkWindowFits } from './window-spec.js';
import { jsonDepthOver } from './json-depth.js';
import { isObject } from '../is-object.js';

export type { SeriesInputResult } from './series-builder.js';

/** How to read a series from text. */
export interface SeriesReadOptions {
  /** Value column(s): header names or 0-based indices as text ('2'); 'a,b' also lists several. Default: the last column that is not the date column. The first is the target. */
  column?: string | string[];
  /** The date column (name or 0-based index as text). Default: none (no dates, no gap check). */
  date?: string;
  /** Fill missing values and missing dates. Default: unset, and any gap is an error. */
  fill?: FillMethod;
}

/** Reading options for text already in memory (a file read from disk, a browser upload, a test). */
export interface SeriesTextOptions extends SeriesReadOptions {
  format: 'csv' | 'json';
  /** The file name used in messages, e.g. 'temps.csv'. */
  source: string;
}

/**
 * Reads a series from CSV or JSON text. JSON may be an array of numbers, an array of objects
 * (`[{"date": "...", "value": 1.2}]`, keys are columns) or an object of arrays
 * (`{"date": [...], "value": [...]}`); null is a missing value. Empty cells and the markers
 * NA, NaN, null, ? and - (any case) are missing values too.
 * @example parseSeriesText('t,v\n2020-01-01,1\n2020-01-03,3', { format: 'csv', source: 'a.csv', date: 't', fill: 'linear' }).values // [1, 2, 3]
 * @throws naming the line (CSV) or item (JSON, 0-based) of the file: text in a value column,
 *   a missing value or missing date without `fill`, an unreadable date, dates out of order or
 *   repeated, a missing first value with `fill: 'previous'`; also unknown columns and malformed
 *   files. Errors that a reading option would fix are {@link SeriesInputError}s.
 */
export function parseSeriesText(text: string, options: SeriesTextOptions): SeriesInputResult {
  if (options.format === 'json') {
    checkFill(options.fill);
    return readJson(text, options);
  }
  const reader = seriesCsvReader(options);
  reader.push(text);
  return reader.end();
}

/** A CSV series read from chunks of text: push each chunk as it arrives, then end. */
export interface SeriesReader {
  /** Reads the next chunk (any size, cut anywhere); throws at the first problem, naming its line. */
  push(chunk: string): void;
  /** Reads the last line and gives the series; throws on problems only the whole file shows (missing dates). */
  end(): SeriesInputResult;
}

/**
 * Reads a CSV series from text pushed in chunks (a file read piece by piece, a browser stream):
 * each row is checked and kept as numbers as soon as its line ends, so a file of millions of rows
 * never sits in memory as text or as rows. Same options, checks and messages as {@link parseSeriesText}.
 * @example
 * const reader = seriesCsvReader({ source: 'temps.csv', date: 'Date' });
 * for (const chunk of chunks) reader.push(chunk);
 * const { values, dates } = reader.end();
 * @throws as {@link parseSeriesText}, from `push` (problems in a row) or `end`; at once when `fill` is unknown.
 */
export function seriesCsvReader(options: SeriesReadOptions & { source: string }): SeriesReader {
  checkFill(options.fill);
  const { source } = options;
  const builder = new SeriesBuilder({ column: options.column, date: options.date, fill: options.fill, source, unit: 'row' });
  const csv = new CsvReader(
    {
      header: (cells) => {
        if (cells.every((h) => h !== '' && Number.isFinite(Number(h)))) {
          throw new InputError(
            `${source} has no header row: its first line (${cells.join(',')}) holds numbers. Add a first line naming the columns, e.g. 'value' or 'date,value'.`,
          );
        }
        builder.header(cells);
      },
      row: (cells, line) => builder.row((c) => cells[c], line),
    },
    source,
  );
  return {
    push: (chunk) => csv.push(chunk),
    end: () => {
      csv.end();
      return builder.finish();
    },
  };
}

/**
 * Checks that a series of `n` values is long enough to train on with this window and to check a
 * forecast: the window rule ({@link checkWindowFits}) for the series, and with `split` (the number
 * of values in the training part, as the course's `split_time`) for the training part too, with at
 * least one value left to validate on. Without `split`, one value beyond the first window and its
 * label is needed.
 * @example checkLongEnough(1461, 20, 1000) // no error
 * @throws SeriesInputError when `window` is not a positive integer, the series or its training
 *   part is too short for the window (`The training part has 20 values but window 20 needs at
 *   least 21 (one window and the value after it): use a shorter window or a longer series.`), or
 *   the split is not a whole number or leaves nothing to validate on.
 */
export function checkLongEnough(n: number, window: number, split?: number): void {
  checkWindowFits(n, window);
  if (split === undefined) {
    if (n > window + 1) return;
    throw new SeriesInputError(
      ({ window: name }) =>
        `The series has ${n} values, all taken by one window of ${window} and the value after it, so none is left to check a forecast on: use a shorter ${name ? name() : 'window'} or a longer series.`,
    );
  }
  if (!Number.isInteger(split) || split < 0) {
    throw new SeriesInputError(
      ({ split: name }) => `The split must be a whole number of values, got ${split}: use e.g. ${name ? name('1000') : '1000'}.`,
    );
  }
  if (split >= n) {
    throw new SeriesInputError(
      ({ split: name }) =>
        `The split ${split} leaves nothing to validate on: the series has ${n} values, so use a ${name ? name() : 'split'} below ${n}.`,
    );
  }
  checkWindowFits(split, window, { part: 'training part' });
}

function checkFill(fill: FillMethod | undefined): void {
  if (fill !== undefined && !FILL_METHODS.includes(fill)) {
    throw new SeriesInputError(
      ({ fill: name }) =>
        `Unknown fill method '${fill}': use ${name ? `${name('previous')} or ${name('linear')}` : "'previous' or 'linear'"}.`,
    );
  }
}

/** A JSON series: parsed whole, then read item by item by the same builder as a CSV's rows. */
function readJson(text: string, options: SeriesTextOptions): SeriesInputResult {
  const { header, length, cell } = jsonTable(text, options.source);
  const builder = new SeriesBuilder({
    column: options.column,
    date: options.date,
    fill: options.fill,
    source: options.source,
    unit: 'item',
  });
  builder.header(header);
  for (let r = 0; r < length; r++) builder.row((c) => cell(r, c), r);
  return builder.finish();
}

/** Deeper than this, a JSON file is no series (one is two levels deep); checked before parsing. */
const MAX_JSON_DEPTH = 16;

/** A JSON file's cells, whatever its shape. */
function jsonTable(text: string, source: string): { header: string[]; length: number; cell: (row: number, col: number) => unknown } {
  const depth = jsonDepthOver(text, MAX_JSON_DEPTH);
  if (depth !== null) {
    throw new InputError(
      `${source} nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep (from character ${depth + 1}), and a series is at most two (an array of objects, or an object of arrays): fix the file.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const why = (err as Error).message;
    throw new SeriesInputError(
      ({ format }) =>
        `${source} is not valid JSON (${why}): fix the file, or ${format ? `pass ${format('csv')} if it is a CSV` : 'read it as CSV if it is one'}.`,
    );
  }
  const where = (r: number) => `item ${r} of ${source}`;
  const shapes =
    'an array of numbers, an array of objects ([{"date": "...", "value": 1.2}]) or an object of arrays ({"date": [...], "value": [...]})';
  if (Array.isArray(data)) {
    if (data.length === 0) throw new InputError(`${source} is an empty array: it needs at least one value.`);
    const objects = isObject(data.find((x) => x !== null));
    const bad = data.findIndex((x) => (objects ? !isObject(x) : isObject(x) || Array.isArray(x)));
    if (bad >= 0) {
      throw new InputError(
        `${cap(where(bad))} is ${JSON.stringify(data[bad]).slice(0, 80)}, but ${objects ? 'the items are objects' : 'the items are numbers'}: give ${source} one shape, ${shapes}.`,
      );
    }
    if (!objects) return { header: ['value'], length: data.length, cell: (r) => data[r] };
    const rows = data as Record<string, unknown>[];
    const keys = new Set<string>();
    for (const o of rows) for (const k in o) keys.add(k);
    const header = [...keys];
    return { header, length: rows.length, cell: (r, c) => rows[r][header[c]] };
  }
  if (!isObject(data)) throw new InputError(`${source} holds ${JSON.stringify(data)?.slice(0, 40)}: seqcast reads ${shapes}.`);
  const header = Object.keys(data);
  const notArray = header.find((k) => !Array.isArray(data[k]));
  if (header.length === 0 || notArray !== undefined) {
    throw new InputError(
      `${source} is an object ${notArray === undefined ? 'with no keys' : `whose '${notArray}' is not an array`}: seqcast reads ${shapes}.`,
    );
  }
  const cols = header.map((k) => data[k] as unknown[]);
  const odd = cols.findIndex((c) => c.length !== cols[0].length);
  if (odd >= 0)
    throw new InputError(
      `${source}: '${header[odd]}' has ${cols[odd].length} items but '${header[0]}' has ${cols[0].length}: give every array the same length.`,
    );
  if (cols[0].length === 0) throw new InputError(`${source} has empty arrays: it needs at least one value.`);
  return { header, length: cols[0].length, cell: (r, c) => cols[c][r] };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
