/**
 * How far ahead a series is forecast by default: the horizons of the M4 competition (Makridakis
 * et al. 2020), by how often the series is measured. Browser-safe: no Node modules.
 *
 *   yearly 6, quarterly 8, monthly 18, weekly 13, daily 14, hourly 48
 */
import type { DateFrequency } from '../data/dates.js';

/**
 * The M4 horizon of a series: from its dates' frequency (monthly 18, yearly 6, weekly 13, daily
 * 14, hourly 48), else from a season length given without dates, read as R's `frequency()`
 * (4 quarterly 8, 12 monthly 18, 52 weekly 13, 7 or 365 daily 14, 24 hourly 48; the dates never
 * say "quarterly", so a quarterly series is known by its season of 4). Undefined when neither says
 * which M4 frequency the series has (no dates and no such season, or a step such as 15 minutes).
 *
 * @example m4Horizon({ kind: 'monthly', anchor: 'month-end' }); // 18
 * @example m4Horizon(undefined, 4); // 8 (quarterly)
 * @example m4Horizon(undefined); // undefined
 * @throws never.
 */
export function m4Horizon(frequency: DateFrequency | undefined, season?: number): number | undefined {
  switch (frequency?.kind) {
    case 'yearly':
      return 6;
    case 'monthly':
      return 18;
    case 'weekly':
      return 13;
    case 'daily':
      return 14;
    case 'fixed':
      return frequency.seconds === 3600 ? 48 : undefined;
  }
  return season === undefined ? undefined : BY_SEASON.get(season);
}

/** The M4 horizon by R's `frequency()` of a series. */
const BY_SEASON = new Map([
  [4, 8],
  [12, 18],
  [52, 13],
  [7, 14],
  [365, 14],
  [24, 48],
]);

/**
 * The horizon when neither the caller nor M4 names one: two seasons, at least 6 values (what
 * `auto` chooses for and `seqcast train` calibrates intervals for by default).
 * @example seasonsHorizon(12); // 24
 * @example seasonsHorizon(1); // 6
 * @throws never.
 */
export function seasonsHorizon(period: number): number {
  return Math.max(6, 2 * period);
}
