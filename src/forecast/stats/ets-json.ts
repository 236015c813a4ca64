/**
 * A fitted ETS model as plain JSON, and back: what a saved run, a worker thread or the analytical
 * prediction intervals need (the form, the season length, the parameters, the initial states and
 * σ², the variance of the one-step errors). Reading checks every field, so a hand-edited or
 * foreign file is refused with one message instead of forecasting nonsense.
 *
 * Browser-safe: no Node modules.
 */
import { ModelFileError } from '../../errors.js';
import { etsFormName, etsStateCount, type EtsForm, type EtsModel } from './ets-model.js';

/** The JSON of a fitted ETS model (version 1). */
export interface EtsModelJSON {
  format: 'seqcast-ets';
  version: 1;
  /** R's name of the form, e.g. 'ETS(M,Ad,M)'. */
  method: string;
  form: EtsForm;
  /** The season length of the seasonal states (1 without a season). */
  period: number;
  /** The smoothing parameters (β 0 without a trend, γ 0 without a season, φ 1 without damping). */
  params: { alpha: number; beta: number; gamma: number; phi: number };
  /** The states before the first training value: (l, b, s1..sm), s1 the most recent. */
  initialState: number[];
  /** The states after the last training value, same order. */
  finalState: number[];
  /** The number of training values. */
  n: number;
  nParams: number;
  sigma2: number;
  /** null where R has none (a Holt–Winters fallback). */
  loglik: number | null;
  aic: number | null;
  aicc: number | null;
  bic: number | null;
  estimation: 'likelihood' | 'holt-winters';
}

/**
 * A fitted model as JSON.
 * @example JSON.stringify(etsModelToJSON(model));
 * @throws never.
 */
export function etsModelToJSON(model: EtsModel): EtsModelJSON {
  const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    format: 'seqcast-ets',
    version: 1,
    method: etsFormName(model.form),
    form: { ...model.form },
    period: model.period,
    params: { ...model.params },
    initialState: Array.from(model.initialState),
    finalState: Array.from(model.finalState),
    n: model.n,
    nParams: model.nParams,
    sigma2: model.sigma2,
    loglik: orNull(model.loglik),
    aic: orNull(model.aic),
    aicc: orNull(model.aicc),
    bic: orNull(model.bic),
    estimation: model.estimation,
  };
}

/**
 * A fitted model from its JSON.
 *
 * @example const model = etsModelFromJSON(JSON.parse(text));
 * @throws ModelFileError when the JSON is not a seqcast ETS model of version 1, or a field is
 *   missing, of the wrong type or out of range (e.g. a state count that does not fit the form).
 */
export function etsModelFromJSON(json: unknown): EtsModel {
  const bad = (what: string): never => {
    throw new ModelFileError(`Not a valid seqcast ETS model: ${what}. Fit the model again and save its toJSON().`);
  };
  if (typeof json !== 'object' || json === null) return bad('expected a JSON object');
  const j = json as Record<string, unknown>;
  if (j.format !== 'seqcast-ets') bad(`format is ${JSON.stringify(j.format)}, expected "seqcast-ets"`);
  if (j.version !== 1) bad(`version ${JSON.stringify(j.version)} is not supported (this seqcast reads version 1)`);
  const form = j.form as Record<string, unknown> | undefined;
  if (typeof form !== 'object' || form === null) return bad('form is missing');
  if (form.error !== 'A' && form.error !== 'M') bad(`form.error must be "A" or "M", got ${JSON.stringify(form.error)}`);
  if (form.trend !== 'N' && form.trend !== 'A') bad(`form.trend must be "N" or "A", got ${JSON.stringify(form.trend)}`);
  if (form.season !== 'N' && form.season !== 'A' && form.season !== 'M')
    bad(`form.season must be "N", "A" or "M", got ${JSON.stringify(form.season)}`);
  if (typeof form.damped !== 'boolean' || (form.damped && form.trend !== 'A'))
    bad('form.damped must be a boolean, true only with trend "A"');
  const etsForm: EtsForm = {
    error: form.error as EtsForm['error'],
    trend: form.trend as EtsForm['trend'],
    damped: form.damped as boolean,
    season: form.season as EtsForm['season'],
  };
  const integer = (v: unknown, what: string, min: number): number =>
    Number.isInteger(v) && (v as number) >= min ? (v as number) : bad(`${what} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  const finite = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : bad(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  const statistic = (v: unknown, what: string): number => (v === null ? NaN : finite(v, what));
  const period = integer(j.period, 'period', 1);
  if (etsForm.season === 'N' ? period !== 1 : period < 2 || period > 24)
    bad(`period ${period} does not fit season "${etsForm.season}" (1 without a season, 2 to 24 with one)`);
  const p = j.params as Record<string, unknown> | undefined;
  if (typeof p !== 'object' || p === null) return bad('params is missing');
  const params = {
    alpha: finite(p.alpha, 'params.alpha'),
    beta: finite(p.beta, 'params.beta'),
    gamma: finite(p.gamma, 'params.gamma'),
    phi: finite(p.phi, 'params.phi'),
  };
  const count = etsStateCount(etsForm, period);
  const states = (v: unknown, what: string): Float64Array => {
    if (!Array.isArray(v)) return bad(`${what} must be an array of numbers`);
    if (v.length !== count) bad(`${what} has ${v.length} values but ${etsFormName(etsForm)} with period ${period} has ${count} states`);
    return Float64Array.from(v, (x, i) => finite(x, `${what}[${i}]`));
  };
  const n = integer(j.n, 'n', 1);
  const sigma2 = finite(j.sigma2, 'sigma2');
  if (sigma2 < 0) bad(`sigma2 must be >= 0, got ${sigma2}`);
  if (j.estimation !== 'likelihood' && j.estimation !== 'holt-winters')
    bad(`estimation must be "likelihood" or "holt-winters", got ${JSON.stringify(j.estimation)}`);
  return {
    form: etsForm,
    period,
    params,
    initialState: states(j.initialState, 'initialState'),
    finalState: states(j.finalState, 'finalState'),
    n,
    nParams: integer(j.nParams, 'nParams', 1),
    sigma2,
    loglik: statistic(j.loglik, 'loglik'),
    aic: statistic(j.aic, 'aic'),
    aicc: statistic(j.aicc, 'aicc'),
    bic: statistic(j.bic, 'bic'),
    estimation: j.estimation as EtsModel['estimation'],
  };
}
