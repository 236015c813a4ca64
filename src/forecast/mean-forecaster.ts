/**
 * The mean (or median) of several forecasters' forecasts: an ensemble (the same network from
 * several seeds, as R's nnetar averages 20; or different models, as M4's combination benchmarks).
 * `fit` fits each member on the same training part; forecasts are the element-wise mean of the
 * members' (float64 sums), or their element-wise median. `auto` combines its chosen candidates
 * this way, and its network candidates are means of seeds.
 *
 * Browser-safe: no Node modules.
 */
import { checkRecursive, checkSliding, type FitCallOptions, type Forecaster } from './forecaster.js';

/** How an ensemble combines its members' forecasts, value by value. */
export type Combination = 'mean' | 'median';

/** A mean (or median) of forecasters, which keeps its members. */
export interface MeanForecaster extends Forecaster {
  /** The members, in order (fitted after `fit`). */
  readonly members: readonly Forecaster[];
  /** How their forecasts are combined. */
  readonly combine: Combination;
}

/**
 * The mean of `members`' forecasts (`combine` 'median': their median, value by value). Pass fresh
 * members to fit, or fitted ones to forecast at once.
 * @example
 * const ensemble = meanForecaster([0, 1, 2].map((seed) => networkForecaster({ model: 'mlp', window: 24, seed })));
 * await ensemble.fit(train);
 * ensemble.forecast(train, 18); // the mean of the three networks' forecasts
 * @throws Error when `members` is empty; `fit` rejects with the first member's failure; forecasts
 *   throw as every forecaster does (checkSliding, checkRecursive) and as a member's.
 */
export function meanForecaster(
  members: Forecaster[],
  name = `mean of ${members.map((m) => m.name).join(', ')}`,
  combine: Combination = 'mean',
): MeanForecaster {
  if (!Array.isArray(members) || members.length === 0)
    throw new Error('meanForecaster needs at least one member, e.g. [naiveForecaster()].');
  if (combine !== 'mean' && combine !== 'median') throw new Error(`meanForecaster combines by 'mean' or 'median', got ${String(combine)}.`);
  const list = [...members];
  return {
    name,
    members: list,
    combine,
    get minHistory() {
      return Math.max(...list.map((m) => m.minHistory));
    },
    async fit(train: Float32Array, options: FitCallOptions = {}) {
      for (const member of list) {
        options.signal?.throwIfAborted();
        await member.fit(train, options);
      }
    },
    predictSliding(series: Float32Array, from: number) {
      checkSliding(name, this.minHistory, series, from);
      return combineForecasts(
        list.map((m) => m.predictSliding(series, from)),
        combine,
      );
    },
    forecast(history: Float32Array, horizon: number) {
      checkRecursive(name, this.minHistory, history, horizon);
      return combineForecasts(
        list.map((m) => m.forecast(history, horizon)),
        combine,
      );
    },
  };
}

/**
 * The element-wise mean of equally long forecasts, summed in float64.
 * @example averageForecasts([Float32Array.of(1, 2), [3, 4]]); // Float32Array [2, 3]
 * @throws Error when the list is empty or the lengths differ.
 */
export function averageForecasts(forecasts: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(commonLength(forecasts, 'averageForecasts'));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (const f of forecasts) sum += f[i];
    out[i] = sum / forecasts.length;
  }
  return out;
}

/** The length every forecast of a non-empty list has; throws, naming `who`, when it is empty or they differ. */
function commonLength(forecasts: ArrayLike<number>[], who: string): number {
  if (forecasts.length === 0) throw new Error(`${who} needs at least one forecast.`);
  const n = forecasts[0].length;
  if (forecasts.some((f) => f.length !== n))
    throw new Error(`${who}: the forecasts differ in length (${forecasts.map((f) => f.length).join(', ')}).`);
  return n;
}

/**
 * The element-wise mean (averageForecasts) or median of equally long forecasts; the median of an
 * even number of values is the mean of the middle two.
 * @example combineForecasts([[1, 9], [2, 4], [7, 5]], 'median'); // Float32Array [2, 5]
 * @throws Error when the list is empty or the lengths differ.
 */
export function combineForecasts(forecasts: ArrayLike<number>[], combine: Combination): Float32Array {
  if (combine === 'mean') return averageForecasts(forecasts);
  const out = new Float32Array(commonLength(forecasts, 'combineForecasts'));
  const column = new Float64Array(forecasts.length);
  for (let i = 0; i < out.length; i++) {
    forecasts.forEach((f, j) => (column[j] = f[i]));
    column.sort();
    const mid = column.length >> 1;
    out[i] = column.length % 2 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
  }
  return out;
}
