/**
 * Forecasts of a fitted ARIMA model as R's `forecast(fit, h)` (`predict.Arima`): the filter runs
 * over the history (R's diffuse start over the first d + D·m values, then the ARMA filter of the
 * differences, arima-likelihood.ts), then `KalmanForecast` from the state after the last value
 * gives the means and the variances; the means get the regression terms back (μ, or δ·t at the
 * future positions t = n + 1..n + h), the variances are σ² times the state-space ones.
 *
 * `arimaOneStep` gives the filter's one-step predictions of every history value (what the
 * forecaster's predictSliding returns): E[y_t | y_0..y_{t−1}] under the model.
 *
 * The history must start where the training part started: the drift's time index counts from it.
 *
 * Browser-safe: no Node modules.
 */
import { armaCount, differencingPolynomial, difference, expandArma, type ArimaOrder } from './arima-model.js';
import { armaKalman, type KalmanState } from './arima-likelihood.js';
import { diffusePosterior, diffuseStart, kalmanForecast } from './arima-state.js';
import { regressors, type ArimaConstant } from './arima-regression.js';

/** What forecasting needs of a fitted model. */
export interface ArimaForecastModel {
  order: ArimaOrder;
  constant: ArimaConstant;
  coef: ArrayLike<number>;
  sigma2: number;
}

/** Means and variances of the forecasts. */
export interface ArimaForecastDistribution {
  mean: Float64Array;
  variance: Float64Array;
}

/**
 * The filter over `history`: the one-step predictions of each value (when asked), and the state
 * after the last value together with the history less its regression terms.
 */
function filter(
  model: ArimaForecastModel,
  history: ArrayLike<number>,
  predictions?: Float64Array,
): { state: KalmanState; x: Float64Array } {
  const o = model.order;
  const n = history.length;
  const narma = armaCount(o);
  const delta = differencingPolynomial(o.d, o.D, o.period);
  const nd = delta.length;
  const cols = regressors(model.constant, n);
  const x = Float64Array.from(history);
  cols.forEach((z, j) => {
    for (let t = 0; t < n; t++) x[t] -= model.coef[narma + j] * z[t];
  });
  const { phi, theta } = expandArma(o, model.coef);
  const start = nd > 0 && predictions ? diffuseStart(x, phi, theta, delta) : null;
  const init = start ? start.state : nd > 0 ? diffusePosterior(x, phi, theta, delta) : undefined;
  const w = difference(x, o.d, o.D, o.period);
  const predicted = predictions ? new Float64Array(w.length) : undefined;
  const state: KalmanState = { a: new Float64Array(0), P: new Float64Array(0) };
  armaKalman(w, phi, theta, { init, predicted, state });
  if (predictions) {
    // x̂_t = ŵ_t + Σ Delta_k x_{t−1−k}; the first nd from the diffuse filter
    if (start) predictions.set(start.predicted);
    for (let t = nd; t < n; t++) {
      let s = predicted![t - nd];
      for (let k = 0; k < nd; k++) s += delta[k] * x[t - 1 - k];
      predictions[t] = s;
    }
    cols.forEach((z, j) => {
      for (let t = 0; t < n; t++) predictions[t] += model.coef[narma + j] * z[t];
    });
  }
  return { state, x };
}

/**
 * The means and variances of the `horizon` values after `history`, as R's
 * `forecast(fit, h)$mean` and `predict(fit, h)$se^2`.
 * @example const { mean, variance } = arimaForecastDistribution(fit, y, 24); // 95 %: mean ∓ 1.96·sqrt(variance)
 * @throws Error when the history has no more values than the differencing takes (d + D·m).
 */
export function arimaForecastDistribution(
  model: ArimaForecastModel,
  history: ArrayLike<number>,
  horizon: number,
): ArimaForecastDistribution {
  const o = model.order;
  const nd = o.d + o.D * o.period;
  const n = history.length;
  if (n <= nd)
    throw new Error(
      `ARIMA: forecasting with d = ${o.d}, D = ${o.D} (period ${o.period}) needs more than ${nd} values of history, got ${n}: pass more of the series.`,
    );
  const { state, x } = filter(model, history);
  const { phi, theta } = expandArma(o, model.coef);
  const delta = differencingPolynomial(o.d, o.D, o.period);
  const { mean, variance } = kalmanForecast(state, phi, theta, delta, x, horizon);
  const narma = armaCount(o);
  regressors(model.constant, horizon, n).forEach((z, j) => {
    for (let h = 0; h < horizon; h++) mean[h] += model.coef[narma + j] * z[h];
  });
  for (let h = 0; h < horizon; h++) variance[h] *= model.sigma2;
  return { mean, variance };
}

/**
 * The one-step predictions of every value of `series` by the model's filter (no re-estimation):
 * element t is the prediction of series[t] from series[0..t).
 * @example arimaOneStep(fit, series).subarray(from); // predictSliding's values
 * @throws never (for a fitted model).
 */
export function arimaOneStep(model: ArimaForecastModel, series: ArrayLike<number>): Float64Array {
  const out = new Float64Array(series.length);
  filter(model, series, out);
  return out;
}
