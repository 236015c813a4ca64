/**
 * Any forecaster on Box-Cox transformed values, as the `lambda` argument of R's forecast 8.20
 * (`ets`, `Arima`/`auto.arima`, `stlf`, `thetaf`, ...) with `biasadj = FALSE`, its default:
 *
 *   fit(train):              λ fixed, or Guerrero's estimate on the training part for 'auto'; the
 *                            inner forecaster fitted on BoxCox(train, λ)
 *   forecast(history, h):    InvBoxCox of the inner's forecast of BoxCox(history, λ): the median
 *                            on the original scale, not the mean (R's biasadj = FALSE)
 *   predictSliding(s, from): InvBoxCox of the inner's one-step forecasts of BoxCox(s, λ)
 *   forecastIntervals:       the inner's bounds, each back-transformed: the transform is monotone
 *                            increasing, so a quantile of the transformed value maps to the same
 *                            quantile of the value (R's forecast.* with lambda)
 *
 * λ = 'auto' is R's `BoxCox(x, "auto")`, which every one of those functions calls: in forecast 8.20
 * that is `BoxCox.lambda(x, lower = -0.9)`, Guerrero's method on [-0.9, 2] with the series'
 * frequency as the block length (checked against `ets(x, lambda = "auto")$lambda` and
 * `stlf(x, lambda = "auto")$lambda`, test/fixtures/r/box-cox-forecasts.json). `period` is that
 * frequency: for R's msts(y, c(24, 168)) it is 168, the largest period.
 *
 * R's `ets(x, lambda)` also sets `additive.only = TRUE`: on transformed values it chooses among
 * additive forms only. The wrapper changes nothing in its inner forecaster; the same choice here is
 * an inner ETS with model 'AZZ' (additive error; an additive error excludes a multiplicative
 * season). `stlf` and `auto.arima` need nothing of the kind.
 *
 * Precision: the inner forecaster sees and forecasts float32 values, as every forecaster does. A
 * forecast z rounded to float32 (6e-8 relative) moves x = InvBoxCox(z) by |dz|·x^(−λ) relative
 * (dx/x = dz / (1 + λz), and 1 + λz = x^λ): ~1e-7·|z| for λ ≥ 0, more for λ < 0 and large x
 * (UKgas, λ = −0.45, x ≈ 1,200: 3e-6). Far below any forecast's error.
 *
 * Browser-safe: no Node modules.
 */
import { InputError, OptionError } from '../errors.js';
import { boxCoxTransform, invBoxCoxValue } from '../data/transforms/box-cox.js';
import { guerreroLambda } from '../data/transforms/guerrero.js';
import { checkPositive } from '../data/transforms/log.js';
import type { BaseForecasterSpec } from './base-forecaster-spec.js';
import {
  checkRecursive,
  checkSliding,
  checkTrain,
  type FitCallOptions,
  type Forecaster,
  type IntervalForecast,
  type PredictionInterval,
} from './forecaster.js';

/** Options of {@link boxCoxForecaster}. */
export interface BoxCoxForecasterOptions {
  /** The Box-Cox λ in [-1, 2] (0: the log, 0.5: a square root, 1: no change but a shift), or 'auto': Guerrero's estimate at fit, as R's lambda = "auto". */
  lambda: number | 'auto';
  /** The block length of Guerrero's estimate (R's frequency(x): 12 monthly, 168 for msts(y, c(24, 168))); default 1. Only read for 'auto'. */
  period?: number;
}

/** A forecaster on Box-Cox transformed values. */
export interface BoxCoxForecaster extends Forecaster {
  /** The wrapped forecaster, which sees only transformed values. */
  readonly inner: Forecaster;
  /** The λ in use: the fixed one, or Guerrero's estimate after `fit`; null before `fit` for 'auto'. */
  readonly lambda: number | null;
}

/** The range of λ accepted: R's BoxCox.lambda searches [-1, 2]. */
const LAMBDA_MIN = -1;
const LAMBDA_MAX = 2;
/** R's BoxCox(x, "auto") calls BoxCox.lambda(x, lower = -0.9) (upper 2, its default). */
const AUTO_LOWER = -0.9;
const AUTO_UPPER = 2;

/**
 * `inner` fitted and forecasting on Box-Cox transformed values, its forecasts and bounds
 * back-transformed (see the file's comment).
 *
 * @example
 * const f = boxCoxForecaster(etsForecaster({ period: 12, model: 'AZZ' }), { lambda: 0 });
 * await f.fit(airPassengers); // ETS on log(AirPassengers): R's ets(AirPassengers, lambda = 0)
 * f.describe(); // 'Box-Cox(λ=0) ETS(A,A,A)'
 * f.forecastIntervals(airPassengers, 24, [80, 95]); // R's forecast(ets(AirPassengers, lambda = 0), 24)
 * const auto = boxCoxForecaster(stlfForecaster({ periods: [24, 168] }), { lambda: 'auto', period: 168 });
 * @throws OptionError when lambda is neither 'auto' nor a number in [-1, 2], or period is not a
 *   positive integer. `fit` throws InputError when a training value is ≤ 0 and λ ≤ 0 (or λ is
 *   'auto' on a series long enough to estimate it), before the inner forecaster is fitted, and
 *   what the inner's fit throws; the forecasts throw InputError for a value ≤ 0 with λ ≤ 0 and for
 *   a point forecast outside the transform's range (λ < 0), and as every forecaster does.
 */
export function boxCoxForecaster(inner: Forecaster, options: BoxCoxForecasterOptions): BoxCoxForecaster {
  if (typeof options !== 'object' || options === null)
    throw new OptionError(`boxCoxForecaster needs options { lambda }, e.g. { lambda: 0 } (the log) or { lambda: 'auto' }.`);
  const { lambda, period = 1 } = options;
  if (lambda !== 'auto') checkLambdaRange(lambda, 'boxCoxForecaster lambda', OptionError);
  if (!Number.isInteger(period) || period < 1)
    throw new OptionError(
      `boxCoxForecaster period must be a positive integer, got ${period}: the season length Guerrero's estimate uses, e.g. 12 for monthly data.`,
    );
  return wrap(inner, lambda, period);
}

/**
 * A Box-Cox forecaster from a fitted inner forecaster and the λ it was fitted with (a saved one's).
 * @example const f = boxCoxForecasterFromFitted(fittedEts, -0.2947); // forecasts at once
 * @throws OptionError when lambda is not a number in [-1, 2].
 */
export function boxCoxForecasterFromFitted(inner: Forecaster, lambda: number): BoxCoxForecaster {
  checkLambdaRange(lambda, 'boxCoxForecaster lambda', OptionError);
  return wrap(inner, lambda, 1, lambda);
}

/**
 * Throws `Err` unless `lambda` is a finite number in [-1, 2].
 * @example checkLambdaRange(0.5, 'lambda', OptionError);
 * @throws the given error class as described.
 */
export function checkLambdaRange(lambda: unknown, what: string, Err: new (message: string) => Error): asserts lambda is number {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < LAMBDA_MIN || lambda > LAMBDA_MAX)
    throw new Err(
      `${what} must be 'auto' or a number from ${LAMBDA_MIN} to ${LAMBDA_MAX}, got ${JSON.stringify(lambda)}: e.g. 0 (the log), 0.5 (a square root) or 'auto' (Guerrero's estimate, as R).`,
    );
}

/** λ as describe() shows it: 4 significant digits. */
function showLambda(lambda: number): string {
  return String(Number(lambda.toPrecision(4)));
}

function wrap(inner: Forecaster, given: number | 'auto', period: number, fittedLambda: number | null = null): BoxCoxForecaster {
  const on = given === 0 ? 'on logs' : `on Box-Cox (λ ${given === 'auto' ? 'auto' : showLambda(given)})`;
  const name = `${inner.name} ${on}`;
  let lambda: number | null = fittedLambda ?? (given === 'auto' ? null : given);

  const fitted = (what: string): number => {
    if (lambda === null) throw new Error(`${name}: ${what} needs a fitted forecaster: call fit(train) first, to estimate lambda.`);
    return lambda;
  };
  const fix = (l: number): string =>
    `Box-Cox with λ = ${showLambda(l)}${l === 0 ? ' (the log)' : ''} needs strictly positive values: use a lambda > 0 (e.g. 0.5), or the forecaster without Box-Cox`;
  // BoxCox(values, λ) in float32 for the inner forecaster (box-cox.ts: the same formula as R's)
  const transformed = (l: number, values: ArrayLike<number>, what: string): Float32Array => {
    if (l <= 0) checkPositive(name, what, values, fix(l));
    return boxCoxTransform({ lambda: l }).transform(values);
  };
  // InvBoxCox of point forecasts: a forecast past the transform's range (z ≥ −1/λ, λ < 0) has no value
  const back = (l: number, z: ArrayLike<number>, what: string): Float32Array => {
    const out = new Float32Array(z.length);
    for (let k = 0; k < z.length; k++) {
      const x = Math.fround(invBoxCoxValue(z[k], l));
      if (!Number.isFinite(x))
        throw new InputError(
          `${name}: ${what}[${k}] is ${z[k]} on the Box-Cox scale, where the inverse (λ = ${showLambda(l)}) is ${Number.isNaN(x) ? 'undefined' : 'infinite'}: the forecast left the transform's range; use a larger lambda (e.g. 0, the log) for this series.`,
        );
      out[k] = x;
    }
    return out;
  };
  // InvBoxCox of a bound: past the range it is unbounded (R gives NA), +Infinity above, −Infinity below
  const backBound = (l: number, z: ArrayLike<number>): { out: Float32Array; beyond: number } => {
    const out = new Float32Array(z.length);
    let beyond = 0;
    for (let k = 0; k < z.length; k++) {
      const x = invBoxCoxValue(z[k], l);
      if (Number.isNaN(x)) {
        out[k] = z[k] > 0 ? Infinity : -Infinity;
        beyond++;
      } else out[k] = x; // float32: an overflow is ±Infinity, unbounded too
    }
    return { out, beyond };
  };

  const f: BoxCoxForecaster = {
    name,
    inner,
    get lambda() {
      return lambda;
    },
    get minHistory() {
      return inner.minHistory;
    },
    async fit(train: Float32Array, options: FitCallOptions = {}) {
      checkTrain(name, inner.minHistory, train);
      let l: number;
      if (given === 'auto') {
        if (train.length > 2 * period)
          checkPositive(
            name,
            'train',
            train,
            `Box-Cox with lambda 'auto' (Guerrero's estimate) needs strictly positive values: give a fixed lambda > 0 (e.g. 0.5), or use the forecaster without Box-Cox`,
          );
        l = guerreroLambda(train, { period, lower: AUTO_LOWER, upper: AUTO_UPPER });
      } else l = given;
      const z = transformed(l, train, 'train'); // checked before the inner fit allocates anything
      if (given === 'auto') lambda = null; // not fitted until the inner fit succeeds
      await inner.fit(z, options);
      lambda = l;
    },
    predictSliding(series, from) {
      checkSliding(name, inner.minHistory, series, from);
      const l = fitted('predictSliding');
      return back(l, inner.predictSliding(transformed(l, series, 'series'), from), 'one-step forecast');
    },
    forecast(history, horizon) {
      checkRecursive(name, inner.minHistory, history, horizon);
      const l = fitted('forecast');
      return back(l, inner.forecast(transformed(l, history, 'history'), horizon), 'forecast');
    },
  };

  if (typeof inner.describe === 'function') {
    const describe = inner.describe.bind(inner);
    f.describe = () => `Box-Cox(λ=${lambda === null ? 'auto' : showLambda(lambda)}) ${describe()}`;
  }
  if ('analyticalIntervals' in inner)
    Object.defineProperty(f, 'analyticalIntervals', {
      enumerable: true,
      get: () => {
        const own = inner.analyticalIntervals;
        return own ? `${own}, on Box-Cox values, back-transformed` : (own ?? null);
      },
    });
  if (typeof inner.forecastIntervals === 'function') {
    const intervals = inner.forecastIntervals.bind(inner);
    f.forecastIntervals = (history, horizon, levels): IntervalForecast => {
      checkRecursive(name, inner.minHistory, history, horizon);
      const l = fitted('forecastIntervals');
      const z = intervals(transformed(l, history, 'history'), horizon, levels);
      let beyond = 0;
      const bounds = (a: Float32Array): Float32Array => {
        const b = backBound(l, a);
        beyond += b.beyond;
        return b.out;
      };
      const mapped: PredictionInterval[] = z.intervals.map((i) => ({ level: i.level, lower: bounds(i.lower), upper: bounds(i.upper) }));
      const notes = [
        ...(z.notes ?? []),
        ...(beyond > 0
          ? [
              `${beyond} interval bound(s) lie past the Box-Cox range (λ = ${showLambda(l)}) and are unbounded (±Infinity; R gives NA): a lambda of 0 or more keeps them finite.`,
            ]
          : []),
      ];
      return { mean: back(l, z.mean, 'forecast'), intervals: mapped, ...(notes.length ? { notes } : {}) };
    };
  }
  if (typeof inner.fixedForm === 'function') {
    const fixedForm = inner.fixedForm.bind(inner);
    f.fixedForm = (): BaseForecasterSpec | null => {
      const of = lambda === null ? null : fixedForm();
      return of && { kind: 'box-cox', lambda: lambda!, of };
    };
  }
  return f;
}
