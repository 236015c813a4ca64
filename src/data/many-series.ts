/**
 * Many series from one CSV, in either of the two layouts forecasting tools use:
 *
 *   long  one row per series and date (neuralforecast's `unique_id, ds, y`): `id` names the id
 *         column(s) (several make a composite id, e.g. store,item), `date` the date column,
 *         `column` the value column. Rows may come in any order: they are grouped by id and
 *         sorted by date within each series.
 *   wide  one column per series (`columns`, or `allColumns`: every column but the date), with an
 *         optional date column shared by all; a series starts at its first value and ends at its
 *         last, so series of different lengths and start dates sit side by side.
 *
 * The text streams through the shared CSV reader (csv.ts) and each cell is read as the one-series
 * reader reads it (cell.ts, dates.ts); each series is then sorted, checked and filled on its own
 * (series-finish.ts). A problem of the file (text in the value column, an unreadable date, a row
 * without an id) stops the reading with one message naming the line and the column; a problem of
 * one series (a repeated date, missing dates without fill) skips that series with its reason.
 *
 * Memory: while reading, 24 bytes per row (value, date, offset, line); afterwards 4 bytes per
 * value (a Float32Array per series). Browser-safe.
 */
import { InputError } from '../errors.js';
import { beyondFloat32, beyondFloat32Message, cellValue } from './cell.js';
import { columnIndex, CsvReader, valueColumns } from './csv.js';
import { parseDate, unreadableDate, type DateFrequency } from './dates.js';
import { FILL_METHODS, type FillMethod } from './fill.js';
import { SeriesInputError } from './input-error.js';
import { SeriesDatesBuilder } from './series-dates.js';
import { finishSeries, type SeriesRows } from './series-finish.js';

/** How to read many series; give `id` (long) or `columns`/`allColumns` (wide). */
export interface ManySeriesOptions {
  /** Long: the id column(s), names or 0-based indices; 'store,item' lists several. */
  id?: string | string[];
  /** Long: the value column; default the last column that is neither an id nor the date. */
  column?: string;
  /** Wide: the value columns, one series each; 'a,b,c' lists several. */
  columns?: string | string[];
  /** Wide: every column but the date is a series. */
  allColumns?: boolean;
  /** The date column (long: sorts each series; both: checks and dates the forecasts). */
  date?: string;
  /** Fill missing values and dates of each series. */
  fill?: FillMethod;
  /** The file's name in messages. */
  source: string;
}

/** One series read. */
export interface SeriesEntry {
  /** Its id: one cell per id column (long), or its column's name (wide). */
  id: string[];
  values: Float32Array;
  /** The dates' frequency, when dated and regular. */
  frequency?: DateFrequency;
  /** The last date as written, when dated: the forecasts' dates follow it. */
  end?: string;
}

/** A series left out, and why. */
export interface SkippedSeries {
  id: string[];
  reason: string;
}

/** What a many-series reader gives back. */
export interface ManySeriesResult {
  /** The names of the id columns ('series' for a wide file). */
  idColumns: string[];
  /** The series, in the order their first row (long) or column (wide) comes in the file. */
  series: SeriesEntry[];
  /** Series left out by the reading (a repeated date, a gap without fill, no values). */
  skipped: SkippedSeries[];
  /** The value column's name (long), else 'value'. */
  column: string;
  source: string;
  /** Values filled by `fill`, over all series. */
  filled: number;
}

/** A reader fed chunks of text: push each, then end. */
export interface ManySeriesReader {
  push(chunk: string): void;
  end(): ManySeriesResult;
}

/**
 * Reads many series from CSV text pushed in chunks (see the file comment for the two layouts).
 * @example
 * const reader = manySeriesCsvReader({ id: 'unique_id', date: 'ds', column: 'y', source: 'm.csv' });
 * reader.push('unique_id,ds,y\nb,2020-01-02,3\na,2020-01-01,1\nb,2020-01-01,2\n');
 * reader.end().series.map((s) => s.id[0]); // ['b', 'a']
 * @throws OptionError-like SeriesInputError when the layout options conflict or name no column;
 *   InputError naming the line and the column for a value that is text (without fill) or beyond
 *   float32, an unreadable or missing date, an empty id; and the CSV reader's errors.
 */
export function manySeriesCsvReader(options: ManySeriesOptions): ManySeriesReader {
  checkLayout(options);
  const layout = options.id !== undefined ? new LongLayout(options) : new WideLayout(options);
  const csv = new CsvReader({ header: (cells) => layout.header(cells), row: (cells, line) => layout.row(cells, line) }, options.source);
  return {
    push: (chunk) => csv.push(chunk),
    end: () => {
      csv.end();
      return layout.finish();
    },
  };
}

/**
 * Reads many series from CSV text in memory (a test, a browser upload).
 * @example parseManySeries('day,a,b\n2020-01-01,1,\n2020-01-02,2,5\n', { columns: 'a,b', date: 'day', source: 'w.csv' }).series[1].values // [5]
 * @throws as {@link manySeriesCsvReader}.
 */
export function parseManySeries(text: string, options: ManySeriesOptions): ManySeriesResult {
  const reader = manySeriesCsvReader(options);
  reader.push(text);
  return reader.end();
}

/** Whether the options name a many-series layout (an id, columns or all columns). */
export function isManySeries(options: Pick<ManySeriesOptions, 'id' | 'columns' | 'allColumns'>): boolean {
  return options.id !== undefined || options.columns !== undefined || options.allColumns === true;
}

function checkLayout(o: ManySeriesOptions): void {
  const given = [o.id !== undefined && 'id', o.columns !== undefined && 'columns', o.allColumns && 'all columns'].filter(Boolean);
  if (given.length !== 1)
    throw new SeriesInputError(() =>
      given.length === 0
        ? `Name the series: --id COLUMNS for a long file (one row per series and date), or --columns a,b,c (or --all-columns) for a wide one.`
        : `--id (long), --columns and --all-columns (wide) are different layouts of a file: give one of them.`,
    );
  if (o.fill !== undefined && !FILL_METHODS.includes(o.fill))
    throw new SeriesInputError(() => `Unknown fill method '${String(o.fill)}': use --fill previous or --fill linear.`);
  if (o.id === undefined && o.column !== undefined)
    throw new SeriesInputError(
      () => `--column names the value column of a long file (with --id); a wide file's series are its --columns: drop --column.`,
    );
}

/** A list option as names: an array as it is, a string split at commas. */
function list(value: string | string[]): string[] {
  return (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** A growable store of one series' rows. */
class Rows {
  n = 0;
  values = new Float64Array(8);
  times: Float64Array | undefined;
  offsets: Int32Array | undefined;
  lines = new Int32Array(8);
  /** The text and instant of the latest date so far. */
  end: { text: string; time: number } | undefined;

  constructor(dated: boolean) {
    if (dated) [this.times, this.offsets] = [new Float64Array(8), new Int32Array(8)];
  }

  push(value: number, line: number, date?: { time: number; offsetMs: number; text: string }): void {
    if (this.n === this.values.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.values = grow(this.values, (n) => new Float64Array(n));
      this.lines = grow(this.lines, (n) => new Int32Array(n));
      if (this.times) this.times = grow(this.times, (n) => new Float64Array(n));
      if (this.offsets) this.offsets = grow(this.offsets, (n) => new Int32Array(n));
    }
    this.values[this.n] = value;
    this.lines[this.n] = line;
    if (date) {
      this.times![this.n] = date.time;
      this.offsets![this.n] = date.offsetMs;
      if (!this.end || date.time > this.end.time) this.end = { text: date.text, time: date.time };
    }
    this.n++;
  }

  /** The rows, trimmed to their number. */
  view(): SeriesRows {
    const n = this.n;
    return {
      values: this.values.slice(0, n),
      lines: this.lines.subarray(0, n),
      ...(this.times ? { times: this.times.subarray(0, n), offsets: this.offsets!.subarray(0, n) } : {}),
    };
  }
}

/** Reads one value cell: NaN when missing (or text under fill). */
function readValue(cell: string, line: number, column: string, o: ManySeriesOptions): number {
  const v = cellValue(cell);
  if (v === undefined) {
    if (o.fill !== undefined) return NaN;
    throw new SeriesInputError(
      ({ fill }) =>
        `Line ${line} of ${o.source}: column '${column}' has '${cell}', which is not a number: fix or remove that row${fill ? `, or read it as missing with ${fill()}` : ''}.`,
    );
  }
  if (beyondFloat32(v)) throw new InputError(beyondFloat32Message(`Line ${line} of ${o.source}`, column, v, cell));
  return v;
}

/** A date cell read. */
type ReadDate = { time: number; offsetMs: number; text: string };

/** Dates parsed so far, by their text: a long file repeats each date once per series. */
const MAX_CACHED_DATES = 100_000;

/** Reads one date cell (through `cache`). */
function readDate(cell: string, line: number, column: string, source: string, cache: Map<string, ReadDate>): ReadDate {
  const known = cache.get(cell);
  if (known) return known;
  if (cell === '')
    throw new InputError(
      `Line ${line} of ${source}: the date in column '${column}' is missing: every row needs a date, so fix or remove that row.`,
    );
  const d = parseDate(cell);
  if (!d) throw unreadableDate(`line ${line} of ${source}`, cell, column);
  if (cache.size >= MAX_CACHED_DATES) cache.clear();
  const read = { time: d.time, offsetMs: d.style.offsetMs, text: d.text };
  cache.set(cell, read);
  return read;
}

class LongLayout {
  readonly #o: ManySeriesOptions;
  #header: string[] = [];
  #idCols: number[] = [];
  #dateCol: number | undefined;
  #valueCol = 0;
  readonly #index = new Map<string, number>();
  readonly #series: { id: string[]; rows: Rows }[] = [];
  readonly #dates = new Map<string, ReadDate>();

  constructor(options: ManySeriesOptions) {
    this.#o = options;
  }

  header(names: string[]): void {
    const { source, date, column } = this.#o;
    this.#header = names;
    this.#idCols = list(this.#o.id!).map((name) => idColumn(names, name, source));
    if (this.#idCols.length === 0)
      throw new SeriesInputError(() => `--id names no column: give the id column(s), e.g. --id unique_id or --id store,item.`);
    this.#dateCol = date === undefined ? undefined : columnIndex(names, date, 'date', source);
    if (this.#dateCol !== undefined && this.#idCols.includes(this.#dateCol))
      throw new SeriesInputError(() => `Column '${names[this.#dateCol!]}' is both an id and the date column: name each once.`);
    if (column !== undefined) [this.#valueCol] = valueColumns(names, column, this.#dateCol, source);
    else {
      const rest = names.map((_, i) => i).filter((i) => i !== this.#dateCol && !this.#idCols.includes(i));
      if (rest.length === 0) throw new InputError(`${source} has no column besides the id and date columns: add a column of values.`);
      this.#valueCol = rest.at(-1)!;
    }
    if (this.#idCols.includes(this.#valueCol))
      throw new SeriesInputError(() => `Column '${names[this.#valueCol]}' is an id column: choose a column of values with --column.`);
  }

  row(cells: string[], line: number): void {
    const id = this.#idCols.map((c) => cells[c]);
    const empty = id.findIndex((cell) => cell === '');
    if (empty >= 0)
      throw new InputError(
        `Line ${line} of ${this.#o.source}: the id in column '${this.#header[this.#idCols[empty]]}' is empty: every row needs its series' id, so fix or remove that row.`,
      );
    const key = id.join('\u001f');
    let k = this.#index.get(key);
    if (k === undefined) {
      k = this.#series.length;
      this.#index.set(key, k);
      this.#series.push({ id, rows: new Rows(this.#dateCol !== undefined) });
    }
    const column = this.#header[this.#valueCol];
    const value = readValue(cells[this.#valueCol], line, column, this.#o);
    const date =
      this.#dateCol === undefined
        ? undefined
        : readDate(cells[this.#dateCol], line, this.#header[this.#dateCol], this.#o.source, this.#dates);
    this.#series[k].rows.push(value, line, date);
  }

  finish(): ManySeriesResult {
    const column = this.#header[this.#valueCol];
    const out: ManySeriesResult = {
      idColumns: this.#idCols.map((c) => this.#header[c]),
      series: [],
      skipped: [],
      column,
      source: this.#o.source,
      filled: 0,
    };
    for (let k = 0; k < this.#series.length; k++) {
      const { id, rows } = this.#series[k];
      this.#series[k] = { id, rows: new Rows(false) }; // let the rows go as each series is done
      try {
        const s = finishSeries(rows.view(), { fill: this.#o.fill, column, source: this.#o.source });
        out.filled += s.filled;
        out.series.push({
          id,
          values: s.values,
          ...(s.frequency ? { frequency: s.frequency } : {}),
          ...(rows.end ? { end: rows.end.text } : {}),
        });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        out.skipped.push({ id, reason: err.message });
      }
    }
    return out;
  }
}

/** An id column by name or 0-based index, with a message naming --id. */
function idColumn(header: string[], name: string, source: string): number {
  const at = header.indexOf(name);
  if (at >= 0) return at;
  if (/^\d+$/.test(name) && Number(name) < header.length) return Number(name);
  throw new SeriesInputError(
    () =>
      `${source} has no column '${name}' for the series id: its columns are ${header.map((h) => `'${h}'`).join(', ')}. Name one of them (or its 0-based index) with --id.`,
  );
}

class WideLayout {
  readonly #o: ManySeriesOptions;
  #header: string[] = [];
  #cols: number[] = [];
  #dateCol: number | undefined;
  #dates: SeriesDatesBuilder | undefined;
  #rows: Rows[] = [];

  constructor(options: ManySeriesOptions) {
    this.#o = options;
  }

  header(names: string[]): void {
    const { source, date } = this.#o;
    this.#header = names;
    this.#dateCol = date === undefined ? undefined : columnIndex(names, date, 'date', source);
    this.#cols = this.#o.allColumns
      ? names.map((_, i) => i).filter((i) => i !== this.#dateCol)
      : valueColumns(names, list(this.#o.columns!), this.#dateCol, source);
    if (this.#cols.length === 0) throw new InputError(`${source} has only the date column: add a column per series.`);
    this.#rows = this.#cols.map(() => new Rows(false));
    if (this.#dateCol !== undefined)
      this.#dates = new SeriesDatesBuilder(names[this.#dateCol], (r) => `line ${this.#rows[0].lines[r]} of ${source}`);
  }

  row(cells: string[], line: number): void {
    const r = this.#rows[0].n;
    for (const [k, c] of this.#cols.entries()) this.#rows[k].push(readValue(cells[c], line, this.#header[c], this.#o), line);
    if (this.#dates) {
      const cell = cells[this.#dateCol!];
      if (cell === '')
        throw new InputError(
          `Line ${line} of ${this.#o.source}: the date in column '${this.#header[this.#dateCol!]}' is missing: every row needs a date, so fix or remove that row.`,
        );
      this.#dates.push(cell, r);
    }
  }

  finish(): ManySeriesResult {
    const { source, fill } = this.#o;
    const dates = this.#dates?.finish();
    const out: ManySeriesResult = { idColumns: ['series'], series: [], skipped: [], column: 'value', source, filled: 0 };
    for (const [k, c] of this.#cols.entries()) {
      const id = [this.#header[c]];
      const all = this.#rows[k].view();
      // a series starts at its first value and ends at its last: the cells around are not its own
      let [a, b] = [0, all.values.length];
      while (a < b && Number.isNaN(all.values[a])) a++;
      while (b > a && Number.isNaN(all.values[b - 1])) b--;
      if (a === b) {
        out.skipped.push({ id, reason: `Column '${id[0]}' of ${source} has no values.` });
        continue;
      }
      const rows: SeriesRows = { values: all.values.slice(a, b), lines: all.lines.subarray(a, b) };
      if (dates) {
        rows.times = Float64Array.from({ length: b - a }, (_, i) => dates.time(a + i));
        rows.offsets = Int32Array.from({ length: b - a }, (_, i) => dates.offsetMs(a + i));
      }
      try {
        const s = finishSeries(rows, { fill, column: id[0], source });
        out.filled += s.filled;
        out.series.push({
          id,
          values: s.values,
          ...(s.frequency ? { frequency: s.frequency } : {}),
          ...(dates ? { end: dates.at(b - 1) } : {}),
        });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        out.skipped.push({ id, reason: err.message });
      }
    }
    return out;
  }
}
