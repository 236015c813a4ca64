/**
 * MSTL, STL for one or several seasonal periods, as forecast 8.20's `mstl(x, iterate = 2,
 * s.window = 7 + 4 * seq(6))` (Bandara, Hyndman & Bergmeir 2021): x = T + S_1 + ... + S_k + R.
 * Browser-safe.
 *
 * The periods are sorted ascending; a period of at least half the series (fewer than two full
 * seasons) is dropped, as R's rule for `msts` data. Each of `iterate` passes goes through the
 * periods in turn: add that period's current seasonal back to the deseasonalised series, take STL
 * of it at that period (s.window 11 for the first period, 15 for the second, ...), keep the new
 * seasonal and remove it again. The trend is the last STL's trend, the remainder what is left.
 *
 * R's `mstl` on a plain `ts` (one period) runs one pass, not two: that is `iterate: 1` here.
 * With no seasonal period left R smooths the trend with `supsmu` (Friedman's super smoother); so
 * does this ({@link superSmoother}).
 */
import { InputError, OptionError } from '../../errors.js';
import { stl } from './stl.js';
import { superSmoother } from './supsmu.js';

/** R's default seasonal windows, one per period in ascending order: 7 + 4 · (1..6). */
export const MSTL_SEASONAL_WINDOWS: readonly number[] = [11, 15, 19, 23, 27, 31];

/** Options of {@link mstl}. */
export interface MstlOptions {
  /** Passes over the periods (default 2, R's for `msts` data; R uses 1 for a plain `ts`). */
  iterate?: number;
  /**
   * The seasonal windows: one for every period, or one per period in ascending order (default
   * {@link MSTL_SEASONAL_WINDOWS}, which covers up to 6 periods).
   */
  sWindow?: number | 'periodic' | readonly (number | 'periodic')[];
  /** STL's trend window (default R's stl default, per period). */
  tWindow?: number;
  /** Robust STL fits (default false). */
  robust?: boolean;
}

/** The components of {@link mstl}: values = trend + Σ seasonals + remainder. */
export interface MstlDecomposition {
  /** The periods kept, ascending (those of at least half the series are dropped). */
  periods: number[];
  /** (n) */
  trend: Float64Array;
  /** One (n) seasonal component per kept period, in the order of `periods`. */
  seasonals: Float64Array[];
  /** (n) values − trend − Σ seasonals */
  remainder: Float64Array;
}

/**
 * Decomposes `values` into a trend, one seasonal component per period and a remainder.
 * @example mstl(hourly, [24, 168]).seasonals[1] // the weekly pattern
 * @example mstl(airPassengers, [12], { iterate: 1 }) // R's mstl(AirPassengers), a ts
 * @throws OptionError when a period is not an integer ≥ 1, iterate is not a positive integer, or
 *   there are more periods than seasonal windows.
 * @throws InputError when there are fewer than 3 values or a value is not finite.
 */
export function mstl(values: ArrayLike<number>, periods: readonly number[], options: MstlOptions = {}): MstlDecomposition {
  const n = values.length;
  for (const m of periods) {
    if (!Number.isInteger(m) || m < 1) {
      throw new OptionError(`mstl: periods must be integers of at least 1, got ${m}: e.g. [24, 168] for hourly data.`);
    }
  }
  const iterate = options.iterate ?? 2;
  if (!Number.isInteger(iterate) || iterate < 1) throw new OptionError(`mstl: iterate must be a positive integer, got ${iterate}.`);
  if (n < 3) throw new InputError(`mstl: needs at least 3 values, got ${n}.`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`mstl: value ${i} is ${values[i]}: fill or remove missing values first.`);
    }
  }
  const kept = [...new Set(periods)].filter((m) => m > 1 && m < n / 2).sort((a, b) => a - b);
  const windows = options.sWindow ?? MSTL_SEASONAL_WINDOWS;
  const windowOf = (i: number): number | 'periodic' => (typeof windows === 'object' ? windows[i] : windows);
  if (typeof windows === 'object' && kept.length > windows.length) {
    throw new OptionError(`mstl: ${kept.length} periods but ${windows.length} seasonal windows: give one sWindow per period.`);
  }
  const y = Float64Array.from(values); // (n)
  if (kept.length === 0) {
    const trend = superSmoother(y);
    const remainder = new Float64Array(n);
    for (let t = 0; t < n; t++) remainder[t] = y[t] - trend[t];
    return { periods: [], trend, seasonals: [], remainder };
  }
  const seasonals: Float64Array[] = kept.map(() => new Float64Array(n));
  const deseasonalised = Float64Array.from(y); // (n)
  let trend: Float64Array = new Float64Array(n);
  for (let pass = 0; pass < iterate; pass++) {
    kept.forEach((m, i) => {
      const s = seasonals[i];
      for (let t = 0; t < n; t++) deseasonalised[t] += s[t];
      const fit = stl(deseasonalised, m, { sWindow: windowOf(i), tWindow: options.tWindow, robust: options.robust });
      seasonals[i] = fit.seasonal;
      trend = fit.trend;
      for (let t = 0; t < n; t++) deseasonalised[t] -= fit.seasonal[t];
    });
  }
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = deseasonalised[t] - trend[t];
  return { periods: kept, trend, seasonals, remainder };
}
