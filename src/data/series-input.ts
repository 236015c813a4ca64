/**
 * A series read from CSV or JSON text into numbers, dates and an inferred frequency, with one-line
 * errors that name the place (`Line 7 of temps.csv: ...`) and the fix: the reader the CLI (through
 * `src/cli/series-file.ts`, which reads the file) and the playground (a user's CSV) share.
 * Browser-safe: no `node:` imports.
 *
 * Every check runs: numbers, missing values, date order, missing dates. The messages name no
 * command-line flag; a {@link SeriesInputError} lets the CLI name its own (`--fill`, `--column`).
 */
import { columnIndex, readCsvTable, valueColumns } from './csv.js';
import {
  checkDateOrder,
  describeFrequency,
  inferFrequency,
  missingBefore,
  parseDates,
  withMissingDates,
  type DateFrequency,
} from './dates.js';
import { FILL_METHODS, cellValue, fillMissing, insertMissing, type FillMethod } from './fill.js';
import { SeriesInputError } from './input-error.js';
import { checkWindowFits } from './window-spec.js';

export interface SeriesInputResult {
  /** The dataset's name, or the file's name without extension. */
  name: string;
  /** The chosen value columns; the first is the target. */
  columns: string[];
  /** The target (first chosen) column. */
  values: Float32Array;
  /** Every chosen column when there are several (`features[0]` is `values`). */
  features?: Float32Array[];
  /** One date per value, as written in the input (inserted dates written the same way). */
  dates?: string[];
  /** How often the series is measured, when the dates are regular. */
  frequency?: DateFrequency;
  /** The file's path, or where a shipped dataset comes from. */
  source: string;
  /** Cells filled by `fill` (inserted rows included). */
  filled: number;
  /** Rows inserted for missing dates. */
  inserted: number;
  /** What the reading changed, one line each (a text cell read as missing under `fill`, the count of filled cells). */
  notes: string[];
}

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
  if (options.fill !== undefined && !FILL_METHODS.includes(options.fill)) {
    throw new SeriesInputError(
      ({ fill }) =>
        `Unknown fill method '${options.fill}': use ${fill ? `${fill('previous')} or ${fill('linear')}` : "'previous' or 'linear'"}.`,
    );
  }
  const table = options.format === 'json' ? jsonTable(text, options.source) : csvTable(text, options.source);
  return buildSeries(table, options);
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

/** A file's cells, whatever its format; `where(i)` names row i ('line 7 of temps.csv'). */
interface Table {
  header: string[];
  length: number;
  cell: (row: number, col: number) => unknown;
  where: (row: number) => string;
  unit: 'row' | 'item';
  source: string;
}

function buildSeries(table: Table, options: SeriesTextOptions): SeriesInputResult {
  const { header, where, unit, source } = table;
  const dateCol = options.date === undefined ? undefined : columnIndex(header, options.date, 'date', source);
  const valueCols = valueColumns(header, options.column, dateCol, source);
  const notes: string[] = [];
  let columns = valueCols.map((c) => readColumn(table, c, options.fill, notes));
  let dates: string[] | undefined;
  let frequency: DateFrequency | undefined;
  let inserted = 0;
  if (dateCol !== undefined) {
    const texts = Array.from({ length: table.length }, (_, r) => dateText(table, r, dateCol));
    const parsed = parseDates(texts, where, header[dateCol]);
    checkDateOrder(parsed, where);
    frequency = inferFrequency(parsed);
    dates = parsed.map((d) => d.text);
    const missing = frequency ? missingBefore(parsed, frequency) : [];
    const gap = missing.findIndex((m) => m > 0);
    if (frequency && gap >= 0) {
      inserted = missing.reduce((a, b) => a + b, 0);
      const about = `the series is ${describeFrequency(frequency)} and the date before is ${parsed[gap - 1].text}`;
      if (options.fill === undefined) {
        const count = missing[gap] === 1 ? '1 date is' : `${missing[gap]} dates are`;
        throw new SeriesInputError(
          ({ fill }) =>
            `${cap(where(gap))}: ${count} missing before ${parsed[gap].text} (${about}): ${fill ? `insert them with ${fill()}, or add` : 'add'} the missing ${unit}s.`,
        );
      }
      if (inserted > table.length) {
        throw new Error(
          `${cap(where(gap))}: filling the missing dates would add ${inserted} ${unit}s, more than the ${table.length} in ${source} (${about}): check the date column, or fill the gaps yourself.`,
        );
      }
      columns = columns.map((c) => insertMissing(c, missing));
      dates = withMissingDates(parsed, missing, frequency);
    }
  }
  let filled = 0;
  if (options.fill !== undefined) {
    // the first value is never an inserted date, so row 0 of the file is where it comes from
    for (const [k, c] of columns.entries()) filled += fillMissing(c, options.fill, { column: header[valueCols[k]], where });
    if (filled > 0)
      notes.push(
        `${filled} missing value${filled === 1 ? '' : 's'} filled (fill method '${options.fill}')${inserted > 0 ? `, ${inserted} of them on inserted dates` : ''}.`,
      );
  }
  const features = columns.map((c) => Float32Array.from(c));
  return {
    name: fileStem(source),
    columns: valueCols.map((c) => header[c]),
    values: features[0],
    ...(features.length > 1 ? { features } : {}),
    ...(dates ? { dates } : {}),
    ...(frequency ? { frequency } : {}),
    source,
    filled,
    inserted,
    notes,
  };
}

/**
 * One value column as float64, NaN where a value is missing. With `fill`, a cell that is not a
 * number is read as missing too (the user asked for gaps to be filled), and a note names it.
 */
function readColumn(table: Table, col: number, fill: FillMethod | undefined, notes: string[]): Float64Array {
  const { header, where, unit } = table;
  const out = new Float64Array(table.length);
  for (let r = 0; r < table.length; r++) {
    const cell = table.cell(r, col);
    const str = typeof cell === 'string' ? cell.trim() : undefined;
    const v = cellValue(cell);
    if (Number.isNaN(v) && fill === undefined) {
      const what =
        cell === undefined
          ? `the ${unit} has no '${header[col]}'`
          : cell === null
            ? `column '${header[col]}' is null`
            : str === ''
              ? `the cell in column '${header[col]}' is empty`
              : `column '${header[col]}' has '${str}', a missing value`;
      throw new SeriesInputError(
        ({ fill }) => `${cap(where(r))}: ${what}: ${fill ? `fill missing values with ${fill()}, or fix` : 'fix'} or remove that ${unit}.`,
      );
    }
    if (v === undefined) {
      const shown = str !== undefined ? `'${str}'` : JSON.stringify(cell);
      if (fill !== undefined) {
        notes.push(
          `${cap(where(r))}: column '${header[col]}' has ${shown}, not a number: read as missing and filled (fill method '${fill}').`,
        );
        out[r] = NaN;
        continue;
      }
      throw new SeriesInputError(
        ({ fill }) =>
          `${cap(where(r))}: column '${header[col]}' has ${shown}, which is not a number: fix or remove that ${unit}${fill ? `, or read it as missing with ${fill()}` : ''}.`,
      );
    }
    out[r] = v;
  }
  return out;
}

function dateText(table: Table, row: number, col: number): string {
  const cell = table.cell(row, col);
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string' && cell.trim() !== '') return cell.trim();
  throw new Error(
    `${cap(table.where(row))}: the date in column '${table.header[col]}' is missing: every ${table.unit} needs a date, so fix or remove that ${table.unit}.`,
  );
}

function csvTable(text: string, source: string): Table {
  const { header, rows, lines } = readCsvTable(text, source);
  if (header.every((h) => h !== '' && Number.isFinite(Number(h)))) {
    throw new Error(
      `${source} has no header row: its first line (${header.join(',')}) holds numbers. Add a first line naming the columns, e.g. 'value' or 'date,value'.`,
    );
  }
  return { header, length: rows.length, cell: (r, c) => rows[r][c], where: (r) => `line ${lines[r]} of ${source}`, unit: 'row', source };
}

function jsonTable(text: string, source: string): Table {
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
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (Array.isArray(data)) {
    if (data.length === 0) throw new Error(`${source} is an empty array: it needs at least one value.`);
    const objects = isObject(data.find((x) => x !== null));
    const bad = data.findIndex((x) => (objects ? !isObject(x) : isObject(x) || Array.isArray(x)));
    if (bad >= 0) {
      throw new Error(
        `${cap(where(bad))} is ${JSON.stringify(data[bad])}, but ${objects ? 'the items are objects' : 'the items are numbers'}: give ${source} one shape, ${shapes}.`,
      );
    }
    if (!objects) return { header: ['value'], length: data.length, cell: (r) => data[r], where, unit: 'item', source };
    const rows = data as Record<string, unknown>[];
    const header = [...new Set(rows.flatMap((o) => Object.keys(o)))];
    return { header, length: rows.length, cell: (r, c) => rows[r][header[c]], where, unit: 'item', source };
  }
  if (!isObject(data)) throw new Error(`${source} holds ${JSON.stringify(data)?.slice(0, 40)}: seqcast reads ${shapes}.`);
  const header = Object.keys(data);
  const notArray = header.find((k) => !Array.isArray(data[k]));
  if (header.length === 0 || notArray !== undefined) {
    throw new Error(
      `${source} is an object ${notArray === undefined ? 'with no keys' : `whose '${notArray}' is not an array`}: seqcast reads ${shapes}.`,
    );
  }
  const cols = header.map((k) => data[k] as unknown[]);
  const odd = cols.findIndex((c) => c.length !== cols[0].length);
  if (odd >= 0)
    throw new Error(
      `${source}: '${header[odd]}' has ${cols[odd].length} items but '${header[0]}' has ${cols[0].length}: give every array the same length.`,
    );
  if (cols[0].length === 0) throw new Error(`${source} has empty arrays: it needs at least one value.`);
  return { header, length: cols[0].length, cell: (r, c) => cols[c][r], where, unit: 'item', source };
}

/** The file name without its folders and extension, as node:path's `basename(path, extname(path))`. */
function fileStem(path: string): string {
  const base = path.replace(/\/+$/, '').replace(/^.*\//, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
