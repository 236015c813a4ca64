/**
 * The regression part of R's "regression with ARIMA errors" as seqcast uses it: a mean (intercept,
 * when d + D = 0) or a drift (a slope on the time index 1..n, when d + D = 1), and the least
 * squares start R's `arima` takes for their coefficients (`lm` on the differenced series and
 * differenced regressors, with 10 standard errors as the optimizer's scale).
 *
 * Browser-safe: no Node modules.
 */
import { difference, type ArimaOrder } from './arima-model.js';

/** Which regression term the model carries. */
export type ArimaConstant = 'none' | 'mean' | 'drift';

/**
 * The regressor columns at positions `from + 1 .. from + n` (R's drift is 1..n over the training
 * part): none, [1] for a mean, [t] for a drift.
 * @example regressors('drift', 3, 0); // [Float64Array [1, 2, 3]]
 * @throws never.
 */
export function regressors(constant: ArimaConstant, n: number, from = 0): Float64Array[] {
  if (constant === 'mean') return [new Float64Array(n).fill(1)];
  if (constant === 'drift') return [Float64Array.from({ length: n }, (_, i) => from + i + 1)];
  return [];
}

/**
 * R's start for the regression coefficients: least squares of the differenced series on the
 * differenced regressors (`lm(dx ~ dxreg - 1)`), and each coefficient's standard error.
 * @example regressionStart(y, order, 'drift'); // { coef: [mean(diff(y))], se: [sd(diff(y)) / sqrt(n − 1)] }
 * @throws never (NaN standard errors when too few values).
 */
export function regressionStart(
  y: ArrayLike<number>,
  order: ArimaOrder,
  constant: ArimaConstant,
): { coef: Float64Array; se: Float64Array } {
  const cols = regressors(constant, y.length);
  if (cols.length === 0) return { coef: new Float64Array(0), se: new Float64Array(0) };
  // one column in seqcast: the least squares slope through the origin
  let dx = difference(y, order.d, order.D, order.period);
  let dz = difference(cols[0], order.d, order.D, order.period);
  let zz = 0;
  for (let i = 0; i < dz.length; i++) zz += dz[i] * dz[i];
  if (!(dx.length > 1) || zz === 0) {
    // R refits on the undifferenced values when the differenced regressor is all zeros
    dx = Float64Array.from(y as ArrayLike<number>);
    dz = cols[0];
    zz = 0;
    for (let i = 0; i < dz.length; i++) zz += dz[i] * dz[i];
  }
  let zy = 0;
  for (let i = 0; i < dx.length; i++) zy += dz[i] * dx[i];
  const b = zy / zz;
  let rss = 0;
  for (let i = 0; i < dx.length; i++) rss += (dx[i] - b * dz[i]) ** 2;
  const se = Math.sqrt(rss / (dx.length - 1) / zz);
  return { coef: Float64Array.of(b), se: Float64Array.of(se) };
}
