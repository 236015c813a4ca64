/**
 * The Box-Cox transform as a target transform, as R's `forecast::BoxCox` / `InvBoxCox`:
 *
 *   z = (sign(x)·|x|^λ − 1) / λ     λ ≠ 0   (for x > 0: (x^λ − 1) / λ, computed as expm1(λ·ln x) / λ)
 *   z = ln x                        λ = 0
 *   x = sign(y)·|y|^(1/λ), y = 1 + λz   (λ ≠ 0);   x = exp(z)   (λ = 0)
 *
 * λ is given, or estimated on the training part by Guerrero's method (guerrero.ts), as R's
 * `BoxCox.lambda(x, "guerrero", lower = -1, upper = 2)`. λ = 1 only shifts the series (z = x − 1),
 * λ = 0 is the log, λ = 0.5 a square root. The signed power lets λ > 0 take values ≤ 0 as R does;
 * λ ≤ 0 needs positive values (InputError otherwise, where R gives NA or −Inf). For λ < 0 the
 * transformed values stay below −1/λ and no value maps to z ≥ −1/λ: the inverse refuses such a
 * forecast (R gives NA). Pointwise: the inverses need no history.
 *
 * Precision: with λ < 0 and large x, z crowds near −1/λ (x^λ is small next to 1), so the float32
 * z keeps fewer of x's digits: co2 (~330) with λ = −1 round-trips to ~3e-5 relative, not 6e-8.
 * Far below any forecast's error, but a reason to prefer the log when λ is near 0. Browser-safe.
 */
import { InputError, OptionError, SeqcastError } from '../../errors.js';
import { guerreroLambda, guerreroOptions, type GuerreroOptions } from './guerrero.js';
import { checkPositive } from './log.js';
import {
  checkFinite,
  checkInverseForecast,
  checkInverseSliding,
  checkTrain,
  toFloat32,
  type BoxCoxJSON,
  type TargetTransform,
} from './transform.js';

/** Options of {@link boxCoxTransform}: a fixed `lambda`, or the options of its Guerrero estimate. */
export type BoxCoxOptions = { lambda: number } | GuerreroOptions;

/**
 * Box-Cox with a fixed lambda, or with lambda estimated by Guerrero's method when it is fitted.
 *
 * @example
 * const bc = boxCoxTransform({ period: 12 }).fit(airPassengers); // bc.toJSON().lambda ≈ -0.2947, as R
 * const z = bc.transform(airPassengers); // BoxCox(AirPassengers, lambda)
 * bc.inverseForecast(airPassengers, forecastsOfZ); // back to passengers
 * boxCoxTransform({ lambda: 0.5 }).transform([4, 9]); // Float32Array [2, 4]: (√x − 1) / 0.5
 * @throws OptionError when lambda is not finite, is given with period/lower/upper, or those are
 *   invalid (see guerreroLambda). `fit` throws InputError on NaN or ±Infinity, on values ≤ 0 when
 *   estimating or when λ ≤ 0; `transform` on values ≤ 0 when λ ≤ 0; the inverses on a forecast
 *   z ≥ −1/λ when λ < 0, or one whose inverse overflows float32; all but `fit` throw before fit
 *   when lambda is to be estimated.
 */
export function boxCoxTransform(options: BoxCoxOptions = {}): TargetTransform {
  if ('lambda' in options && options.lambda !== undefined) {
    const { lambda, ...rest } = options as { lambda: number } & GuerreroOptions;
    const extra = Object.keys(rest).filter((k) => rest[k as keyof GuerreroOptions] !== undefined);
    if (extra.length > 0) {
      throw new OptionError(
        `boxCoxTransform got lambda and ${extra.join(', ')}: give a fixed lambda, or the options of its Guerrero estimate (period, lower, upper), not both.`,
      );
    }
    checkLambda(lambda, OptionError, 'boxCoxTransform lambda');
    return new BoxCox({ kind: 'box-cox', method: 'fixed', lambda });
  }
  return new BoxCox(null, guerreroOptions(options as GuerreroOptions));
}

/**
 * Rebuilds a fitted Box-Cox transform from its state (after `transformFromJSON` has checked it).
 * @example boxCoxFromState({ kind: 'box-cox', method: 'fixed', lambda: 0 }).transform([Math.E]); // [1]
 * @throws never for a checked state.
 */
export function boxCoxFromState(state: BoxCoxJSON): TargetTransform {
  return new BoxCox(state, state.method === 'guerrero' ? { period: state.period, lower: state.lower, upper: state.upper } : null);
}

/**
 * One value's Box-Cox transform (float64), as R's `BoxCox(x, lambda)`.
 * @example boxCoxValue(100, 0); // 4.60517 (ln 100)
 * @example boxCoxValue(4, 0.5); // 2
 * @throws never: NaN where R gives NA (x < 0 with λ < 0), −Infinity at x = 0 with λ ≤ 0.
 */
export function boxCoxValue(x: number, lambda: number): number {
  if (lambda === 0) return Math.log(x);
  if (x > 0) return Math.expm1(lambda * Math.log(x)) / lambda; // (x^λ − 1) / λ without cancellation for small λ
  if (lambda < 0) return x === 0 ? -Infinity : NaN;
  return (-Math.pow(-x, lambda) - 1) / lambda; // R's sign(x)·|x|^λ for x ≤ 0
}

/**
 * One value's inverse Box-Cox transform (float64), as R's `InvBoxCox(z, lambda)`.
 * @example invBoxCoxValue(2, 0.5); // 4
 * @throws never: NaN where R gives NA (z > −1/λ with λ < 0).
 */
export function invBoxCoxValue(z: number, lambda: number): number {
  if (lambda === 0) return Math.exp(z);
  const y = lambda * z + 1;
  if (y > 0) return Math.exp(Math.log1p(lambda * z) / lambda);
  if (lambda < 0) return y === 0 ? Infinity : NaN;
  return y === 0 ? 0 : -Math.pow(-y, 1 / lambda); // R's sign(y)·|y|^(1/λ)
}

const FIX = 'Box-Cox with lambda ≤ 0 is for strictly positive data: shift the series above 0, or use a fixed lambda > 0';

class BoxCox implements TargetTransform {
  readonly kind = 'box-cox';
  readonly lag = 0;

  constructor(
    private state: BoxCoxJSON | null,
    /** The Guerrero options when lambda is estimated at fit; null for a fixed lambda. */
    private readonly estimate: Required<GuerreroOptions> | null = null,
  ) {}

  get name(): string {
    if (!this.estimate) return `box-cox (${this.state!.lambda})`;
    return this.estimate.period > 1 ? `box-cox (guerrero, ${this.estimate.period})` : 'box-cox (guerrero)';
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  fit(train: ArrayLike<number>): TargetTransform {
    checkTrain(this.name, 1, train);
    if (this.estimate) {
      const lambda = guerreroLambda(train, this.estimate);
      this.state = { kind: 'box-cox', method: 'guerrero', lambda, ...this.estimate };
    }
    if (this.state!.lambda <= 0) checkPositive(this.name, 'train', train, FIX);
    return this;
  }

  transform(values: ArrayLike<number>): Float32Array {
    const { lambda } = this.fittedState('transform');
    checkFinite(this.name, 'values', values);
    if (lambda <= 0) checkPositive(this.name, 'values', values, FIX);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = boxCoxValue(values[i], lambda);
    return toFloat32(this.name, 'transformed value', out);
  }

  inverseForecast(history: ArrayLike<number>, forecasts: ArrayLike<number>): Float32Array {
    const { lambda } = this.fittedState('inverseForecast');
    checkInverseForecast(this.name, 0, history, forecasts);
    return this.inverse(forecasts, lambda);
  }

  inverseSliding(series: ArrayLike<number>, from: number, forecasts: ArrayLike<number>): Float32Array {
    const { lambda } = this.fittedState('inverseSliding');
    checkInverseSliding(this.name, 0, series, from, forecasts);
    return this.inverse(forecasts, lambda);
  }

  toJSON(): BoxCoxJSON {
    return { ...this.fittedState('toJSON') };
  }

  private inverse(z: ArrayLike<number>, lambda: number): Float32Array {
    const out = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) {
      if (lambda < 0 && !(lambda * z[i] + 1 > 0)) {
        throw new InputError(
          `${this.name}: forecasts[${i}] is ${z[i]}, at or above −1/λ = ${-1 / lambda} (λ = ${lambda}), where the inverse is infinite: the forecast left the transform's range; use a lambda ≥ 0 (e.g. log) for this series.`,
        );
      }
      out[i] = invBoxCoxValue(z[i], lambda);
    }
    return toFloat32(this.name, 'inverse of forecasts', out);
  }

  private fittedState(what: string): BoxCoxJSON {
    if (!this.state) throw new SeqcastError(`${this.name}: ${what} needs a fitted transform: call fit(train) first, to estimate lambda.`);
    return this.state;
  }
}

/**
 * Throws `Err` when `lambda` is not a finite number.
 * @example checkLambda(0.5, OptionError, 'lambda');
 * @throws the given error class as described.
 */
export function checkLambda(lambda: unknown, Err: new (message: string) => Error, what: string): void {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda)) {
    throw new Err(`${what} must be a finite number, got ${JSON.stringify(lambda)}: e.g. 0 (log), 0.5 (square root) or 1 (no change).`);
  }
}
