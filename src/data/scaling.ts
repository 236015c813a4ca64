/**
 * Scaling a series before a network sees it, as scikit-learn's `StandardScaler` / `MinMaxScaler`
 * on one column: `scaled = (x − offset) / scale`, fitted on the training part only (so nothing
 * from the validation period leaks into training) and inverted on the forecasts.
 *
 *   standard: offset = mean, scale = population standard deviation (ddof 0, as scikit-learn)
 *   minmax:   offset = min,  scale = max − min  (training values map onto [0, 1])
 *   none:     offset = 0,    scale = 1
 *
 * Statistics are computed in float64; transformed values are stored as float32.
 */

/** The scaling methods: `standard` (z-score), `minmax` ([0, 1]) or `none`. */
export type ScalerKind = 'standard' | 'minmax' | 'none';

const KINDS: readonly ScalerKind[] = ['standard', 'minmax', 'none'];

/** A fitted scaler as plain JSON, saved with a model and sent to worker threads. */
export interface ScalerJSON {
  kind: ScalerKind;
  /** Subtracted before dividing by `scale`. */
  offset: number;
  /** Positive divisor. */
  scale: number;
}

/** A fitted scaling, `scaled = (x − offset) / scale`; build one with {@link fitScaler}. */
export interface Scaler {
  readonly kind: ScalerKind;
  readonly offset: number;
  readonly scale: number;
  /** (x − offset) / scale for every value. */
  transform(x: ArrayLike<number>): Float32Array;
  /** x · scale + offset for every value: undoes `transform`. */
  inverse(x: ArrayLike<number>): Float32Array;
  /** The fitted parameters as plain JSON; {@link scalerFromJSON} rebuilds the scaler. */
  toJSON(): ScalerJSON;
}

/**
 * Fits a scaler on the training values. A constant training series has a standard deviation
 * (and a range) of 0: then `scale` is 1 instead, so transform only subtracts the offset and never
 * divides by zero.
 *
 * @example
 * const scaler = fitScaler('standard', series.subarray(0, 1000));
 * const scaled = scaler.transform(series); // the whole series, with the training statistics
 * scaler.inverse(scaled); // ≈ series
 * fitScaler('minmax', [2, 4, 6]).transform([2, 6]); // Float32Array [0, 1]
 * @throws when `kind` is not 'standard', 'minmax' or 'none', `train` is empty, or it holds NaN or
 *   ±Infinity (the message names the index).
 */
export function fitScaler(kind: ScalerKind, train: ArrayLike<number>): Scaler {
  checkKind(kind, 'fitScaler');
  if (train.length === 0)
    throw new Error('fitScaler got an empty training series: pass the training part of the series (at least one value).');
  for (let i = 0; i < train.length; i++) {
    if (!Number.isFinite(train[i])) {
      throw new Error(`fitScaler: train[${i}] is ${train[i]}; fill or drop missing values before scaling.`);
    }
  }
  if (kind === 'none') return makeScaler('none', 0, 1);
  if (kind === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < train.length; i++) {
      min = Math.min(min, train[i]);
      max = Math.max(max, train[i]);
    }
    return makeScaler('minmax', min, max > min ? max - min : 1);
  }
  // two passes in float64: the mean first, then squared deviations from it (no catastrophic
  // cancellation, as the one-pass Σx² − n·mean² would suffer on a series far from 0)
  const n = train.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += train[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (train[i] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  return makeScaler('standard', mean, std > 0 ? std : 1);
}

/**
 * Rebuilds a scaler from {@link Scaler.toJSON} output (for example from a saved model's metadata).
 *
 * @example const scaler = scalerFromJSON({ kind: 'standard', offset: 42.5, scale: 12.1 });
 * @throws when `json` is not an object with a known `kind`, a finite `offset` and a positive
 *   finite `scale` (the message names the field), or a 'none' scaler has offset ≠ 0 or scale ≠ 1.
 */
export function scalerFromJSON(json: unknown): Scaler {
  const fix = 'expected { kind: "standard" | "minmax" | "none", offset: number, scale: number > 0 }; refit the scaler or re-save the model';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`scalerFromJSON got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}: ${fix}.`);
  }
  const { kind, offset, scale } = json as Record<string, unknown>;
  if (typeof kind !== 'string' || !KINDS.includes(kind as ScalerKind)) {
    throw new Error(`scalerFromJSON: kind is ${JSON.stringify(kind)}, not one of ${KINDS.join(', ')}: ${fix}.`);
  }
  if (typeof offset !== 'number' || !Number.isFinite(offset)) {
    throw new Error(`scalerFromJSON: offset is ${JSON.stringify(offset)}, not a finite number: ${fix}.`);
  }
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`scalerFromJSON: scale is ${JSON.stringify(scale)}, not a positive finite number: ${fix}.`);
  }
  if (kind === 'none' && (offset !== 0 || scale !== 1)) {
    throw new Error(`scalerFromJSON: a 'none' scaler has offset 0 and scale 1, got offset ${offset} and scale ${scale}: ${fix}.`);
  }
  return makeScaler(kind as ScalerKind, offset, scale);
}

function makeScaler(kind: ScalerKind, offset: number, scale: number): Scaler {
  return {
    kind,
    offset,
    scale,
    transform: (x) => map(x, (v) => (v - offset) / scale),
    inverse: (x) => map(x, (v) => v * scale + offset),
    toJSON: () => ({ kind, offset, scale }),
  };
}

function map(x: ArrayLike<number>, f: (v: number) => number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

function checkKind(kind: unknown, owner: string): void {
  if (!KINDS.includes(kind as ScalerKind)) {
    throw new Error(`${owner}: unknown scaling ${JSON.stringify(kind)}: use 'standard', 'minmax' or 'none'.`);
  }
}
