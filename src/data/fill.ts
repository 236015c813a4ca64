/**
 * Explicit gap filling (the `fill` reading option, the CLI's `--fill previous|linear`): missing
 * values are NaN until filled, and a series with gaps is only filled when the user asks for it.
 */
import { OptionError } from '../errors.js';
import { SeriesInputError } from './input-error.js';

/** How missing values are filled: carry the previous value forward, or interpolate linearly. */
export type FillMethod = 'previous' | 'linear';

/** The fill methods, for option validation and help text. */
export const FILL_METHODS: readonly FillMethod[] = ['previous', 'linear'];

/** Names used in fill error messages. */
export interface FillOptions {
  /** The column being filled; default 'value'. */
  column?: string;
  /** Where value `i` comes from, e.g. `line 7 of temps.csv`; default `value i`. */
  where?: (i: number) => string;
}

/**
 * Fills the NaNs of `values` in place and returns how many were filled.
 * - `previous`: each missing value takes the last value before it.
 * - `linear`: values on a straight line between the known neighbours; missing values at the start
 *   or end take the nearest known value.
 *
 * @example
 * const v = Float64Array.of(1, NaN, 3, NaN);
 * fillMissing(v, 'linear'); // 2, and v is [1, 2, 3, 3]
 * @throws SeriesInputError when every value is missing (nothing to fill from), or with `previous`
 *   when the first value is missing (naming its place and suggesting `linear`).
 */
export function fillMissing(values: Float64Array, method: FillMethod, options: FillOptions = {}): number {
  const { column = 'value', where = (i: number) => `value ${i}` } = options;
  if (method !== 'previous' && method !== 'linear') {
    throw new OptionError(`Unknown fill method '${String(method)}': use ${FILL_METHODS.join(' or ')}.`);
  }
  const n = values.length;
  let first = 0;
  while (first < n && Number.isNaN(values[first])) first++;
  if (first === n) {
    if (n === 0) return 0;
    throw new SeriesInputError(
      (o) =>
        `Column '${column}' has no values at all (${n} missing), so there is nothing to fill from: choose another column${o.column ? ` with ${o.column()}` : ''}, or fix the data.`,
    );
  }
  if (first > 0 && method === 'previous') {
    const fill = (m: FillMethod, name?: (value?: string) => string) => (name ? name(m) : `fill '${m}'`);
    throw new SeriesInputError(
      (o) =>
        `${cap(where(0))}: the first value of column '${column}' is missing, so ${fill('previous', o.fill)} has nothing to carry forward: use ${fill('linear', o.fill)} (it copies the first known value), or give a first value.`,
    );
  }
  let filled = 0;
  for (let i = 0; i < first; i++, filled++) values[i] = values[first]; // leading gap: nearest value
  let known = first; // index of the last known value
  for (let i = first + 1; i < n; i++) {
    if (!Number.isNaN(values[i])) {
      known = i;
      continue;
    }
    let next = i;
    while (next < n && Number.isNaN(values[next])) next++;
    const a = values[known];
    for (let k = i; k < next; k++, filled++) {
      // a trailing gap (next === n) takes the last known value, as does `previous`
      values[k] = method === 'previous' || next === n ? a : a + ((values[next] - a) * (k - known)) / (next - known);
    }
    i = next - 1;
  }
  return filled;
}

/**
 * A copy of `values` with `missing[i]` NaNs inserted before each value `i` (the rows of missing
 * dates), ready for {@link fillMissing}.
 * @example insertMissing(Float64Array.of(1, 4), [0, 2]) // Float64Array [1, NaN, NaN, 4]
 * @throws RangeError when `missing` does not have one count per value.
 */
export function insertMissing(values: Float64Array, missing: ArrayLike<number>): Float64Array {
  if (missing.length !== values.length) {
    throw new RangeError(`insertMissing needs one count per value: got ${missing.length} counts for ${values.length} values.`);
  }
  let total = values.length;
  for (let i = 0; i < missing.length; i++) total += missing[i];
  const out = new Float64Array(total).fill(NaN);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    j += missing[i];
    out[j++] = values[i];
  }
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
