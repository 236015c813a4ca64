/**
 * The scalers of src/data/scaling.ts (standard, minmax, none) as target transforms: fitted on the
 * training part, `(x − offset) / scale` pointwise, inverted with `x · scale + offset`. The
 * arithmetic is the scaler's own (fitScaler, Scaler.transform, Scaler.inverse), so the numbers are
 * the same bit for bit, and the JSON is a `ScalerJSON`: a scaler saved with a model before
 * transforms existed rebuilds as a transform. Browser-safe.
 */
import { ModelFileError, OptionError, SeqcastError } from '../../errors.js';
import { fitScaler, scalerFromJSON, type Scaler, type ScalerJSON, type ScalerKind } from '../scaling.js';
import { checkFinite, checkInverseForecast, checkInverseSliding, checkTrain, type TargetTransform } from './transform.js';

const KINDS: readonly ScalerKind[] = ['standard', 'minmax', 'none'];

/**
 * Standard (z-score), minmax ([0, 1] on the training part) or no scaling, as a transform.
 *
 * @example
 * const s = scalingTransform('standard').fit(train); // s.toJSON() equals fitScaler('standard', train).toJSON()
 * scalingTransform('minmax').fit([2, 4, 6]).transform([2, 6]); // Float32Array [0, 1]
 * @throws OptionError when `kind` is not 'standard', 'minmax' or 'none'. `fit` throws InputError on
 *   an empty training part, NaN or ±Infinity; `transform` and the inverses throw a SeqcastError
 *   before `fit` ('none' needs none), InputError on NaN or ±Infinity.
 */
export function scalingTransform(kind: ScalerKind): TargetTransform {
  if (!KINDS.includes(kind)) {
    throw new OptionError(`scalingTransform: unknown scaling ${JSON.stringify(kind)}: use 'standard', 'minmax' or 'none'.`);
  }
  return new Scaling(kind, kind === 'none' ? fitScaler('none', [0]) : null);
}

/**
 * Rebuilds a fitted scaling transform from a `ScalerJSON`.
 * @example scalingFromJSON({ kind: 'standard', offset: 42.5, scale: 12.1 }).transform([42.5]); // [0]
 * @throws ModelFileError when the JSON is not a valid scaler (the message names the field).
 */
export function scalingFromJSON(json: ScalerJSON): TargetTransform {
  let scaler: Scaler;
  try {
    scaler = scalerFromJSON(json);
  } catch (e) {
    throw new ModelFileError(`Not a fitted scaling transform: ${(e as Error).message}`, { cause: e });
  }
  return new Scaling(scaler.kind, scaler);
}

class Scaling implements TargetTransform {
  readonly lag = 0;
  readonly name: string;

  constructor(
    readonly kind: ScalerKind,
    private scaler: Scaler | null,
  ) {
    this.name = kind === 'none' ? 'none' : `${kind} scaling`;
  }

  get fitted(): boolean {
    return this.scaler !== null;
  }

  fit(train: ArrayLike<number>): TargetTransform {
    checkTrain(this.name, 1, train); // fitScaler's own checks, as InputError
    this.scaler = fitScaler(this.kind, train);
    return this;
  }

  transform(values: ArrayLike<number>): Float32Array {
    const scaler = this.fittedScaler('transform');
    checkFinite(this.name, 'values', values);
    return scaler.transform(values);
  }

  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array {
    const scaler = this.fittedScaler('inverseForecast');
    checkInverseForecast(this.name, 0, history, forecasts);
    return scaler.inverse(forecasts);
  }

  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array {
    const scaler = this.fittedScaler('inverseSliding');
    checkInverseSliding(this.name, 0, series, from, forecasts);
    return scaler.inverse(forecasts);
  }

  toJSON(): ScalerJSON {
    return this.fittedScaler('toJSON').toJSON();
  }

  private fittedScaler(what: string): Scaler {
    if (!this.scaler) throw new SeqcastError(`${this.name}: ${what} needs a fitted transform: call fit(train) first.`);
    return this.scaler;
  }
}
