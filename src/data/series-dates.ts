/**
 * The dates of a series, one per value, kept compactly: each date's instant (a float64) and how it
 * was written (an index into a few distinct styles), about 10 bytes a date instead of a string and
 * a parsed object each. A date's text is written back on demand exactly as the file wrote it (a
 * date's instant and style give its text), so a series of millions of dated rows costs tens of
 * megabytes, not gigabytes.
 *
 * Read it like a read-only array: `length`, `at(i)` (negative from the end), `slice`, `indexOf`,
 * iteration, `toArray()`; `JSON.stringify` writes the array of texts.
 */
import { checkNextDate, formatDate, parseDate, unreadableDate, wallDate, type DateStyle, type ParsedDate } from './dates.js';
import type { DateSequence } from './date-grid.js';

/** A list of date texts by index: a `string[]` or a {@link SeriesDates}. */
export interface DateList {
  readonly length: number;
  at(index: number): string | undefined;
}

/** The dates of a series (see the file comment). */
export class SeriesDates implements DateSequence, DateList, Iterable<string> {
  readonly #times: Float64Array;
  readonly #styleIds: Uint16Array;
  readonly #styles: readonly DateStyle[];

  /** @internal Use {@link SeriesDates.from} or a {@link SeriesDatesBuilder}. */
  constructor(times: Float64Array, styleIds: Uint16Array, styles: readonly DateStyle[]) {
    this.#times = times;
    this.#styleIds = styleIds;
    this.#styles = styles;
  }

  /**
   * The dates of a list of texts.
   * @example SeriesDates.from(['2020-01-01', '2020-01-02']).at(-1) // '2020-01-02'
   * @throws InputError naming the index of a text that is not a date seqcast reads, or of a date
   *   that does not come after the one before it.
   */
  static from(texts: readonly string[], where: (i: number) => string = (i) => `date ${i}`): SeriesDates {
    const builder = new SeriesDatesBuilder('date', where);
    texts.forEach((t, i) => builder.push(t, i));
    return builder.finish();
  }

  /** Number of dates. */
  get length(): number {
    return this.#times.length;
  }

  /**
   * The text of date `i` as written (negative `i` counts from the end), or undefined out of range.
   * @example dates.at(0) // '1981-01-01'
   * @throws never.
   */
  at(i: number): string | undefined {
    const k = i < 0 ? this.length + i : i;
    if (!(k >= 0 && k < this.length)) return undefined;
    const style = this.#styles[this.#styleIds[k]];
    const d = wallDate(this.#times[k], style.offsetMs);
    return formatDate(d.year, d.month, d.day, d.msOfDay, style);
  }

  /**
   * Date `i` parsed (for stepping on from it).
   * @example dates.parsed(-1).time
   * @throws RangeError when `i` is out of range.
   */
  parsed(i: number): ParsedDate {
    const k = i < 0 ? this.length + i : i;
    if (!(k >= 0 && k < this.length)) throw new RangeError(`date ${i} is out of range: there are ${this.length} dates.`);
    const style = this.#styles[this.#styleIds[k]];
    return { text: this.at(k)!, time: this.#times[k], ...wallDate(this.#times[k], style.offsetMs), style };
  }

  /** Milliseconds since 1970-01-01T00:00:00Z of date `i`. */
  time(i: number): number {
    return this.#times[i];
  }

  /** How date `i` is written. */
  style(i: number): DateStyle {
    return this.#styles[this.#styleIds[i]];
  }

  /** The UTC offset date `i` is written with, in milliseconds. */
  offsetMs(i: number): number {
    return this.#styles[this.#styleIds[i]].offsetMs;
  }

  /**
   * Dates `start` to `end` (exclusive; negative from the end), as Array.prototype.slice, sharing
   * this list's memory.
   * @example dates.slice(1000).length
   * @throws never.
   */
  slice(start = 0, end = this.length): SeriesDates {
    const clamp = (v: number) => Math.min(this.length, Math.max(0, v < 0 ? this.length + v : v));
    const [a, b] = [clamp(start), Math.max(clamp(start), clamp(end))];
    return new SeriesDates(this.#times.subarray(a, b), this.#styleIds.subarray(a, b), this.#styles);
  }

  /**
   * The index of the date written `text` (the same instant, written the same way), or -1; a binary
   * search, since the dates increase.
   * @example dates.indexOf('1981-01-03') // 2
   * @throws never.
   */
  indexOf(text: string): number {
    const d = parseDate(text);
    if (!d) return -1;
    let [lo, hi] = [0, this.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.#times[mid];
      if (t < d.time) lo = mid + 1;
      else if (t > d.time) hi = mid - 1;
      else return this.at(mid) === d.text ? mid : -1;
    }
    return -1;
  }

  /** Every date's text (a string each: for small lists). */
  toArray(): string[] {
    return Array.from(this);
  }

  /** The texts, for JSON.stringify. */
  toJSON(): string[] {
    return this.toArray();
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/**
 * Builds {@link SeriesDates} one date at a time, as a reader meets them: each text is parsed,
 * checked to come after the one before, and stored compactly.
 * @example const b = new SeriesDatesBuilder('Date', (row) => `line ${row + 2} of a.csv`); b.push('2020-01-01', 0); b.finish().length // 1
 */
export class SeriesDatesBuilder {
  #times = new Float64Array(1024);
  #styleIds = new Uint16Array(1024);
  #length = 0;
  readonly #styles: DateStyle[] = [];
  readonly #styleIndex = new Map<string, number>();
  #lastStyle: { style: DateStyle; id: number } | undefined; // most rows repeat the style before
  #previous: { time: number; text: string; row: number } | undefined;

  /**
   * @param column the date column's name, for messages.
   * @param where names row `row` of the file ('line 7 of temps.csv').
   * @throws never.
   */
  constructor(
    readonly column: string,
    readonly where: (row: number) => string,
  ) {}

  /**
   * Adds the date of file row `row`.
   * @throws InputError naming the row when the text is not a date seqcast reads, or the date does
   *   not come after the previous one (naming both rows).
   */
  push(text: string, row: number): void {
    const d = parseDate(text);
    if (!d) throw unreadableDate(this.where(row), text, this.column);
    const prev = this.#previous;
    if (prev) checkNextDate(prev, d, this.where(prev.row), this.where(row));
    this.#previous = { time: d.time, text: d.text, row };
    this.add(d.time, d.style);
  }

  /**
   * Adds a date already checked to come after the previous one (an inserted missing date).
   * @throws never.
   */
  add(time: number, style: DateStyle): void {
    if (this.#length === this.#times.length) {
      const grow = <T extends Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.#times = grow(this.#times, (n) => new Float64Array(n));
      this.#styleIds = grow(this.#styleIds, (n) => new Uint16Array(n));
    }
    this.#times[this.#length] = time;
    this.#styleIds[this.#length] = this.styleId(style);
    this.#length++;
  }

  /** Number of dates so far. */
  get length(): number {
    return this.#length;
  }

  /**
   * The dates added, trimmed to their number (a copy: the builder's spare room is let go).
   * @throws never.
   */
  finish(): SeriesDates {
    return new SeriesDates(this.#times.slice(0, this.#length), this.#styleIds.slice(0, this.#length), this.#styles);
  }

  private styleId(style: DateStyle): number {
    const last = this.#lastStyle;
    if (last && sameStyle(last.style, style)) return last.id;
    const key = `${style.pattern}|${style.sep}|${style.seconds}|${style.fraction}|${style.zone}`;
    let id = this.#styleIndex.get(key);
    if (id === undefined) {
      // at most 46,116 styles exist (5 patterns, 2 separators, seconds or not, 4 fractions, 2,882 zones): a Uint16 each
      id = this.#styles.length;
      this.#styles.push(style);
      this.#styleIndex.set(key, id);
    }
    this.#lastStyle = { style, id };
    return id;
  }
}

function sameStyle(a: DateStyle, b: DateStyle): boolean {
  return a.pattern === b.pattern && a.sep === b.sep && a.seconds === b.seconds && a.fraction === b.fraction && a.zone === b.zone;
}
