/**
 * A series built one row at a time, as a reader meets the rows of a file (CSV lines, JSON items):
 * each value cell is checked and stored as a number at once, each date parsed into a compact
 * column, so nothing of the file's text outlives its row. `finish` then checks the dates as a
 * whole (their grid, missing dates), fills what `fill` asks for and hands back the series.
 *
 * Memory: per row and value column 8 bytes (float64, so that fill interpolates as before) in a
 * buffer that doubles as it grows, 4 for the row's line, about 10 for its date; the result is
 * float32. Browser-safe.
 */
import { InputError } from '../errors.js';
import { beyondFloat32, beyondFloat32Message, cellValue, isBelowFloat32 } from './cell.js';
import { columnIndex, valueColumns } from './csv.js';
import { dateGrid, missingAt, offGridMessage } from './date-grid.js';
import { dateAfter, describeFrequency, type DateFrequency } from './dates.js';
import { fillMissing, insertMissing, type FillMethod } from './fill.js';
import { SeriesInputError } from './input-error.js';
import { SeriesDates, SeriesDatesBuilder } from './series-dates.js';

/** What a reader of a series gives back. */
export interface SeriesInputResult {
  /** The dataset's name, or the file's name without extension. */
  name: string;
  /** The chosen value columns; the first is the target. */
  columns: string[];
  /** The target (first chosen) column. */
  values: Float32Array;
  /** Every chosen column when there are several (`features[0]` is `values`). */
  features?: Float32Array[];
  /** One date per value, written as in the input (inserted dates written the same way). */
  dates?: SeriesDates;
  /** How often the series is measured, when the dates are regular. */
  frequency?: DateFrequency;
  /** The file's path, or where a shipped dataset comes from. */
  source: string;
  /** Cells filled by `fill` (inserted rows included). */
  filled: number;
  /** Rows inserted for missing dates. */
  inserted: number;
  /**
   * What the reading decided or changed, one line each: text cells read as missing under `fill`,
   * the count of filled cells, values too close to 0 for float32, dates with no grid.
   */
  notes: string[];
}

/** How the builder reads: the reading options, the file's name and what its rows are called. */
export interface SeriesBuildOptions {
  column?: string | string[];
  date?: string;
  fill?: FillMethod;
  /** The file name in messages, e.g. 'temps.csv'. */
  source: string;
  /** 'row' (a CSV line; places are line numbers) or 'item' (a JSON item; places are 0-based indices). */
  unit: 'row' | 'item';
}

/** Text cells read as missing under `fill` that get a note of their own; more are counted in one. */
const NOTED_TEXT_CELLS = 3;

/**
 * Builds a series row by row: `header` once, `row` for each row, then `finish`.
 * @example
 * const b = new SeriesBuilder({ source: 'a.csv', unit: 'row' });
 * b.header(['v']); b.row(() => '1.5', 2); b.finish().values // Float32Array [1.5]
 */
export class SeriesBuilder {
  readonly #options: SeriesBuildOptions;
  #header: string[] = [];
  #valueCols: number[] = [];
  #dateCol: number | undefined;
  #columns: Float64Array[] = [];
  #places = new Int32Array(1024);
  #rows = 0;
  #dates: SeriesDatesBuilder | undefined;
  readonly #notes: string[] = [];
  #textCells = { count: 0, last: 0 };
  #tiny: { count: number; row: number; written: string }[] = [];

  /** @throws never. */
  constructor(options: SeriesBuildOptions) {
    this.#options = options;
  }

  /** Rows read so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Where row `r` is in the file: 'line 7 of temps.csv' or 'item 6 of data.json'. */
  readonly where = (r: number): string => `${this.#options.unit === 'row' ? 'line' : 'item'} ${this.#places[r]} of ${this.#options.source}`;

  /**
   * Chooses the value and date columns from the header.
   * @throws SeriesInputError when a column is unknown, named twice in the header, is the date column or is chosen twice.
   */
  header(names: string[]): void {
    const { date, column, source } = this.#options;
    this.#header = names;
    this.#dateCol = date === undefined ? undefined : columnIndex(names, date, 'date', source);
    this.#valueCols = valueColumns(names, column, this.#dateCol, source);
    this.#columns = this.#valueCols.map(() => new Float64Array(1024));
    this.#tiny = this.#valueCols.map(() => ({ count: 0, row: -1, written: '' }));
    if (this.#dateCol !== undefined) this.#dates = new SeriesDatesBuilder(names[this.#dateCol], this.where);
  }

  /**
   * Reads one row: `cell(c)` is the cell of column c (text in a CSV; any JSON value in JSON);
   * `place` is its line (CSV) or 0-based item index (JSON).
   * @throws SeriesInputError or InputError naming the place: a missing value without `fill`, text
   *   in a value column without `fill`, a number beyond float32's range, a missing or unreadable
   *   date, a date not after the one before.
   */
  row(cell: (col: number) => unknown, place: number): void {
    const r = this.#rows;
    if (r === this.#places.length) {
      this.#places = grow(this.#places, (n) => new Int32Array(n));
      this.#columns = this.#columns.map((c) => grow(c, (n) => new Float64Array(n)));
    }
    this.#places[r] = place;
    for (let k = 0; k < this.#valueCols.length; k++) this.#columns[k][r] = this.#value(cell(this.#valueCols[k]), k, r);
    if (this.#dates) this.#dates.push(this.#dateText(cell(this.#dateCol!), r), r);
    this.#rows++;
  }

  /**
   * The series: dates checked as a whole (grid, missing dates), gaps filled with `fill`.
   * @throws InputError or SeriesInputError naming the place: a date off the grid most dates
   *   follow, missing dates without `fill` (or more than the rows there are), a column with no
   *   values to fill from, a first value missing with `fill: 'previous'`.
   */
  finish(): SeriesInputResult {
    const { fill, source } = this.#options;
    const n = this.#rows;
    const header = this.#header;
    let columns = this.#columns.map((c) => c.subarray(0, n));
    let dates = this.#dates?.finish();
    let frequency: DateFrequency | undefined;
    let inserted = 0;
    if (dates) {
      ({ frequency, inserted } = this.#checkDates(dates));
      if (frequency && inserted > 0) ({ columns, dates } = this.#insertMissing(columns, dates, frequency));
    }
    this.#noteTextCells();
    for (const [k, t] of this.#tiny.entries()) {
      if (t.count === 0) continue;
      this.#notes.push(
        `Column '${header[this.#valueCols[k]]}' has ${t.count === 1 ? '1 value' : `${t.count} values`} closer to 0 than float32 holds in full (below 1.2e-38), the first on ${this.where(t.row)} (${t.written}): seqcast computes in float32, so ${t.count === 1 ? 'it reads' : 'they read'} as 0 or with fewer digits. Rescale the column (multiply it by a power of ten) if ${t.count === 1 ? 'it matters' : 'they matter'}.`,
      );
    }
    let filled = 0;
    if (fill !== undefined) {
      // the first value is never an inserted date, so row 0 of the file is where it comes from
      for (const [k, c] of columns.entries()) filled += fillMissing(c, fill, { column: header[this.#valueCols[k]], where: this.where });
      if (filled > 0)
        this.#notes.push(
          `${filled} missing value${filled === 1 ? '' : 's'} filled (fill method '${fill}')${inserted > 0 ? `, ${inserted} of them on inserted dates` : ''}.`,
        );
    }
    const features = columns.map((c) => Float32Array.from(c));
    this.#columns = [];
    return {
      name: fileStem(source),
      columns: this.#valueCols.map((c) => header[c]),
      values: features[0],
      ...(features.length > 1 ? { features } : {}),
      ...(dates ? { dates } : {}),
      ...(frequency ? { frequency } : {}),
      source,
      filled,
      inserted,
      notes: this.#notes,
    };
  }

  /** One value cell as a number, NaN where it is missing (or is text and `fill` reads it as missing). */
  #value(cell: unknown, k: number, r: number): number {
    const { fill, unit } = this.#options;
    const column = this.#header[this.#valueCols[k]];
    const str = typeof cell === 'string' ? cell.trim() : undefined;
    const v = cellValue(cell);
    if (v === undefined) {
      const shown = str !== undefined ? `'${str}'` : JSON.stringify(cell);
      if (fill !== undefined) {
        if (++this.#textCells.count <= NOTED_TEXT_CELLS) {
          this.#notes.push(
            `${cap(this.where(r))}: column '${column}' has ${shown}, not a number: read as missing and filled (fill method '${fill}').`,
          );
        }
        this.#textCells.last = r;
        return NaN;
      }
      throw new SeriesInputError(
        ({ fill }) =>
          `${cap(this.where(r))}: column '${column}' has ${shown}, which is not a number: fix or remove that ${unit}${fill ? `, or read it as missing with ${fill()}` : ''}.`,
      );
    }
    if (Number.isNaN(v)) {
      if (fill !== undefined) return NaN;
      const what =
        cell === undefined
          ? `the ${unit} has no '${column}'`
          : cell === null
            ? `column '${column}' is null`
            : str === ''
              ? `the cell in column '${column}' is empty`
              : `column '${column}' has '${str}', a missing value`;
      throw new SeriesInputError(
        ({ fill }) =>
          `${cap(this.where(r))}: ${what}: ${fill ? `fill missing values with ${fill()}, or fix` : 'fix'} or remove that ${unit}.`,
      );
    }
    if (beyondFloat32(v)) throw new InputError(beyondFloat32Message(cap(this.where(r)), column, v, str));
    if (isBelowFloat32(v) && this.#tiny[k].count++ === 0) this.#tiny[k] = { count: 1, row: r, written: str ?? String(v) };
    return v;
  }

  #dateText(cell: unknown, r: number): string {
    if (typeof cell === 'number') return String(cell);
    if (typeof cell === 'string' && cell.trim() !== '') return cell.trim();
    const { unit } = this.#options;
    throw new InputError(
      `${cap(this.where(r))}: the date in column '${this.#header[this.#dateCol!]}' is missing: every ${unit} needs a date, so fix or remove that ${unit}.`,
    );
  }

  /** The dates' frequency and the number of missing dates; throws on dates off their grid, and on gaps without `fill`. */
  #checkDates(dates: SeriesDates): { frequency?: DateFrequency; inserted: number } {
    const { fill, unit, source } = this.#options;
    const grid = dateGrid(dates);
    if (grid.kind === 'off-grid') {
      const i = grid.index;
      const before = i > 0 ? dates.time(i) - dates.time(i - 1) : 0;
      throw new InputError(offGridMessage(grid, this.where(i), dates.at(i)!, i > 0 ? dates.at(i - 1) : undefined, before));
    }
    if (grid.kind === 'none') {
      if (dates.length > 1) {
        this.#notes.push(
          `The dates in column '${this.#header[this.#dateCol!]}' have no regular step (${grid.why}): seqcast reads the ${unit}s in order, checks for no missing dates, and numbers its forecasts instead of dating them.`,
        );
      }
      return { inserted: 0 };
    }
    const { frequency } = grid;
    let [inserted, first] = [0, 0];
    for (let i = 1; i < dates.length; i++) {
      const missing = missingAt(dates, i, frequency);
      if (missing === 0) continue;
      if (fill === undefined) {
        const count = missing === 1 ? '1 date is' : `${missing} dates are`;
        throw new SeriesInputError(
          ({ fill }) =>
            `${cap(this.where(i))}: ${count} missing before ${dates.at(i)} (${about(i)}): ${fill ? `insert them with ${fill()}, or add` : 'add'} the missing ${unit}s.`,
        );
      }
      inserted += missing;
      first ||= i;
    }
    if (inserted > dates.length) {
      throw new InputError(
        `${cap(this.where(first))}: filling the missing dates would add ${inserted} ${unit}s, more than the ${dates.length} in ${source} (${about(first)}): check the date column, or fill the gaps yourself.`,
      );
    }
    return { frequency, inserted };

    function about(i: number): string {
      return `the series is ${describeFrequency(frequency)} and the date before is ${dates.at(i - 1)}`;
    }
  }

  /** The columns and dates with a NaN row and a date inserted for each missing date. */
  #insertMissing(columns: Float64Array[], dates: SeriesDates, frequency: DateFrequency): { columns: Float64Array[]; dates: SeriesDates } {
    const missing = new Int32Array(dates.length);
    const out = new SeriesDatesBuilder(this.#header[this.#dateCol!], this.where);
    for (let i = 0; i < dates.length; i++) {
      missing[i] = missingAt(dates, i, frequency);
      if (missing[i] > 0) {
        const prev = dates.parsed(i - 1);
        for (let k = 1; k <= missing[i]; k++) out.add(dateAfter(prev, frequency, k).time, prev.style);
      }
      out.add(dates.time(i), dates.style(i));
    }
    return { columns: columns.map((c) => insertMissing(c, missing)), dates: out.finish() };
  }

  /** The notes on text cells read as missing beyond the first few. */
  #noteTextCells(): void {
    const more = this.#textCells.count - NOTED_TEXT_CELLS;
    if (more > 0) {
      this.#notes.push(
        `${more} more cell${more === 1 ? '' : 's'} that ${more === 1 ? 'is' : 'are'} not a number, the last on ${this.where(this.#textCells.last)}, ${more === 1 ? 'was' : 'were'} read as missing and filled too (fill method '${this.#options.fill}').`,
      );
    }
  }
}

/** A copy of `a` with twice the room. */
function grow<T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/** The file name without its folders and extension, as node:path's `basename(path, extname(path))`. */
export function fileStem(path: string): string {
  const base = path.replace(/\/+$/, '').replace(/^.*\//, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
