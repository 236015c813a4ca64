/**
 * Dates of a series: parsing the few formats seqcast reads, checking that they increase,
 * inferring how often the series is measured, finding missing dates, and stepping forward for
 * `--horizon` forecasts. Everything is UTC (a written offset such as `+02:00` is kept as a fixed
 * offset), so a daily series never meets a daylight-saving hour.
 *
 * Formats: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY/MM/DD` and datetimes
 * `YYYY-MM-DDTHH:MM[:SS[.sss]][Z|±HH:MM]` (a space may replace the `T`).
 */

const DAY_MS = 86_400_000;

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
    if (!parsed) {
      throw new Error(`${cap(where(i))}: '${text}' in column '${column}' is not a date seqcast can read: write dates as ${DATE_FORMATS}.`);
    }
    return parsed;
  });
}

/**
 * Checks that dates strictly increase.
 * @example checkDateOrder(parseDates(['2020-01-01', '2020-01-02'], String), String) // no error
 * @throws on a date equal to the previous one (naming both lines: remove the duplicate), or
 *   earlier than it (naming both lines: sort the file by date).
 */
export function checkDateOrder(dates: readonly ParsedDate[], where: (i: number) => string): void {
  for (let i = 1; i < dates.length; i++) {
    const [a, b] = [dates[i - 1], dates[i]];
    if (b.time === a.time) {
      throw new Error(
        `${both(where(i - 1), where(i))} have the same date ${a.text}${b.text === a.text ? '' : ` (${b.text})`}: every date must appear once, so remove or merge the duplicate row.`,
      );
    }
    if (b.time < a.time) {
      throw new Error(
        `${both(where(i - 1), where(i))} are out of order: ${b.text} comes after ${a.text}. Dates must increase: sort the file by date.`,
      );
    }
  }
}

/**
 * How often the dates are measured: the step taken between most consecutive dates, provided every
 * step is a whole number of it (the others are gaps). Months are calendar months: month-end dates
 * (`1749-01-31`, `1749-02-28`), month-start dates, or the same day each month.
 * @example inferFrequency(parseDates(['1749-01-31', '1749-02-28', '1749-03-31'], String)) // { kind: 'monthly', anchor: 'month-end' }
 * @returns `undefined` when there are fewer than two dates, the steps are irregular, or they are
 *   calendar months other than 1 or 12 (quarterly series have no frequency here).
 * @throws never.
 */
export function inferFrequency(dates: readonly ParsedDate[]): DateFrequency | undefined {
  if (dates.length < 2) return undefined;
  const anchor = monthAnchor(dates);
  if (anchor) {
    const steps = dates.slice(1).map((d, i) => monthIndex(d) - monthIndex(dates[i]));
    const step = regularStep(steps);
    if (step === 1) return { kind: 'monthly', anchor };
    if (step === 12) return { kind: 'yearly', anchor };
    if (step !== undefined) return undefined; // every 3 months, say: calendar steps with no name here
  }
  const step = regularStep(dates.slice(1).map((d, i) => d.time - dates[i].time));
  if (step === undefined) return undefined;
  if (step === DAY_MS) return { kind: 'daily' };
  if (step === 7 * DAY_MS) return { kind: 'weekly' };
  return { kind: 'fixed', seconds: step / 1000 };
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
      throw new Error(
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
    if (frequency.kind === 'monthly' || frequency.kind === 'yearly') {
      const mi = monthIndex(from) + k * (frequency.kind === 'yearly' ? 12 : 1);
      const [y, mo] = [Math.floor(mi / 12), (mi % 12) + 1];
      const last = daysInMonth(y, mo);
      const d = frequency.anchor === 'month-end' ? last : frequency.anchor === 'month-start' ? 1 : Math.min(from.day, last);
      out.push(formatDate(y, mo, d, from.msOfDay, from.style));
    } else {
      const wall = new Date(from.time + k * stepMs(frequency) + from.style.offsetMs);
      const ms = wall.getTime() - utcMs(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
      out.push(formatDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), ms, from.style));
    }
  }
  return out;
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
  if (!from) throw new Error(`'${lastDate}' is not a date seqcast can read: write dates as ${DATE_FORMATS}.`);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`The number of future dates must be a non-negative integer, got ${n}: pass the forecast horizon, e.g. 30.`);
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

/** The step of a daily, weekly or fixed frequency (monthly and yearly ones step by months). */
function stepMs(frequency: DateFrequency): number {
  return frequency.kind === 'fixed' ? frequency.seconds * 1000 : frequency.kind === 'weekly' ? 7 * DAY_MS : DAY_MS;
}

/** The most common step, if it covers at least half the steps and every step is a multiple of it. */
function regularStep(steps: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const s of steps) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = 0,
    bestCount = 0;
  for (const [s, c] of counts) if (c > bestCount || (c === bestCount && s < best)) [best, bestCount] = [s, c];
  if (best <= 0 || bestCount * 2 < steps.length) return undefined;
  return steps.every((s) => s > 0 && s % best === 0) ? best : undefined;
}

/** The anchor every date shares in its month (same time of day too), if any. */
function monthAnchor(dates: readonly ParsedDate[]): MonthAnchor | undefined {
  const first = dates[0];
  if (!dates.every((d) => d.msOfDay === first.msOfDay && d.style.offsetMs === first.style.offsetMs)) return undefined;
  if (dates.every((d) => d.day === daysInMonth(d.year, d.month))) return 'month-end';
  if (dates.every((d) => d.day === 1)) return 'month-start';
  if (dates.every((d) => d.day === first.day)) return 'same-day';
  return undefined;
}

function formatDate(y: number, mo: number, d: number, ms: number, style: DateStyle): string {
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

const monthIndex = (d: ParsedDate): number => d.year * 12 + d.month - 1;

function daysInMonth(y: number, mo: number): number {
  return new Date(utcMs(y, mo + 1, 1) - DAY_MS).getUTCDate();
}

/** Midnight UTC of a calendar day; setUTCFullYear keeps years below 100 as written. */
function utcMs(y: number, mo: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getTime();
}

/** 'Lines 3 and 4 of a.csv' from 'line 3 of a.csv' and 'line 4 of a.csv'. */
function both(a: string, b: string): string {
  const [ma, mb] = [/^(\w+) (\d+)( .*)?$/.exec(a), /^(\w+) (\d+)( .*)?$/.exec(b)];
  if (ma && mb && ma[1] === mb[1] && ma[3] === mb[3]) return `${cap(ma[1])}s ${ma[2]} and ${mb[2]}${ma[3] ?? ''}`;
  return `${cap(a)} and ${b}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
