/**
 * Several target transforms applied in turn, as one: e.g. Box-Cox, then a seasonal difference,
 * then standard scaling. Each step is fitted on the training part as the steps before it left it,
 * so every statistic still comes from the training part only. The lag is the sum of the steps'
 * lags. Inverting goes backwards through the steps, each one given the history (or the series)
 * as the steps before it see it:
 *
 *   inverseForecast(history, f):     h_0 = the history's last `lag` values, h_{j+1} = T_j.transform(h_j);
 *                                    then f ← T_j.inverseForecast(h_j, f) for j = last .. 0
 *   inverseSliding(series, from, f): the same with T_j.inverseSliding, the series cut to what the
 *                                    forecasts read; each step's one-step inverse uses the actual
 *                                    values of its own input before each point
 *
 * Values pass between the steps as float32. Browser-safe.
 */
import { InputError, OptionError } from '../../errors.js';
import { checkInverseForecast, checkInverseSliding, checkTrain, type TargetTransform, type TransformJSON } from './transform.js';

/**
 * The transforms `steps` applied in order, as one transform.
 *
 * @example
 * const t = chainTransforms([logTransform(), seasonalDifferenceTransform(12), scalingTransform('standard')]).fit(train);
 * t.lag; // 12
 * const z = t.transform(series); // series.length − 12 values
 * t.inverseForecast(series, forecastsOfZ); // multi-step, back to the series' scale
 * @throws OptionError when `steps` is empty or holds something that is not a transform. `fit`
 *   throws InputError when the training part has no more than `lag` values, and any step's error
 *   (with the step's number and name); the other methods throw the steps' errors.
 */
export function chainTransforms(steps: readonly TargetTransform[]): TargetTransform {
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new OptionError(
      'chainTransforms needs a non-empty array of transforms, e.g. [logTransform(), differenceTransform()]: for no transform use scalingTransform("none").',
    );
  }
  steps.forEach((step, i) => {
    if (typeof step?.transform !== 'function' || typeof step.inverseForecast !== 'function') {
      throw new OptionError(
        `chainTransforms: step ${i + 1} is not a transform: build each step with its factory, e.g. differenceTransform().`,
      );
    }
  });
  return new Chain([...steps]);
}

class Chain implements TargetTransform {
  readonly kind = 'chain';
  readonly name: string;
  readonly lag: number;

  constructor(readonly steps: TargetTransform[]) {
    this.name = `chain [${steps.map((s) => s.name).join(', ')}]`;
    this.lag = steps.reduce((sum, s) => sum + s.lag, 0);
  }

  get fitted(): boolean {
    return this.steps.every((s) => s.fitted);
  }

  fit(train: ArrayLike<number>): TargetTransform {
    checkTrain(this.name, this.lag + 1, train);
    let z: ArrayLike<number> = train;
    this.steps.forEach((step, j) => {
      this.inStep(j, () => step.fit(z));
      if (j < this.steps.length - 1) z = this.inStep(j, () => step.transform(z));
    });
    return this;
  }

  transform(values: ArrayLike<number>): Float32Array {
    return this.through(this.steps.length, values);
  }

  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array {
    checkInverseForecast(this.name, this.lag, history, forecasts);
    const histories = this.histories(Array.prototype.slice.call(history, history.length - this.lag));
    let f: ArrayLike<number> = forecasts;
    for (let j = this.steps.length - 1; j >= 0; j--) f = this.inStep(j, () => this.steps[j].inverseForecast(histories[j], f));
    return Float32Array.from(f);
  }

  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array {
    checkInverseSliding(this.name, this.lag, series, from, forecasts);
    const count = forecasts.length;
    if (count === 0) return new Float32Array(0);
    // only what the forecasts read, series[from − lag .. from + count − 1): not the values forecast
    const histories = this.histories(Array.prototype.slice.call(series, from - this.lag, from + count - 1));
    let f: ArrayLike<number> = forecasts;
    for (let j = this.steps.length - 1; j >= 0; j--) {
      // in step j's input the forecasts start at `start`; it holds start + count − 1 values, one
      // short of what inverseSliding takes: the last, the value forecast, is never read (0 stands in)
      const start = histories[j].length - count + 1;
      const input = new Float64Array(start + count);
      input.set(histories[j]);
      const g = f;
      f = this.inStep(j, () => this.steps[j].inverseSliding(input, start, g));
    }
    return Float32Array.from(f);
  }

  toJSON(): TransformJSON {
    return { kind: 'chain', transforms: this.steps.map((s) => s.toJSON()) };
  }

  /** values through the first `count` steps. */
  private through(count: number, values: ArrayLike<number>): Float32Array {
    let z: ArrayLike<number> = values;
    for (let j = 0; j < count; j++) z = this.inStep(j, () => this.steps[j].transform(z));
    return Float32Array.from(z);
  }

  /** h_0 = values, h_{j+1} = step j's transform of h_j: the input each step sees. */
  private histories(values: number[]): ArrayLike<number>[] {
    const out: ArrayLike<number>[] = [values];
    for (let j = 0; j < this.steps.length - 1; j++) out.push(this.inStep(j, () => this.steps[j].transform(out[j])));
    return out;
  }

  /** Runs `f`, naming the step in an InputError it throws. */
  private inStep<T>(j: number, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof InputError && this.steps.length > 1) {
        throw new InputError(`${this.name}, step ${j + 1} (${this.steps[j].name}): ${e.message}`, { cause: e });
      }
      throw e;
    }
  }
}
