/**
 * The natural log as a target transform: z = ln x, for positive data whose variation grows with
 * its level (a multiplicative seasonality becomes additive). Nothing is fitted; the inverse is
 * exp, pointwise (no history needed). Box-Cox with lambda 0 is the same map. Browser-safe.
 */
import { InputError } from '../../errors.js';
import { checkFinite, checkInverseForecast, checkInverseSliding, checkTrain, toFloat32, type TargetTransform } from './transform.js';

/**
 * The natural log, z = ln x; positive values only.
 *
 * @example
 * const log = logTransform();
 * log.transform([1, Math.E]); // Float32Array [0, 1]
 * log.inverseForecast([], [0, 2]); // Float32Array [1, 7.389056]
 * @throws never; `fit` and `transform` throw InputError on a value ≤ 0, NaN or ±Infinity (the
 *   message names it), the inverses on a forecast whose exp overflows float32 (above ~88.7).
 */
export function logTransform(): TargetTransform {
  return new Log();
}

/**
 * Throws an InputError naming the first value of `values` that is not positive.
 * @example checkPositive('log', 'values', [3, 0]); // throws "log: values[1] is 0; ..."
 * @throws InputError as described.
 */
export function checkPositive(who: string, what: string, values: ArrayLike<number>, fix: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new InputError(`${who}: ${what}[${i}] is ${values[i]}, but it takes positive values only: ${fix}.`);
  }
}

const FIX = 'use it on strictly positive data (counts, prices, sales), or shift the series, or difference it instead';

class Log implements TargetTransform {
  readonly kind = 'log';
  readonly name = 'log';
  readonly lag = 0;
  readonly fitted = true;

  fit(train: ArrayLike<number>): TargetTransform {
    checkTrain(this.name, 1, train); // learns nothing: only checks
    checkPositive(this.name, 'train', train, FIX);
    return this;
  }

  transform(values: ArrayLike<number>): Float32Array {
    checkFinite(this.name, 'values', values);
    checkPositive(this.name, 'values', values, FIX);
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Math.log(values[i]);
    return out;
  }

  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array {
    checkInverseForecast(this.name, 0, history, forecasts);
    return exp(forecasts);
  }

  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array {
    checkInverseSliding(this.name, 0, series, from, forecasts);
    return exp(forecasts);
  }

  toJSON() {
    return { kind: 'log' as const };
  }
}

function exp(z: ArrayLike<number>): Float32Array {
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Math.exp(z[i]);
  return toFloat32('log', 'inverse of forecasts', out);
}
