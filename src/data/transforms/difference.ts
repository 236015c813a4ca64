/**
 * Differencing as a target transform: z[t] = x[t] − x[t − lag], lag 1 (`difference`, removes a
 * trend) or the season length m (`seasonal-difference`, removes a stable seasonal pattern).
 * Nothing is fitted. Inverting needs the values `lag` before each point:
 *
 *   one-step (inverseSliding):    x̂[t] = ẑ[t] + x[t − lag], with the actual x[t − lag]
 *   multi-step (inverseForecast): x̂[n + k] = ẑ[n + k] + x̂[n + k − lag], the history's last `lag`
 *                                 values first, then the inverted forecasts: for lag 1 the last
 *                                 value plus the cumulative sums of the forecasts
 *
 * Browser-safe.
 */
import { OptionError } from '../../errors.js';
import { checkFinite, checkInverseForecast, checkInverseSliding, checkTrain, toFloat32, type TargetTransform } from './transform.js';

/**
 * First differences, z[t] = x[t] − x[t − 1]: a trend becomes a level a network can learn.
 *
 * @example
 * const d = differenceTransform();
 * d.transform([1, 3, 6, 10]); // Float32Array [2, 3, 4]
 * d.inverseForecast([1, 3, 6, 10], [5, 6]); // Float32Array [15, 21]: 10 + 5, then + 6
 * d.inverseSliding([1, 3, 6, 10], 2, [2.5, 4.5]); // Float32Array [5.5, 10.5]: 3 + 2.5, 6 + 4.5
 * @throws never; its methods throw InputError on NaN or ±Infinity, `fit` on fewer than 2 values.
 */
export function differenceTransform(): TargetTransform {
  return new Difference(1);
}

/**
 * Seasonal differences, z[t] = x[t] − x[t − period]: the change from the same season a period before.
 *
 * @example
 * const d = seasonalDifferenceTransform(4);
 * d.transform([1, 2, 3, 4, 2, 3, 4, 5]); // Float32Array [1, 1, 1, 1]
 * d.inverseForecast([1, 2, 3, 4, 2, 3, 4, 5], [1, 1, 1, 1, 1]); // Float32Array [3, 4, 5, 6, 4]
 * @throws OptionError when `period` is not an integer ≥ 2 (for lag 1 use differenceTransform); its
 *   methods throw InputError on NaN or ±Infinity, `fit` on fewer than period + 1 values.
 */
export function seasonalDifferenceTransform(period: number): TargetTransform {
  if (!Number.isInteger(period) || period < 2) {
    throw new OptionError(
      `seasonalDifferenceTransform period must be an integer ≥ 2 (the season length, e.g. 12 for monthly data), got ${period}: for period 1 use differenceTransform().`,
    );
  }
  return new Difference(period);
}

class Difference implements TargetTransform {
  readonly kind: 'difference' | 'seasonal-difference';
  readonly name: string;
  readonly fitted = true;

  constructor(readonly lag: number) {
    this.kind = lag === 1 ? 'difference' : 'seasonal-difference';
    this.name = lag === 1 ? 'difference' : `seasonal-difference (${lag})`;
  }

  fit(train: ArrayLike<number>): TargetTransform {
    checkTrain(this.name, this.lag + 1, train); // learns nothing: only checks
    return this;
  }

  transform(values: ArrayLike<number>): Float32Array {
    const { lag } = this;
    checkFinite(this.name, 'values', values);
    const out = new Float32Array(Math.max(0, values.length - lag));
    for (let i = 0; i < out.length; i++) out[i] = values[i + lag] - values[i];
    return out;
  }

  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array {
    const { lag } = this;
    checkInverseForecast(this.name, lag, history, forecasts);
    // the history's last `lag` values, then each inverted step: (lag + h), float64
    const x = new Float64Array(lag + forecasts.length);
    for (let i = 0; i < lag; i++) x[i] = history[history.length - lag + i];
    for (let k = 0; k < forecasts.length; k++) x[lag + k] = x[k] + forecasts[k];
    return toFloat32(this.name, 'inverse of forecasts', x.subarray(lag));
  }

  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array {
    const { lag } = this;
    checkInverseSliding(this.name, lag, series, from, forecasts);
    const out = new Float64Array(forecasts.length);
    for (let i = 0; i < out.length; i++) out[i] = series[from + i - lag] + forecasts[i];
    return toFloat32(this.name, 'inverse of forecasts', out);
  }

  toJSON() {
    return this.lag === 1 ? { kind: 'difference' as const } : { kind: 'seasonal-difference' as const, period: this.lag };
  }
}
