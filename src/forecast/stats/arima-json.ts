/**
 * A fitted ARIMA model as plain JSON, and back: the orders, the constant (mean or drift), R's
 * coefficients, σ² and the criteria. That is all forecasting needs: the filter runs again over
 * the history it is given. Reading checks every field, so a hand-edited or foreign file is refused
 * with one message instead of forecasting nonsense.
 *
 * Browser-safe: no Node modules.
 */
import { ModelFileError } from '../../errors.js';
import { armaCount, arimaName, type ArimaOrder } from './arima-model.js';
import type { ArimaConstant } from './arima-regression.js';
import type { ArimaForecastModel } from './arima-forecast.js';

/** The JSON of a fitted ARIMA model (version 1). */
export interface ArimaModelJSON {
  format: 'seqcast-arima';
  version: 1;
  /** R's name, e.g. 'ARIMA(0,1,1)(0,1,1)[12]'. */
  method: string;
  order: ArimaOrder;
  constant: ArimaConstant;
  /** ar, ma, sar, sma, then the intercept or drift (R's order). */
  coef: number[];
  sigma2: number;
  /** null where not finite (a constant series fits exactly). */
  loglik: number | null;
  aic: number | null;
  aicc: number | null;
  bic: number | null;
  /** The number of training values. */
  n: number;
}

/** A fitted model as forecasting and saving see it. */
export interface ArimaModel extends ArimaForecastModel {
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  n: number;
}

/**
 * What forecasting and saving keep of a fit (arima-fit.ts's ArimaFit, or any object with its
 * fields): the orders, the constant, the coefficients, σ², the criteria and n.
 * @example model = arimaModelOf(autoArima(y, 12).fit);
 * @throws never.
 */
export function arimaModelOf({ order, constant, coef, sigma2, loglik, aic, aicc, bic, n }: ArimaModel): ArimaModel {
  return { order, constant, coef, sigma2, loglik, aic, aicc, bic, n };
}

/**
 * A fitted model as JSON.
 * @example JSON.stringify(arimaModelToJSON(model));
 * @throws never.
 */
export function arimaModelToJSON(model: ArimaModel): ArimaModelJSON {
  const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    format: 'seqcast-arima',
    version: 1,
    method: arimaName(model.order, model.constant),
    order: { ...model.order },
    constant: model.constant,
    coef: Array.from(model.coef),
    sigma2: model.sigma2,
    loglik: orNull(model.loglik),
    aic: orNull(model.aic),
    aicc: orNull(model.aicc),
    bic: orNull(model.bic),
    n: model.n,
  };
}

/**
 * A fitted model from its JSON.
 * @example const model = arimaModelFromJSON(JSON.parse(text));
 * @throws ModelFileError when the JSON is not a seqcast ARIMA model of version 1, or a field is
 *   missing, of the wrong type or out of range (e.g. a coefficient count that does not fit the orders).
 */
export function arimaModelFromJSON(json: unknown): ArimaModel {
  const bad = (what: string): never => {
    throw new ModelFileError(`Not a valid seqcast ARIMA model: ${what}. Fit the model again and save its toJSON().`);
  };
  if (typeof json !== 'object' || json === null) return bad('expected a JSON object');
  const j = json as Record<string, unknown>;
  if (j.format !== 'seqcast-arima') bad(`format is ${JSON.stringify(j.format)}, expected "seqcast-arima"`);
  if (j.version !== 1) bad(`version ${JSON.stringify(j.version)} is not supported (this seqcast reads version 1)`);
  const o = j.order as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) return bad('order is missing');
  const integer = (v: unknown, what: string, min: number, max: number): number =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? (v as number)
      : bad(`${what} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  const period = integer(o.period, 'order.period', 1, 1000);
  const order: ArimaOrder = {
    p: integer(o.p, 'order.p', 0, 100),
    d: integer(o.d, 'order.d', 0, 2),
    q: integer(o.q, 'order.q', 0, 100),
    P: integer(o.P, 'order.P', 0, period > 1 ? 100 : 0),
    D: integer(o.D, 'order.D', 0, period > 1 ? 1 : 0),
    Q: integer(o.Q, 'order.Q', 0, period > 1 ? 100 : 0),
    period,
  };
  if (j.constant !== 'none' && j.constant !== 'mean' && j.constant !== 'drift')
    bad(`constant must be "none", "mean" or "drift", got ${JSON.stringify(j.constant)}`);
  const constant = j.constant as ArimaConstant;
  const finite = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : bad(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  const statistic = (v: unknown, what: string): number => (v === null ? NaN : finite(v, what));
  if (!Array.isArray(j.coef)) return bad('coef must be an array of numbers');
  const count = armaCount(order) + (constant === 'none' ? 0 : 1);
  if (j.coef.length !== count) bad(`coef has ${j.coef.length} values but ${arimaName(order, constant)} has ${count}`);
  const coef = Float64Array.from(j.coef as unknown[], (v, i) => finite(v, `coef[${i}]`));
  const sigma2 = finite(j.sigma2, 'sigma2');
  if (sigma2 < 0) bad(`sigma2 must be >= 0, got ${sigma2}`);
  return {
    order,
    constant,
    coef,
    sigma2,
    loglik: statistic(j.loglik, 'loglik'),
    aic: statistic(j.aic, 'aic'),
    aicc: statistic(j.aicc, 'aicc'),
    bic: statistic(j.bic, 'bic'),
    n: integer(j.n, 'n', 1, Number.MAX_SAFE_INTEGER),
  };
}
