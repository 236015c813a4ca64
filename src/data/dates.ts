/**
 * Dates of a series: parsing the few formats seqcast reads, checking that they increase, finding
 * missing dates, stepping forward for `--horizon` forecasts, and the calendar arithmetic behind
 * them (how often a series is measured is `date-grid.ts`'s). Everything is UTC (a written offset such as `+02:00` is kept as a fixed
 * offset), so a daily series never meets a daylight-saving hour.
 *
 * Formats: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY/MM/DD` and datetimes
 * `YYYY-MM-DDTHH:MM[:SS[.sss]][Z|±HH:MM]` (a space may replace the `T`).
 */
import { InputError, OptionError } from '../errors.js';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** How a monthly or yearly series sits in its month. */
export type MonthAnchor = 'month-end' | 'month-start' | 'same-day';

/** How often a series is measured; plain JSON, so it can be saved with a model. */
export type DateFrequency =
  | { kind: 'daily' }
  | { kind: 'weekly' }
  | { kind: 'monthly'; anchor: MonthAnchor }
  | { kind: 'yearly'; anchor: MonthAnchor }
  /** A fixed step other than a day or a week, e.g. 900 for every 15 minutes. */
  | { kind: 'fixed'; seconds: number };

/** How a date was written, so that new dates are written the same way. */
export interface DateStyle {
  pattern: 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD' | 'YYYY/MM/DD' | 'datetime';
  sep: string; // 'T' or ' ' between date and time
  seconds: boolean; // ':SS' written
  fraction: number; // digits after the seconds (0-3)
  zone: string; // '', 'Z' or '+HH:MM'
  offsetMs: number; // the zone's offset from UTC
}

/** A parsed date: its wall-clock fields as written, and its instant. */
export interface ParsedDate {
  /** The text as given (trimmed). */
  text: string;
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  time: number;
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  msOfDay: number; // milliseconds since the written midnight
  style: DateStyle;
}

const DATE_RE = /^(\d{4})(?:([-/])(\d{2})(?:\2(\d{2}))?)?$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** What an unreadable date should look like, for error messages. */
export const DATE_FORMATS = 'YYYY-MM-DD (or YYYY-MM, YYYY/MM/DD, YYYY, YYYY-MM-DDTHH:MM[:SS][Z])';

/**
 * Parses one date, or returns `undefined` when the text is not a date in a supported format or
 * names a day that does not exist (`2021-02-30`).
 * @example parseDate('1749-01-31')?.day // 31
 * @throws never.
 */
export function parseDate(text: string): ParsedDate | undefined {
  const t = text.trim();
  const style: DateStyle = { pattern: 'YYYY-MM-DD', sep: 'T', seconds: false, fraction: 0, zone: '', offsetMs: 0 };
  let y: number,
    mo: number,
    d: number,
    ms = 0;
  let m = DATE_RE.exec(t);
  if (m) {
    if (m[2] === '/' && m[4] === undefined) return undefined; // 'YYYY/MM' is not a format
    [y, mo, d] = [+m[1], +(m[3] ?? 1), +(m[4] ?? 1)];
    style.pattern = m[3] === undefined ? 'YYYY' : m[4] === undefined ? 'YYYY-MM' : m[2] === '/' ? 'YYYY/MM/DD' : 'YYYY-MM-DD';
  } else if ((m = DATETIME_RE.exec(t))) {
    [y, mo, d] = [+m[1], +m[2], +m[3]];
    const [hh, mi, ss] = [+m[5], +m[6], m[7] === undefined ? 0 : +m[7]];
    if (hh > 23 || mi > 59 || ss > 59) return undefined;
    const frac = m[8] ?? '';
    ms = ((hh * 60 + mi) * 60 + ss) * 1000 + (frac === '' ? 0 : Math.round(+`0.${frac}` * 1000));
    Object.assign(style, { pattern: 'datetime', sep: m[4], seconds: m[7] !== undefined, fraction: frac.length, zone: m[9] ?? '' });
    if (style.zone.length > 1) {
      const [oh, om] = [+style.zone.slice(1, 3), +style.zone.slice(4)];
      if (oh > 23 || om > 59) return undefined;
      style.offsetMs = (style.zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
  } else return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { text: t, time: utcMs(y, mo, d) + ms - style.offsetMs, year: y, month: mo, day: d, msOfDay: ms, style };
}

/**
 * Parses a column of dates.
 * @example parseDates(['2020-01-01', '2020-01-02'], (i) => `line ${i + 2} of a.csv`).length // 2
 * @throws naming the place (`Line 7 of temps.csv: ...`) of the first date that cannot be read.
 */
export function parseDates(texts: readonly string[], where: (i: number) => string, column = 'date'): ParsedDate[] {
  return texts.map((text, i) => {
    const parsed = parseDate(text);
    if (!parsed) throw unreadableDate(where(i), text, column);
    return parsed;
  });
}

/**
 * The error for a date seqcast cannot read.
 * @example unreadableDate('line 3 of a.csv', '01/02/2020', 'Date').message // "Line 3 of a.csv: '01/02/2020' in column 'Date' is not a date seqcast can read: write dates as YYYY-MM-DD (…)."
 * @throws never.
 */
export function unreadableDate(where: string, text: string, column: string): InputError {
  return new InputError(`${cap(where)}: '${text}' in column '${column}' is not a date seqcast can read: write dates as ${DATE_FORMATS}.`);
}

/**
 * Checks that dates strictly increase.
 * @example checkDateOrder(parseDates(['2020-01-01', '2020-01-02'], String), String) // no error
 * @throws on a date equal to the previous one (naming both lines: remove the duplicate), or
 *   earlier than it (naming both lines: sort the file by date).
 */
export function checkDateOrder(dates: readonly ParsedDate[], where: (i: number) => string): void {
  for (let i = 1; i < dates.length; i++) checkNextDate(dates[i - 1], dates[i], where(i - 1), where(i));
}

/**
 * Checks that date `b` (at `whereB`) comes after date `a` (at `whereA`): the rule of
 * {@link checkDateOrder} for one pair, for a reader that sees one row at a time.
 * @example checkNextDate(parseDate('2020-01-01')!, parseDate('2020-01-02')!, 'line 2 of a.csv', 'line 3 of a.csv') // no error
 * @throws InputError as checkDateOrder.
 */
export function checkNextDate(a: { time: number; text: string }, b: { time: number; text: string }, whereA: string, whereB: string): void {
  if (b.time === a.time) {
    throw new InputError(
      `${both(whereA, whereB)} have the same date ${a.text}${b.text === a.text ? '' : ` (${b.text})`}: every date must appear once, so remove or merge the duplicate row.`,
    );
  }
  if (b.time < a.time) {
    throw new InputError(
      `${both(whereA, whereB)} are out of order: ${b.text} comes after ${a.text}. Dates must increase: sort the file by date.`,
    );
  }
}

/**
 * How many dates are missing just before each date, at the given frequency (0 for the first).
 * @example missingBefore(parseDates(['2020-01-01', '2020-01-04'], String), { kind: 'daily' }) // [0, 2]
 * @throws when a step is not a whole number of the frequency's step (the dates do not follow it).
 */
export function missingBefore(dates: readonly ParsedDate[], frequency: DateFrequency): number[] {
  return dates.map((d, i) => {
    if (i === 0) return 0;
    const prev = dates[i - 1];
    const [diff, unit] =
      frequency.kind === 'monthly' || frequency.kind === 'yearly'
        ? [monthIndex(d) - monthIndex(prev), frequency.kind === 'yearly' ? 12 : 1]
        : [d.time - prev.time, stepMs(frequency)];
    if (diff % unit !== 0 || diff <= 0) {
      throw new InputError(
        `The step from ${prev.text} to ${d.text} is not a whole number of ${describeFrequency(frequency)} steps: the dates do not follow that frequency.`,
      );
    }
    return diff / unit - 1;
  });
}

/**
 * The `n` dates after `from` at the given frequency, written like `from`.
 * @example datesAfter(parseDate('1749-01-31')!, { kind: 'monthly', anchor: 'month-end' }, 2) // ['1749-02-28', '1749-03-31']
 * @throws never.
 */
export function datesAfter(from: ParsedDate, frequency: DateFrequency, n: number): string[] {
  const out: string[] = [];
  for (let k = 1; k <= n; k++) {
    const d = dateAfter(from, frequency, k);
    out.push(formatDate(d.year, d.month, d.day, d.msOfDay, from.style));
  }
  return out;
}

/**
 * The date `k` steps after `from` at the given frequency, with `from`'s style (its text is left
 * for {@link formatDate} to write when needed, so it is '').
 * @example dateAfter(parseDate('2020-01-31')!, { kind: 'monthly', anchor: 'month-end' }, 1).day // 29
 * @throws never.
 */
export function dateAfter(from: ParsedDate, frequency: DateFrequency, k: number): ParsedDate {
  if (frequency.kind === 'monthly' || frequency.kind === 'yearly') {
    const mi = monthIndex(from) + k * (frequency.kind === 'yearly' ? 12 : 1);
    const [y, mo] = [Math.floor(mi / 12), (mi % 12) + 1];
    const last = daysInMonth(y, mo);
    const d = frequency.anchor === 'month-end' ? last : frequency.anchor === 'month-start' ? 1 : Math.min(from.day, last);
    return {
      text: '',
      time: utcMs(y, mo, d) + from.msOfDay - from.style.offsetMs,
      year: y,
      month: mo,
      day: d,
      msOfDay: from.msOfDay,
      style: from.style,
    };
  }
  const time = from.time + k * stepMs(frequency);
  return { text: '', time, ...wallDate(time, from.style.offsetMs), style: from.style };
}

/** A date's wall-clock fields, as written with its UTC offset. */
export interface WallDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  msOfDay: number;
}

/**
 * The wall-clock fields of an instant written with a UTC offset: pure arithmetic (days to a
 * proleptic Gregorian date, as JavaScript's Date counts them), fast enough for millions of rows.
 * @example wallDate(Date.UTC(2020, 1, 29, 23), 3_600_000) // { year: 2020, month: 3, day: 1, msOfDay: 0 }
 * @throws never.
 */
export function wallDate(time: number, offsetMs: number): WallDate {
  const wall = time + offsetMs;
  const days = Math.floor(wall / DAY_MS);
  const msOfDay = wall - days * DAY_MS;
  // H. Hinnant's civil_from_days: eras of 400 years, years from March so leap days come last
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, msOfDay };
}

/**
 * The dates of a series with its missing dates put back (counts from {@link missingBefore}).
 * @example withMissingDates(parseDates(['2020-01-01', '2020-01-03'], String), [0, 1], { kind: 'daily' }) // ['2020-01-01', '2020-01-02', '2020-01-03']
 * @throws never.
 */
export function withMissingDates(dates: readonly ParsedDate[], missing: readonly number[], frequency: DateFrequency): string[] {
  return dates.flatMap((d, i) => (missing[i] > 0 ? [...datesAfter(dates[i - 1], frequency, missing[i]), d.text] : [d.text]));
}

/**
 * The next `n` dates after `lastDate` (for `--horizon` forecasts), written in the same format:
 * a month-end series stays month-end.
 * @example futureDates('2018-07-31', { kind: 'monthly', anchor: 'month-end' }, 2) // ['2018-08-31', '2018-09-30']
 * @example futureDates('1990-12-31', { kind: 'daily' }, 1) // ['1991-01-01']
 * @throws when `lastDate` is not a date seqcast reads, or `n` is not a non-negative integer.
 */
export function futureDates(lastDate: string, frequency: DateFrequency, n: number): string[] {
  const from = parseDate(lastDate);
  if (!from) throw new InputError(`'${lastDate}' is not a date seqcast can read: write dates as ${DATE_FORMATS}.`);
  if (!Number.isInteger(n) || n < 0)
    throw new OptionError(`The number of future dates must be a non-negative integer, got ${n}: pass the forecast horizon, e.g. 30.`);
  return datesAfter(from, frequency, n);
}

/**
 * A frequency in words, for messages and reports.
 * @example describeFrequency({ kind: 'fixed', seconds: 900 }) // 'every 15 minutes'
 * @throws never.
 */
export function describeFrequency(frequency: DateFrequency): string {
  switch (frequency.kind) {
    case 'monthly':
    case 'yearly':
      return `${frequency.kind} (${frequency.anchor})`;
    case 'fixed': {
      const s = frequency.seconds;
      const [n, unit] =
        s % 86400 === 0 ? [s / 86400, 'day'] : s % 3600 === 0 ? [s / 3600, 'hour'] : s % 60 === 0 ? [s / 60, 'minute'] : [s, 'second'];
      return `every ${n} ${unit}${n === 1 ? '' : 's'}`;
    }
    default:
      return frequency.kind;
  }
}

/**
 * The step of a daily, weekly or fixed frequency in milliseconds (monthly and yearly ones step by months).
 * @example stepMs({ kind: 'weekly' }) // 604800000
 * @throws never.
 */
export function stepMs(frequency: DateFrequency): number {
  return frequency.kind === 'fixed' ? frequency.seconds * 1000 : frequency.kind === 'weekly' ? 7 * DAY_MS : DAY_MS;
}

/**
 * A date written in `style` (as {@link parseDate} read it): the text a date in that style has.
 * A step the style cannot show (a day in a 'YYYY-MM' series, a time of day in a dated one) widens it.
 * @example formatDate(2020, 3, 1, 0, parseDate('2020-02-29')!.style) // '2020-03-01'
 * @throws never.
 */
export function formatDate(y: number, mo: number, d: number, ms: number, style: DateStyle): string {
  let pattern = style.pattern;
  // a step the written format cannot show (a day in a 'YYYY-MM' series) widens the format
  if (pattern === 'YYYY' && (mo !== 1 || d !== 1)) pattern = mo !== 1 && d === 1 ? 'YYYY-MM' : 'YYYY-MM-DD';
  if (pattern === 'YYYY-MM' && d !== 1) pattern = 'YYYY-MM-DD';
  if (pattern !== 'datetime' && ms !== 0) pattern = 'datetime';
  const p2 = (v: number) => String(v).padStart(2, '0');
  const yyyy = String(y).padStart(4, '0');
  if (pattern === 'YYYY') return yyyy;
  if (pattern === 'YYYY-MM') return `${yyyy}-${p2(mo)}`;
  if (pattern === 'YYYY/MM/DD') return `${yyyy}/${p2(mo)}/${p2(d)}`;
  const date = `${yyyy}-${p2(mo)}-${p2(d)}`;
  if (pattern === 'YYYY-MM-DD') return date;
  const sec = Math.floor(ms / 1000);
  const seconds = style.seconds || sec % 60 !== 0 || ms % 1000 !== 0;
  const digits = String(ms % 1000).padStart(3, '0');
  const frac = Math.max(style.fraction, digits.replace(/0+$/, '').length);
  let time = `${p2(Math.floor(sec / 3600))}:${p2(Math.floor(sec / 60) % 60)}`;
  if (seconds) time += `:${p2(sec % 60)}`;
  if (frac > 0) time += `.${digits.slice(0, frac)}`;
  return `${date}${style.pattern === 'datetime' ? style.sep : 'T'}${time}${style.zone}`;
}

/**
 * Months since year 0 of a date's month, to count calendar months between dates.
 * @example monthIndex({ year: 2020, month: 3 }) - monthIndex({ year: 2019, month: 12 }) // 3
 * @throws never.
 */
export function monthIndex(d: { year: number; month: number }): number {
  return d.year * 12 + d.month - 1;
}

/**
 * Days in a calendar month (1-12).
 * @example daysInMonth(2020, 2) // 29
 * @throws never.
 */
export function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28; // proleptic Gregorian, as Date
}

/**
 * Midnight UTC of a calendar day (month 1-12, day 1-31 of that month) in milliseconds: pure
 * arithmetic (H. Hinnant's days_from_civil, proleptic Gregorian as Date), years below 100 as written.
 * @example utcMs(1970, 1, 2) // 86400000
 * @throws never.
 */
export function utcMs(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y; // years from March, so leap days come last
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146_097 + doe - 719_468) * DAY_MS;
}

/** 'Lines 3 and 4 of a.csv' from 'line 3 of a.csv' and 'line 4 of a.csv'. */
function both(a: string, b: string): string {
  const [ma, mb] = [/^(\w+) (\d+)( .*)?$/.exec(a), /^(\w+) (\d+)( .*)?$/.exec(b)];
  if (ma && mb && ma[1] === mb[1] && ma[3] === mb[3]) return `${cap(ma[1])}s ${ma[2]} and ${mb[2]}${ma[3] ?? ''}`;
  return `${cap(a)} and ${b}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
