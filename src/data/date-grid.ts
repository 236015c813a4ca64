/**
 * How often a series is measured, from its dates: the grid they follow (daily, weekly, monthly,
 * yearly or a fixed step), the dates that stray from an otherwise regular grid (a row at 12:00
 * among midnight dates, a date written with another UTC offset), or no grid at all.
 *
 * Works on any {@link DateSequence} (parsed dates, or a reader's compact columns of instants and
 * offsets), with a bounded number of passes and no per-date objects, so it scales to millions of
 * rows: the most common step is found by sorting a copy of the steps.
 */
import {
  DAY_MS,
  daysInMonth,
  describeFrequency,
  monthIndex,
  stepMs,
  wallDate,
  type DateFrequency,
  type MonthAnchor,
  type ParsedDate,
} from './dates.js';

/** Dates by index: each one's instant and the UTC offset it is written with. */
export interface DateSequence {
  readonly length: number;
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  time(i: number): number;
  /** The written offset from UTC in milliseconds (0 for dates without one). */
  offsetMs(i: number): number;
}

/** What the dates of a series follow. */
export type DateGrid =
  /** Every date on the grid (gaps allowed: whole numbers of steps). */
  | { kind: 'regular'; frequency: DateFrequency }
  /**
   * Most dates are on `frequency`'s grid, date `index` is the first that is not. `offsetMs` is
   * set when that date is written with another UTC offset than most (`mostOffsetMs`).
   */
  | { kind: 'off-grid'; frequency: DateFrequency; index: number; offsetMs?: number; mostOffsetMs?: number }
  /** No grid: fewer than two dates, irregular steps, or a calendar step with no name (quarterly). `why` says which, in words. */
  | { kind: 'none'; why: string };

/** At most this share of the dates may stray from a grid for them to count as mistakes. */
const STRAY_SHARE = 0.1;

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
  const grid = dateGrid({ length: dates.length, time: (i) => dates[i].time, offsetMs: (i) => dates[i].style.offsetMs });
  return grid.kind === 'regular' ? grid.frequency : undefined;
}

/**
 * The grid the dates follow (see {@link inferFrequency} for when they are regular), and when they
 * are not, whether a few dates stray from a grid most dates follow (at most 10 % of them, or any
 * number written with another UTC offset than most), or there is no grid.
 * @example dateGrid(seq(['2020-01-01', '2020-01-02', '2020-01-03T12:00', '2020-01-04'])) // { kind: 'off-grid', frequency: { kind: 'daily' }, index: 2 }
 * @throws never.
 */
export function dateGrid(dates: DateSequence): DateGrid {
  const n = dates.length;
  if (n < 2) return { kind: 'none', why: 'there is only one date' };
  const anchor = monthAnchor(dates);
  if (anchor) {
    const step = regularStep(monthSteps(dates, () => true));
    if (step === 1) return { kind: 'regular', frequency: { kind: 'monthly', anchor } };
    if (step === 12) return { kind: 'regular', frequency: { kind: 'yearly', anchor } };
    if (step !== undefined) return { kind: 'none', why: `they step by ${step} months, a frequency seqcast does not name` };
  }
  const timeSteps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) timeSteps[i - 1] = dates.time(i) - dates.time(i - 1);
  const step = regularStep(timeSteps);
  if (step !== undefined) return { kind: 'regular', frequency: timeFrequency(step) };
  return strayFromCalendar(dates) ?? strayFromStep(dates, timeSteps) ?? { kind: 'none', why: 'they are not evenly spaced' };
}

/**
 * How many dates are missing just before date `i` (0 for the first) at the frequency the dates follow.
 * @example missingAt(seq(['2020-01-01', '2020-01-04']), 1, { kind: 'daily' }) // 2
 * @throws never (the frequency must be the dates' own, from {@link dateGrid}).
 */
export function missingAt(dates: DateSequence, i: number, frequency: DateFrequency): number {
  if (i === 0) return 0;
  if (frequency.kind === 'monthly' || frequency.kind === 'yearly') {
    const months = monthIndex(wallOf(dates, i)) - monthIndex(wallOf(dates, i - 1));
    return months / (frequency.kind === 'yearly' ? 12 : 1) - 1;
  }
  return (dates.time(i) - dates.time(i - 1)) / stepMs(frequency) - 1;
}

/**
 * A message naming the first date off the grid most dates follow, and the fix.
 * @example offGridMessage({ kind: 'off-grid', frequency: { kind: 'daily' }, index: 4 }, 'line 6 of a.csv', '2020-01-05T12:00', '2020-01-04', 36 * 3600e3) // 'Line 6 of a.csv: 2020-01-05T12:00 is off the daily grid of the other dates (it comes 1.5 days after 2020-01-04): …'
 * @throws never.
 */
export function offGridMessage(
  grid: Extract<DateGrid, { kind: 'off-grid' }>,
  where: string,
  text: string,
  previous: string | undefined,
  stepBefore: number,
): string {
  const head = `${cap(where)}: ${text} is off the ${describeFrequency(grid.frequency)} grid of the other dates`;
  if (grid.offsetMs !== undefined) {
    return `${head}: it is written with UTC offset ${offsetText(grid.offsetMs)}, most dates with ${offsetText(grid.mostOffsetMs ?? 0)}. Write every date with the same offset (e.g. all in UTC, ending in Z), or fix that row.`;
  }
  const after = previous === undefined ? '' : ` (it comes ${duration(stepBefore)} after ${previous})`;
  return `${head}${after}: fix or remove that row, so that seqcast can check for missing dates and date its forecasts.`;
}

/** The most common step, if it covers at least half the steps and every step is a multiple of it. */
function regularStep(steps: Float64Array): number | undefined {
  const { value: best, count } = mostCommon(steps);
  if (!(best > 0) || count * 2 < steps.length) return undefined;
  for (let i = 0; i < steps.length; i++) if (!(steps[i] > 0 && steps[i] % best === 0)) return undefined;
  return best;
}

/** The most common value (the smallest among equals) and its count; a sorted copy, so no map of values. */
function mostCommon(values: Float64Array): { value: number; count: number } {
  const sorted = Float64Array.from(values).sort();
  let [value, count] = [NaN, 0];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > count) [value, count] = [sorted[i], j - i];
    i = j;
  }
  return { value, count };
}

function timeFrequency(step: number): DateFrequency {
  if (step === DAY_MS) return { kind: 'daily' };
  if (step === 7 * DAY_MS) return { kind: 'weekly' };
  return { kind: 'fixed', seconds: step / 1000 };
}

const wallOf = (dates: DateSequence, i: number) => wallDate(dates.time(i), dates.offsetMs(i));

/** Calendar months between consecutive dates that pass `keep` (the steps of a monthly or yearly series). */
function monthSteps(dates: DateSequence, keep: (i: number) => boolean): Float64Array {
  const steps: number[] = [];
  let prev: number | undefined;
  for (let i = 0; i < dates.length; i++) {
    if (!keep(i)) continue;
    const m = monthIndex(wallOf(dates, i));
    if (prev !== undefined) steps.push(m - prev);
    prev = m;
  }
  return Float64Array.from(steps);
}

/** The anchor every date shares in its month (same time of day and offset too), if any. */
function monthAnchor(dates: DateSequence): MonthAnchor | undefined {
  const first = wallOf(dates, 0);
  const offset = dates.offsetMs(0);
  let [end, start, same] = [true, true, true];
  for (let i = 0; i < dates.length && (end || start || same); i++) {
    const d = wallOf(dates, i);
    if (d.msOfDay !== first.msOfDay || dates.offsetMs(i) !== offset) return undefined;
    end &&= d.day === daysInMonth(d.year, d.month);
    start &&= d.day === 1;
    same &&= d.day === first.day;
  }
  return end ? 'month-end' : start ? 'month-start' : same ? 'same-day' : undefined;
}

/**
 * A monthly or yearly grid that most dates follow (the same anchor in the month, time of day and
 * offset), and the first date off it, when few stray or a stray one has another offset.
 */
function strayFromCalendar(dates: DateSequence): DateGrid | undefined {
  const n = dates.length;
  // the most common time of day and offset (one number: ms of day × 4096 + offset minutes + 2048); at most 1000 distinct pairs are counted
  const key = (i: number): number => wallOf(dates, i).msOfDay * 4096 + dates.offsetMs(i) / 60_000 + 2048;
  const pairs = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = key(i);
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
    if (pairs.size > 1000) return undefined;
  }
  const [pair] = [...pairs].reduce((a, b) => (b[1] > a[1] ? b : a));
  const days = new Float64Array(32); // dates on each day of the month, with that time and offset
  let [ends, count] = [0, 0];
  for (let i = 0; i < n; i++) {
    if (key(i) !== pair) continue;
    const d = wallOf(dates, i);
    count++;
    days[d.day]++;
    if (d.day === daysInMonth(d.year, d.month)) ends++;
  }
  let day = 1;
  for (let k = 2; k <= 31; k++) if (days[k] > days[day]) day = k;
  const anchor: MonthAnchor = ends > days[day] ? 'month-end' : day === 1 ? 'month-start' : 'same-day';
  const onGrid = (i: number): boolean => {
    if (key(i) !== pair) return false;
    const d = wallOf(dates, i);
    return anchor === 'month-end' ? d.day === daysInMonth(d.year, d.month) : anchor === 'month-start' ? d.day === 1 : d.day === day;
  };
  if (Math.max(ends, days[day]) * 2 < n || count * 2 < n) return undefined;
  const step = regularStep(monthSteps(dates, onGrid));
  if (step !== 1 && step !== 12) return undefined;
  const frequency: DateFrequency = { kind: step === 1 ? 'monthly' : 'yearly', anchor };
  return firstStray(dates, frequency, onGrid, ((pair % 4096) - 2048) * 60_000);
}

/** A fixed step that most steps take, and the first date off its grid, when few stray or a stray one has another offset. */
function strayFromStep(dates: DateSequence, timeSteps: Float64Array): DateGrid | undefined {
  const { value: step, count } = mostCommon(timeSteps);
  if (!(step > 0) || count * 2 < timeSteps.length) return undefined;
  // where each date falls within a step, from the first date; the grid is where most fall
  const t0 = dates.time(0);
  const phases = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) phases[i] = (((dates.time(i) - t0) % step) + step) % step;
  const phase = mostCommon(phases).value;
  const offsets = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) offsets[i] = phases[i] === phase ? dates.offsetMs(i) : NaN;
  const offset = mostCommon(offsets.filter((o) => !Number.isNaN(o))).value;
  return firstStray(dates, timeFrequency(step), (i) => phases[i] === phase, offset);
}

/** The first date off the grid, if few stray (or one has another offset than most on the grid). */
function firstStray(dates: DateSequence, frequency: DateFrequency, onGrid: (i: number) => boolean, offset: number): DateGrid | undefined {
  let [first, strays] = [-1, 0];
  for (let i = 0; i < dates.length; i++) {
    if (onGrid(i)) continue;
    strays++;
    if (first < 0) first = i;
  }
  if (first < 0) return undefined;
  const grid = { kind: 'off-grid', frequency, index: first } as const;
  if (dates.offsetMs(first) !== offset) return { ...grid, offsetMs: dates.offsetMs(first), mostOffsetMs: offset };
  return strays <= Math.max(1, STRAY_SHARE * dates.length) ? grid : undefined;
}

/** '+02:00' for 7,200,000 ms. */
function offsetText(ms: number): string {
  if (ms === 0) return '+00:00 (UTC)';
  const minutes = Math.abs(ms) / 60_000;
  const p2 = (v: number) => String(v).padStart(2, '0');
  return `${ms < 0 ? '-' : '+'}${p2(Math.floor(minutes / 60))}:${p2(minutes % 60)}`;
}

/** A span of time in words: '1.5 days', '36 minutes'. */
function duration(ms: number): string {
  const units: [number, string][] = [
    [DAY_MS, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  const [size, unit] = units.find(([size]) => Math.abs(ms) >= size) ?? [1, 'millisecond'];
  const v = Number((ms / size).toFixed(2));
  return `${v} ${unit}${v === 1 ? '' : 's'}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
