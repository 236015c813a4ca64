/**
 * One series of a many-series file made ready to forecast, from the rows a reader gathered for
 * it (in any order): sorted by date, checked for repeated dates, for its dates' grid and missing
 * dates (date-grid.ts), its missing values filled when asked (fill.ts), then kept as float32.
 * What is wrong with one series is thrown as an InputError naming the series' lines: the reader
 * reports that series as skipped and goes on with the others. Browser-safe.
 *
 * N = the series' rows.
 */
import { InputError } from '../errors.js';
import { dateGrid, missingAt, offGridMessage, type DateSequence } from './date-grid.js';
import { type DateFrequency } from './dates.js';
import { fillMissing, insertMissing, type FillMethod } from './fill.js';

/** The rows gathered for one series, in file order. */
export interface SeriesRows {
  /** (N) values, NaN where missing. */
  values: Float64Array;
  /** (N) each row's instant in ms since 1970 (absent without a date column). */
  times?: Float64Array;
  /** (N) each row's written UTC offset in ms (with `times`). */
  offsets?: Int32Array;
  /** (N) the line of the file each row is on. */
  lines: Int32Array;
}

/** A finished series: float32 values, and when dated, its frequency (when regular) and its first and last dates. */
export interface FinishedSeries {
  values: Float32Array;
  frequency?: DateFrequency;
  /** Inserted missing dates and filled values, for a note. */
  filled: number;
}

/** How to finish: the fill method, the value column's name and the file's name for messages. */
export interface FinishOptions {
  fill?: FillMethod;
  column: string;
  source: string;
}

/**
 * Sorts the rows by date and checks them; fills them when `fill` is given.
 * @example finishSeries({ values: Float64Array.of(2, 1), times: Float64Array.of(86400000, 0), offsets: new Int32Array(2), lines: Int32Array.of(3, 2) }, { column: 'y', source: 'a.csv' }).values // [1, 2]
 * @throws InputError naming the lines: two rows with the same date, a date off the grid the
 *   others follow, missing dates or missing values without `fill`, no value at all.
 */
export function finishSeries(rows: SeriesRows, { fill, column, source }: FinishOptions): FinishedSeries {
  const sorted = rows.times ? sortByTime(rows) : rows;
  const { lines } = sorted;
  let values = sorted.values;
  const where = (i: number): string => `line ${lines[i]} of ${source}`;
  const n = values.length;
  if (!fill) {
    const gap = values.findIndex((v) => Number.isNaN(v));
    if (gap >= 0)
      throw new InputError(
        `${cap(where(gap))}: the value in column '${column}' is missing: fix that row, or fill missing values with --fill previous|linear.`,
      );
  }
  let frequency: DateFrequency | undefined;
  let filled = 0;
  if (sorted.times) {
    const times = sorted.times;
    const offsets = sorted.offsets!;
    for (let i = 1; i < n; i++) {
      if (times[i] === times[i - 1])
        throw new InputError(
          `${cap(where(i - 1))} and ${where(i)} have the same date (${isoText(times[i])}): keep one row per date in each series.`,
        );
    }
    const seq: DateSequence = { length: n, time: (i) => times[i], offsetMs: (i) => offsets[i] };
    const grid = dateGrid(seq);
    if (grid.kind === 'off-grid') {
      const i = grid.index;
      throw new InputError(
        offGridMessage(grid, where(i), isoText(times[i]), i > 0 ? isoText(times[i - 1]) : undefined, i > 0 ? times[i] - times[i - 1] : 0),
      );
    }
    if (grid.kind === 'regular') {
      frequency = grid.frequency;
      const missing = new Int32Array(n);
      let inserted = 0;
      for (let i = 1; i < n; i++) inserted += missing[i] = missingAt(seq, i, frequency);
      if (inserted > 0) {
        const first = missing.findIndex((m) => m > 0);
        if (!fill)
          throw new InputError(
            `${cap(where(first))}: ${missing[first] === 1 ? '1 date is' : `${missing[first]} dates are`} missing before ${isoText(times[first])}: add the missing rows, or insert them with --fill previous|linear.`,
          );
        if (inserted > n)
          throw new InputError(
            `${cap(where(first))}: filling the missing dates would add ${inserted} rows to a series of ${n}: check its dates, or fill the gaps yourself.`,
          );
        values = insertMissing(values, missing);
      }
    }
  }
  if (fill) filled = fillMissing(values, fill, { column, where: (i) => (i < n ? where(i) : `value ${i}`) });
  return { values: Float32Array.from(values), ...(frequency ? { frequency } : {}), filled };
}

/** The rows in date order (a copy; the file's order when it is already sorted). */
function sortByTime(rows: SeriesRows): SeriesRows {
  const times = rows.times!;
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = times[i] >= times[i - 1];
  if (sorted) return rows;
  // stable: equal dates keep the file's order, so the message on a repeated date names them in it
  const order = Array.from({ length: times.length }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const pick = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
    const out = make(a.length);
    for (let i = 0; i < order.length; i++) out[i] = a[order[i]];
    return out;
  };
  return {
    values: pick(rows.values, (n) => new Float64Array(n)),
    times: pick(times, (n) => new Float64Array(n)),
    offsets: pick(rows.offsets!, (n) => new Int32Array(n)),
    lines: pick(rows.lines, (n) => new Int32Array(n)),
  };
}

/** An instant as ISO text: the day alone at midnight UTC. */
function isoText(time: number): string {
  const iso = new Date(time).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
