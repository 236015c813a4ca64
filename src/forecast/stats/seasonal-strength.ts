/**
 * The strength of seasonality from an MSTL decomposition and the seasonal-differencing test built
 * on it, as forecast 8.20's `seas.heuristic` and `nsdiffs(x)` (test "seas"; Wang, Smith & Hyndman
 * 2006; FPP3 §4.3). Browser-safe.
 *
 * Strength of period i: F_i = max(0, min(1, 1 − var(R) / var(R + S_i))), R the remainder and S_i
 * that period's seasonal component. nsdiffs takes one seasonal difference when F > 0.64 (at most
 * one, R's max.D = 1).
 */
import { InputError, OptionError } from '../../errors.js';
import { mstl } from './mstl.js';

/** forecast's threshold on the seasonal strength above which nsdiffs differences once. */
export const NSDIFFS_THRESHOLD = 0.64;

/**
 * The strength of each seasonal period of `values`, as R's `seas.heuristic`: `periods` a number is
 * R's `ts(values, frequency = periods)` (one MSTL pass), an array is R's
 * `msts(values, seasonal.periods = periods)` (two passes; periods of at least half the series are
 * dropped and get no entry).
 * @example seasonalStrength(airPassengers, 12) // [0.9407]
 * @example seasonalStrength(hourly, [24, 168]) // [0.97, 0.94]
 * @returns one strength in [0, 1] per period kept, ascending by period (NaN when var(R + S_i) is 0).
 * @throws OptionError when a period is not an integer ≥ 2 or (a number) the series holds at most
 *   two of its periods (R: stl's "series is not periodic or has less than two periods").
 * @throws InputError when a value is not finite.
 */
export function seasonalStrength(values: ArrayLike<number>, periods: number | readonly number[]): number[] {
  const list = typeof periods === 'number' ? [periods] : periods;
  for (const m of list) {
    if (!Number.isInteger(m) || m < 2) {
      throw new OptionError(`seasonalStrength: periods must be integers of at least 2, got ${m}: e.g. 12 for monthly data.`);
    }
  }
  if (typeof periods === 'number' && values.length <= 2 * periods) {
    throw new OptionError(
      `seasonalStrength: needs more than two periods (over ${2 * periods} values) for period ${periods}, got ${values.length}.`,
    );
  }
  const fit = mstl(values, list, { iterate: typeof periods === 'number' ? 1 : 2 });
  const vr = variance(fit.remainder);
  return fit.seasonals.map((s) => {
    const sum = new Float64Array(s.length);
    for (let t = 0; t < s.length; t++) sum[t] = fit.remainder[t] + s[t];
    return Math.max(0, Math.min(1, 1 - vr / variance(sum)));
  });
}

/**
 * The number of seasonal differences (0 or 1) R's `nsdiffs(ts(values, frequency = period))`
 * chooses with its defaults (test "seas", threshold 0.64, max.D = 1): 0 for a constant series
 * (R's `is.constant`, equal to 1.5e-8 relative), when the period is at least the series' length or
 * when the series holds at most two periods (R's stl refuses and nsdiffs then answers 0); else 1
 * when the seasonal strength exceeds 0.64.
 * @example nsdiffs(airPassengers, 12) // 1
 * @example nsdiffs(austres, 4) // 0
 * @throws OptionError when period is not an integer ≥ 2 (R: "Non seasonal data" for period 1;
 *   a constant series gives 0 first, as R).
 * @throws InputError when a value is not finite.
 */
export function nsdiffs(values: ArrayLike<number>, period: number): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`nsdiffs: value ${i} is ${values[i]}: fill or remove missing values first.`);
    }
  }
  if (isConstant(values)) return 0;
  if (!Number.isInteger(period) || period < 2) {
    throw new OptionError(`nsdiffs: period must be an integer of at least 2, got ${period}: seasonal differencing needs a season.`);
  }
  if (period >= n || n <= 2 * period) return 0;
  const [strength] = seasonalStrength(values, period);
  return strength > NSDIFFS_THRESHOLD ? 1 : 0;
}

/** Sample variance (n − 1), by the two-pass formula. */
function variance(x: Float64Array): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  return ss / (n - 1);
}

/**
 * forecast's `is.constant`: `all.equal(x, rep(x[1], n))`, i.e. over the values that differ from
 * the first, their mean absolute difference from it is at most 1.5e-8 times their mean absolute
 * value (or absolutely, when that mean is itself at most 1.5e-8).
 */
function isConstant(x: ArrayLike<number>): boolean {
  const tolerance = Math.sqrt(2.220446049250313e-16);
  const first = x[0];
  let diff = 0;
  let size = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === first) continue;
    diff += Math.abs(x[i] - first);
    size += Math.abs(x[i]);
    count++;
  }
  if (count === 0) return true;
  const scale = size / count;
  const error = diff / count;
  return scale > tolerance ? error / scale <= tolerance : error <= tolerance;
}
