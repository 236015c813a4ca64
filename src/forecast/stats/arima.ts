/**
 * ARIMA as a {@link Forecaster}, fitted as R's `forecast::Arima` for given orders, or chosen as
 * `forecast::auto.arima`:
 *
 *   fit(train):              fitArima (arima-fit.ts, CSS then exact maximum likelihood) for the
 *                            orders given, else autoArima (auto-arima.ts)
 *   predictSliding(s, from): the fitted model's Kalman filter over s from its first value (no
 *                            re-estimation): element k is the one-step prediction of s[from + k]
 *   forecast(history, h):    the filter over history, then R's forecast means (arima-forecast.ts)
 *   forecastDistribution(history, h): the means and R's analytical variances (predict.Arima)
 *   forecastIntervals(history, h, levels): mean ∓ z·sd with z = Φ⁻¹((1 + L/100) / 2), as
 *                            forecast(fit, h, level)
 *
 * A drift's time index counts from the first training value, so `series` and `history` must start
 * where the training part started (as every backtest fold's series does).
 *
 * Browser-safe: no Node modules.
 */
import { OptionError } from '../../errors.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type Forecaster, type IntervalForecast } from '../forecaster.js';
import { checkLevels, normalIntervals } from '../intervals.js';
import { arimaName, type ArimaOrder } from './arima-model.js';
import { fitArima } from './arima-fit.js';
import { autoArima } from './auto-arima.js';
import { arimaForecastDistribution, arimaOneStep, type ArimaForecastDistribution } from './arima-forecast.js';
import { arimaModelFromJSON, arimaModelOf, arimaModelToJSON, type ArimaModel, type ArimaModelJSON } from './arima-json.js';
import type { ArimaConstant } from './arima-regression.js';

/** Options of {@link arimaForecaster}. */
export interface ArimaOptions {
  /** The season length (12 for monthly data, 4 for quarterly); 1, the default, for none. */
  period?: number;
  /** Fixed non-seasonal orders [p, d, q]; default: auto.arima's choice of every order. */
  order?: [number, number, number] | null;
  /** Fixed seasonal orders [P, D, Q] (with `order`; default [0, 0, 0]); needs period > 1 when not all 0. */
  seasonal?: [number, number, number] | null;
  /** With `order`: a drift (a slope on time), R's include.drift; needs d + D = 1. Default false. */
  drift?: boolean;
  /** With `order`: a mean when d + D = 0, R's include.mean. Default true. */
  mean?: boolean;
  /** A fitted model to start from (from `toJSON().fitted`): the forecaster then forecasts without `fit`. */
  fitted?: ArimaModelJSON | null;
}

/** The settings and fitted model of an ARIMA forecaster as JSON: a `{ kind: 'arima' }` forecaster spec. */
export interface ArimaForecasterJSON {
  kind: 'arima';
  period: number;
  order: [number, number, number] | null;
  seasonal: [number, number, number] | null;
  drift: boolean;
  mean: boolean;
  fitted: ArimaModelJSON | null;
}

/** An ARIMA forecaster: a {@link Forecaster} that also shows the model it fitted. */
export interface ArimaForecaster extends Forecaster {
  /** The fitted model (orders, constant, coefficients, σ², AICc); null before `fit`. */
  readonly model: ArimaModel | null;
  /** R's name of the fitted model, e.g. 'ARIMA(0,1,1)(0,1,1)[12]' or 'ARIMA(2,1,0) with drift'; 'ARIMA (not fitted)' before `fit`. */
  describe(): string;
  /** The forecast means (float64) and R's analytical variances of the `horizon` values after `history`. Throws as `forecast` does. */
  forecastDistribution(history: Float32Array, horizon: number): ArimaForecastDistribution;
  /** The `forecast` values and R's prediction intervals at `levels` (percent), as `forecast(fit, h, level = levels)`. */
  forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
  /** The settings and the fitted model as JSON; `arimaForecaster(json)` or `makeForecaster(json)` restores it. */
  toJSON(): ArimaForecasterJSON;
}

/** Largest orders accepted (R has no limit; these keep the state small and the fit fast). */
const MAX_PQ = 20;
const MAX_SEASONAL_PQ = 5;
const MAX_PERIOD = 1000;

/**
 * An ARIMA forecaster, fitted as R's `forecast::Arima` (given orders) or chosen as `auto.arima`.
 *
 * @example
 * const arima = arimaForecaster({ period: 12 }); // auto.arima's choice
 * await arima.fit(train);
 * arima.describe(); // e.g. 'ARIMA(0,1,1)(0,1,1)[12]'
 * const next24 = arima.forecast(series, 24); // series starts where train started
 * const { intervals } = arima.forecastIntervals(series, 24, [80, 95]); // R's bounds
 * const airline = arimaForecaster({ period: 12, order: [0, 1, 1], seasonal: [0, 1, 1] });
 * @throws OptionError for a bad period, order, seasonal order, or drift with d + D > 1 (and for
 *   drift or mean without `order`); ModelFileError for an invalid `fitted`. `fit` throws when the
 *   training part is shorter than minHistory (d + D·m + 1 values; for the automatic choice 3 + m)
 *   or holds NaN, and TrainingError when the model cannot be estimated (e.g. R's "non-stationary
 *   AR part from CSS") or auto.arima finds no suitable model.
 */
export function arimaForecaster(options: ArimaOptions = {}): ArimaForecaster {
  const period = options.period ?? 1;
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD)
    throw new OptionError(
      `arima period must be an integer from 1 to ${MAX_PERIOD}, got ${period}: use the season length, e.g. 12 for monthly data, 1 for none.`,
    );
  const order = options.order ?? null;
  const seasonal = options.seasonal ?? null;
  const drift = options.drift ?? false;
  const mean = options.mean ?? true;
  const triple = (v: unknown, what: string, max: [number, number, number]): [number, number, number] => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x, i) => Number.isInteger(x) && x >= 0 && x <= max[i]))
      throw new OptionError(
        `arima ${what} must be three integers from 0 to [${max.join(', ')}], got ${JSON.stringify(v)}: e.g. [0, 1, 1].`,
      );
    return v as [number, number, number];
  };
  let fixedOrder: ArimaOrder | null = null;
  let constant: ArimaConstant = 'none';
  if (order) {
    const [p, d, q] = triple(order, 'order [p, d, q]', [MAX_PQ, 2, MAX_PQ]);
    const [P, D, Q] = seasonal ? triple(seasonal, 'seasonal [P, D, Q]', [MAX_SEASONAL_PQ, 1, MAX_SEASONAL_PQ]) : [0, 0, 0];
    if (P + D + Q > 0 && period < 2)
      throw new OptionError(
        `arima seasonal [${P}, ${D}, ${Q}] needs a period of 2 or more, got ${period}: pass the season length as period.`,
      );
    if (drift && d + D > 1)
      throw new OptionError(
        `arima drift needs d + D <= 1 (R fits no drift with 2 or more differences), got d = ${d}, D = ${D}: drop drift or a difference.`,
      );
    if (drift && d + D === 0)
      throw new OptionError(
        'arima drift with d = D = 0 needs a mean beside it (R fits both, a regression on two columns), which seqcast does not fit: difference once (d = 1) or drop drift.',
      );
    fixedOrder = { p, d, q, P, D, Q, period };
    constant = drift ? 'drift' : mean && d + D === 0 ? 'mean' : 'none';
  } else {
    if (seasonal)
      throw new OptionError('arima seasonal needs order as well: pass order [p, d, q] with it, or neither for the automatic choice.');
    if (drift || !mean)
      throw new OptionError(
        'arima drift and mean apply to fixed orders: pass order [p, d, q] with them, or neither (auto.arima chooses the constant).',
      );
  }
  const name = fixedOrder ? `arima (${arimaName(fixedOrder, constant)})` : period > 1 ? `arima (${period})` : 'arima';
  // the fewest values that leave one difference: d + D·m + 1 (for the automatic choice, the most it may take)
  const minHistory = fixedOrder ? fixedOrder.d + fixedOrder.D * period + 1 : 2 + (period > 1 ? period : 0) + 1;
  let model: ArimaModel | null = options.fitted ? arimaModelFromJSON(options.fitted) : null;
  if (model && model.order.period !== period && model.order.P + model.order.D + model.order.Q > 0)
    throw new OptionError(
      `arima: the fitted model has a season of ${model.order.period} but period is ${period}: pass the period it was fitted with.`,
    );

  const fitted = (what: string): ArimaModel => {
    if (!model) throw new Error(`${name}: ${what} needs a fitted model: call fit(train) first, or pass a saved one as { fitted }.`);
    return model;
  };
  const checkLength = (m: ArimaModel, values: ArrayLike<number>, what: string): void => {
    const nd = m.order.d + m.order.D * m.order.period;
    if (values.length <= nd)
      throw new Error(
        `${name}: ${what} needs more than ${nd} values for ${arimaName(m.order, m.constant)}, got ${values.length}: pass more of the series.`,
      );
  };

  return {
    name,
    minHistory,
    get model() {
      return model;
    },
    analyticalIntervals: "ARIMA analytical (as R's forecast.Arima)",
    describe() {
      return model ? arimaName(model.order, model.constant) : 'ARIMA (not fitted)';
    },
    fixedForm() {
      if (!model) return null;
      const { p, d, q, P, D, Q } = model.order;
      // a constant is a mean when there is no difference, a drift after one (R's include.mean / include.drift)
      return {
        kind: 'arima',
        period,
        order: [p, d, q],
        seasonal: [P, D, Q],
        drift: model.constant === 'drift',
        mean: model.constant === 'mean',
      };
    },
    async fit(train: Float32Array, { signal }: FitCallOptions = {}) {
      checkTrain(name, minHistory, train);
      signal?.throwIfAborted();
      const y = Float64Array.from(train);
      // a forecaster reads no coefficient variances: its fixed-order fit skips the Hessian
      const fit = fixedOrder ? fitArima(y, fixedOrder, constant, { variances: false }) : autoArima(y, period).fit;
      model = arimaModelOf(fit);
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      const m = fitted('predictSliding');
      return Float32Array.from(arimaOneStep(m, series).subarray(from));
    },
    forecast(history, horizon) {
      return Float32Array.from(this.forecastDistribution(history, horizon).mean);
    },
    forecastDistribution(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      const m = fitted('forecast');
      checkLength(m, history, 'forecast');
      return arimaForecastDistribution(m, history, horizon);
    },
    forecastIntervals(history, horizon, levels) {
      checkLevels(levels, name);
      const { mean: means, variance } = this.forecastDistribution(history, horizon);
      return normalIntervals(means, variance, levels);
    },
    toJSON() {
      return { kind: 'arima', period, order, seasonal, drift, mean, fitted: model ? arimaModelToJSON(model) : null };
    },
  };
}
