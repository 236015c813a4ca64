/**
 * Target transforms: one small contract for what a network forecaster does to a series before it
 * windows it, and undoes on the forecasts (differencing, seasonal differencing, log, Box-Cox,
 * scaling, a chain of them). Browser-safe.
 *
 *   fit(train)                      learns what the transform needs (a scaler's mean, a Box-Cox
 *                                   lambda) from the training part only; returns the transform
 *   transform(values)               the transformed values, `lag` fewer than given: out[i] belongs
 *                                   to values[i + lag] (a difference needs the value `lag` before)
 *   inverseForecast(history, f)     multi-step: f[k] is the transformed value of step k + 1 after
 *                                   `history`; step k is inverted with the history's last `lag`
 *                                   values and the inverted steps before k (cumulative sums for a
 *                                   difference). For recursive and direct forecasts alike.
 *   inverseSliding(series, from, f) one-step: f[i] is the transformed forecast of series[from + i];
 *                                   each is inverted with the actual values before it.
 *   toJSON()                        the fitted state; transformFromJSON (registry.ts) rebuilds it
 *
 * How a network forecaster composes one (window W, transform T, lag L = T.lag):
 *
 *   fit(train):               T.fit(train); train on windowedDataset(T.transform(train), ...)
 *   predictSliding(s, from):  z = T.transform(s.subarray(from − W − L, s.length − 1));
 *                             f = model's forecast of z after each window;  T.inverseSliding(s, from, f)
 *   forecast(history, h):     z = T.transform(history.subarray(history.length − W − L));
 *                             f = h forecasts after z (recursive or direct);  T.inverseForecast(history, f)
 *   minHistory:               W + L (and W + L + 1 training values);  saved with the model: T.toJSON()
 *
 * `inverseForecast(x.subarray(0, lag), transform(x))` and `inverseSliding(x, lag, transform(x))`
 * both give back x.subarray(lag) (to float32 rounding). Values are float32 in and out, as the
 * network's; each kind computes in float64 inside.
 */
import { InputError } from '../../errors.js';

/** The transform kinds, as named in their JSON. */
export type TransformKind = 'difference' | 'seasonal-difference' | 'log' | 'box-cox' | 'standard' | 'minmax' | 'none' | 'chain';

/** A fitted transform as plain JSON (saved with a model, sent to worker threads). */
export type TransformJSON =
  | { kind: 'difference' }
  | { kind: 'seasonal-difference'; period: number }
  | { kind: 'log' }
  | BoxCoxJSON
  /** As `ScalerJSON` (src/data/scaling.ts): a saved scaler is a valid transform. */
  | { kind: 'standard' | 'minmax' | 'none'; offset: number; scale: number }
  | { kind: 'chain'; transforms: TransformJSON[] };

/** A fitted Box-Cox transform: its lambda, and how it was chosen (a refit estimates it again). */
export type BoxCoxJSON =
  | { kind: 'box-cox'; method: 'fixed'; lambda: number }
  | { kind: 'box-cox'; method: 'guerrero'; lambda: number; period: number; lower: number; upper: number };

/**
 * A target transform (see the file's comment for the contract and how a forecaster uses it).
 *
 * @example
 * const t = chainTransforms([logTransform(), differenceTransform()]).fit(train);
 * const z = t.transform(train); // log returns, train.length − 1 of them
 * t.inverseForecast(train, forecastsOfZ); // back to the series' scale, continuing after train
 * @throws never (an interface; see each kind).
 */
export interface TargetTransform {
  /** The kind, as in the JSON. */
  readonly kind: TransformKind;
  /** A short label for messages: 'seasonal-difference (12)', 'box-cox (guerrero, 12)' ... */
  readonly name: string;
  /** Values `transform` drops at the start; also how many last values of the history an inverse reads. */
  readonly lag: number;
  /** Whether the transform can be used: after `fit`, or from birth for a kind that learns nothing. */
  readonly fitted: boolean;
  /** Learns from the training part only and returns the transform itself (refitting replaces what it learnt). */
  fit(train: ArrayLike<number>): TargetTransform;
  /** The transformed values: `values.length − lag` of them, out[i] belonging to values[i + lag]. */
  transform(values: ArrayLike<number>): Float32Array;
  /** The original-scale values of `forecasts`, the transformed values of the steps after `history`. */
  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array;
  /** The original-scale values of one-step forecasts of series[from], series[from + 1], ... */
  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array;
  /** The fitted state as plain JSON. */
  toJSON(): TransformJSON;
}

/**
 * Throws an InputError naming the first value of `values` that is NaN or ±Infinity.
 * @example checkFinite('log', 'values', [1, NaN]); // throws "log: values[1] is NaN; ..."
 * @throws InputError as described.
 */
export function checkFinite(who: string, what: string, values: ArrayLike<number>, from = 0, to = values.length): void {
  for (let i = from; i < to; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`${who}: ${what}[${i}] is ${values[i]}; fill or drop missing values before transforming.`);
    }
  }
}

/**
 * Checks the training part for `fit`: at least `least` values, all finite.
 * @example checkTrain('difference', 2, train);
 * @throws InputError when it is too short or holds NaN or ±Infinity.
 */
export function checkTrain(who: string, least: number, train: ArrayLike<number>): void {
  if (train.length < least) {
    throw new InputError(
      `${who} needs at least ${least} training value${least === 1 ? '' : 's'}, got ${train.length}: pass a longer training part.`,
    );
  }
  checkFinite(who, 'train', train);
}

/**
 * Checks the arguments of {@link TargetTransform.inverseForecast}: a history of at least `lag`
 * values whose last `lag` are finite, and finite forecasts.
 * @example checkInverseForecast('difference', 1, history, forecasts);
 * @throws InputError as described.
 */
export function checkInverseForecast(who: string, lag: number, history: ArrayLike<number>, forecasts: ArrayLike<number>): void {
  if (history.length < lag) {
    throw new InputError(
      `${who}: inverseForecast needs the last ${lag} value${lag === 1 ? '' : 's'} of the history, got ${history.length}: pass the series the forecasts continue.`,
    );
  }
  checkFinite(who, 'history', history, history.length - lag);
  checkFinite(who, 'forecasts', forecasts);
}

/**
 * Checks the arguments of {@link TargetTransform.inverseSliding}: `from` an integer with
 * lag ≤ from and from + forecasts.length ≤ series.length, the values read finite.
 * @example checkInverseSliding('difference', 1, series, 100, forecasts);
 * @throws InputError as described.
 */
export function checkInverseSliding(who: string, lag: number, series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): void {
  if (!Number.isInteger(from) || from < lag || from + forecasts.length > series.length) {
    throw new InputError(
      `${who}: inverseSliding got from = ${from} for ${forecasts.length} forecasts of a series of ${series.length} values: forecasts[i] is the forecast of series[from + i], so from must be an integer from ${lag} to ${series.length - forecasts.length}.`,
    );
  }
  // forecast i reads series[from + i − lag .. from + i − 1]
  checkFinite(who, 'series', series, from - lag, lag > 0 ? from + forecasts.length - 1 : from);
  checkFinite(who, 'forecasts', forecasts);
}

/**
 * Rounds float64 results to a Float32Array, refusing a value float32 cannot hold (it would be ±Infinity).
 * @example toFloat32('log', 'inverse of forecasts', [Math.exp(1)]); // Float32Array [2.7182817]
 * @throws InputError naming the first value out of float32's range.
 */
export function toFloat32(who: string, what: string, values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new InputError(
        `${who}: the ${what} at ${i} is ${values[i]}, beyond float32's range (±3.4e38): the values are too large for this transform; scale the series down or use a milder transform.`,
      );
    }
  }
  return out;
}
