/**
 * Estimating ETS models as R's `forecast::ets` (8.20) does, and choosing among them.
 *
 * One form ({@link fitEtsForm}): the states start from R's heuristic (ets-init.ts), the smoothing
 * parameters from R's defaults (α = 1e-4 + 0.2·(0.9999 − 1e-4)/m, β a tenth of the way to α, γ 5 %
 * of the way to 1 − α, φ = 0.9782); then the Nelder–Mead simplex (optimize.ts, up to 2,000
 * evaluations, R's settings) minimises the likelihood criterion over the parameters and the initial
 * states together, with a point outside R's usual bounds or not admissible scored as +∞.
 *
 * Many forms ({@link fitEts}): every candidate the model string allows (error A or M, trend N, A or
 * Ad, season N, A or M), less R's restricted combinations (additive error with multiplicative season)
 * and multiplicative errors or seasons on data that is not all positive; the lowest AICc wins, the
 * first in R's order on a tie. Too few values for a candidate's parameters rule it out; very short
 * series fall back to Holt–Winters fits on the sum of squares, as R does (ets-small.ts).
 *
 * Browser-safe: no Node modules.
 */
import { InputError, OptionError, TrainingError } from '../../errors.js';
import { initialStates } from './ets-init.js';
import {
  ETS_BOUNDS,
  admissible,
  etsFilter,
  etsStateCount,
  fittedModel,
  withinUsualBounds,
  type EtsModel,
  type EtsErrorType,
  type EtsForm,
  type EtsParams,
  type EtsSeasonType,
  type EtsTrendType,
} from './ets-model.js';
import { minimize } from './optimize.js';
import { fitSmall } from './ets-small.js';

/** What {@link fitEts} fits: a model string and the damping and season settings. */
export interface EtsSpec {
  /** Three letters error/trend/season from A, M, N, Z (Z: choose), with d after a damped trend: 'ZZZ', 'AAdN', 'MNM'. */
  model: string;
  /** true: only damped trends; false: no damping; null: as the model string says ('Ad' damped, 'A' not, 'Z' both). */
  damped: boolean | null;
  /** Season length (1: none). */
  period: number;
}

interface ParsedSpec {
  errors: EtsErrorType[];
  trends: EtsTrendType[];
  seasons: EtsSeasonType[];
  damping: boolean[];
  /** The trend and season letters asked for (N, A, M or Z). */
  trendLetter: string;
  seasonLetter: string;
  /** Damping asked for: true, false, or null (choose). */
  damped: boolean | null;
}

const MODEL_PATTERN = /^([AMZ])([NAMZ])(d?)([NAMZ])$/;

/** The longest season ETS models, as R's `ets` (a longer one gets no seasonal form). */
export const MAX_ETS_SEASON = 24;

/**
 * Checks a model string and the options against each other and the period, as R's `ets` does.
 * @example checkEtsSpec({ model: 'MAdM', damped: null, period: 12 });
 * @throws OptionError for a malformed string, a multiplicative trend (not supported), a forbidden
 *   combination (additive error with multiplicative season; damping without trend), a season with
 *   period 1, or an A/M season with a period above 24.
 */
export function checkEtsSpec(spec: EtsSpec): void {
  parseSpec(spec);
}

function parseSpec({ model, damped, period }: EtsSpec): ParsedSpec {
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(`ets period must be a positive integer, got ${period}: use the season length, e.g. 12 for monthly data, or 1.`);
  }
  const match = MODEL_PATTERN.exec(model);
  if (!match) {
    throw new OptionError(
      `ets model must be three letters error/trend/season (error A, M or Z; trend N, A, Ad or Z; season N, A, M or Z), got '${model}': e.g. 'ZZZ' (choose), 'AAdN' or 'MAM'.`,
    );
  }
  const [, e, t, d, s] = match;
  if (t === 'M')
    throw new OptionError(
      `ets model '${model}': multiplicative trends are not supported (R excludes them by default): use trend A, Ad, N or Z.`,
    );
  if (d && t !== 'A') throw new OptionError(`ets model '${model}': only an additive trend can be damped: write e.g. 'AAdN'.`);
  if (d && damped === false) throw new OptionError(`ets model '${model}' is damped but damped is false: drop one of them.`);
  if (damped === true && t === 'N')
    throw new OptionError(`ets model '${model}' has no trend to damp: use trend A or Z, or leave damped unset.`);
  if (e === 'A' && s === 'M')
    throw new OptionError(
      `ets model '${model}': an additive error with a multiplicative season is unstable and excluded, as in R: use 'M${t}${d}M' or '${e}${t}${d}A'.`,
    );
  if ((s === 'A' || s === 'M') && period === 1) {
    throw new OptionError(
      `ets model '${model}' has a season but period is 1: give the season length (e.g. period 12), or use season N or Z.`,
    );
  }
  if ((s === 'A' || s === 'M') && period > MAX_ETS_SEASON) {
    throw new OptionError(
      `ets model '${model}': seasons longer than ${MAX_ETS_SEASON} (period ${period}) are not supported, as in R: use season N, or model the season otherwise.`,
    );
  }
  const dampedFlag = d ? true : damped;
  return {
    errors: e === 'Z' ? ['A', 'M'] : [e as EtsErrorType],
    trends: t === 'Z' ? ['N', 'A'] : [t as EtsTrendType],
    seasons: s === 'Z' ? (period > 1 && period <= MAX_ETS_SEASON ? ['N', 'A', 'M'] : ['N']) : [s as EtsSeasonType],
    damping: dampedFlag === null ? (t === 'A' ? [false] : [true, false]) : [dampedFlag],
    trendLetter: t,
    seasonLetter: s === 'Z' && !(period > 1 && period <= MAX_ETS_SEASON) ? 'N' : s, // R: no season to choose for period 1 or above 24
    damped: dampedFlag === null && t === 'A' ? false : dampedFlag,
  };
}

/**
 * Fits the ETS model(s) a spec allows to `y` and returns the one with the lowest AICc, as R's
 * `ets(y, model, damped)` does (see the file comment for the rules).
 *
 * @example
 * const model = fitEts(airPassengers, { model: 'ZZZ', damped: null, period: 12 });
 * etsFormName(model.form); // 'ETS(M,Ad,M)'
 * @throws OptionError as {@link checkEtsSpec}; InputError when y is empty or holds a non-finite
 *   value, or a multiplicative model is asked of data that is not all positive; TrainingError when
 *   no candidate can be fitted (too few values for every one).
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec): EtsModel {
  const parsed = parseSpec(spec);
  const values = Float64Array.from(y);
  const n = values.length;
  if (n === 0) throw new InputError('ets needs at least one value to fit.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new InputError(`ets: value ${i} is ${values[i]}; fill or drop missing values before fitting.`);
  }
  if (spec.model === 'ZZZ' && spec.damped === null && values.every((v) => v === values[0])) return constantModel(values);

  let m = spec.period;
  let seasons = parsed.seasons;
  let seasonLetter = parsed.seasonLetter;
  if (n <= m) {
    seasons = ['N']; // R: a season needs more values than its length
    seasonLetter = 'N';
  }
  if (seasons.every((s) => s === 'N')) m = 1;
  const positive = values.every((v) => v > 0);
  if (!positive && (parsed.errors.every((e) => e === 'M') || seasons.every((s) => s === 'M'))) {
    throw new InputError(
      `ets model '${spec.model}' is multiplicative, which needs positive data, but the series has values <= 0: use an additive model (error and season A).`,
    );
  }

  // R's rule for series too short to estimate the states: Holt–Winters on the sum of squares. R
  // counts the parameters of the letters asked for (a Z counts as none)
  const seasonal = seasonLetter === 'A' || seasonLetter === 'M';
  const count = 2 + (parsed.trendLetter === 'A' ? 2 : 0) + (seasonal ? m : 0) + (parsed.damped ? 1 : 0);
  if (n <= count + 4) return fitSmall(values, spec.period, parsed.trendLetter, seasonLetter);

  let best: EtsModel | null = null;
  for (const error of parsed.errors) {
    for (const trend of parsed.trends) {
      for (const season of seasons) {
        for (const damped of parsed.damping) {
          if (trend === 'N' && damped) continue;
          if (error === 'A' && season === 'M') continue;
          if (!positive && (error === 'M' || season === 'M')) continue;
          const fit = fitEtsForm(values, { error, trend, damped, season }, m);
          if (fit && !Number.isNaN(fit.aicc) && (best === null || fit.aicc < best.aicc)) best = fit;
        }
      }
    }
  }
  if (!best) {
    throw new TrainingError(
      `ets could not fit model '${spec.model}' to ${n} values: every candidate has too many parameters for them, or a likelihood that cannot be evaluated; use a longer series or a simpler model.`,
    );
  }
  return best;
}

/**
 * Fits one form by maximum likelihood, as R's `etsmodel`; null when the series is too short for its
 * parameters (R gives such a candidate an infinite AIC) or the start cannot be evaluated.
 *
 * @example fitEtsForm(y, { error: 'M', trend: 'A', damped: true, season: 'M' }, 12)?.aicc;
 * @throws InputError when a seasonal form is asked of fewer than 4 values.
 */
export function fitEtsForm(y: Float64Array, form: EtsForm, m: number): EtsModel | null {
  const period = form.season === 'N' ? 1 : m;
  const n = y.length;
  const start = startingParams(form, period);
  const states = initialStates(y, period, form.trend, form.season);
  const par = Float64Array.from([...start, ...states]);
  if (par.length >= n - 1) return null;

  const nParams = start.length;
  const nState = etsStateCount(form, period);
  const x0 = new Float64Array(nState);
  const ring = new Float64Array(period);
  const params: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const objective = (p: Float64Array): number => {
    unpack(form, p, params);
    if (!withinUsualBounds(form, params) || !admissible(form, period, params)) return Infinity;
    if (!statesFrom(form, period, p, nParams, x0)) return Infinity;
    const lik = etsFilter(y, n, form, period, params, x0, undefined, ring);
    if (Number.isNaN(lik)) return Infinity;
    return lik < -1e10 ? -1e10 : lik; // R: "avoid perfect fits"
  };
  if (!Number.isFinite(objective(par))) return null;
  const { x } = minimize(objective, par, { maxIter: 2000 });

  unpack(form, x, params);
  statesFrom(form, period, x, nParams, x0);
  return fittedModel(y, form, period, { ...params }, x0, x.length, 'likelihood');
}

/** R's `initparam`: the smoothing parameters' starting values, in the order α, β, γ, φ (those the form has). */
function startingParams(form: EtsForm, m: number): number[] {
  const { lower, upper } = ETS_BOUNDS;
  let alpha = lower.alpha + (0.2 * (upper.alpha - lower.alpha)) / m;
  if (alpha > 1 || alpha < 0) alpha = lower.alpha + 2e-3;
  const out = [alpha];
  if (form.trend !== 'N') {
    const top = Math.min(upper.beta, alpha);
    let beta = lower.beta + 0.1 * (top - lower.beta);
    if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
    out.push(beta);
  }
  if (form.season !== 'N') {
    const top = Math.min(upper.gamma, 1 - alpha);
    let gamma = lower.gamma + 0.05 * (top - lower.gamma);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
    out.push(gamma);
  }
  if (form.damped) {
    let phi = lower.phi + 0.99 * (upper.phi - lower.phi);
    if (phi < 0 || phi > 1) phi = upper.phi - 1e-3;
    out.push(phi);
  }
  return out;
}

/** Reads α, β, γ, φ (those the form has) from the front of p. */
function unpack(form: EtsForm, p: ArrayLike<number>, into: EtsParams): void {
  let j = 0;
  into.alpha = p[j++];
  into.beta = form.trend !== 'N' ? p[j++] : 0;
  into.gamma = form.season !== 'N' ? p[j++] : 0;
  into.phi = form.damped ? p[j++] : 1;
}

/**
 * The full initial states (l, b, s1..sm) from the optimised ones p[from..] = (l, b, s1..s(m−1)):
 * the last seasonal state makes them sum to 0 (additive) or m (multiplicative). False when a
 * multiplicative season would have a negative index.
 */
function statesFrom(form: EtsForm, m: number, p: ArrayLike<number>, from: number, x0: Float64Array): boolean {
  const free = x0.length - (form.season !== 'N' ? 1 : 0);
  for (let i = 0; i < free; i++) x0[i] = p[from + i];
  if (form.season === 'N') return true;
  const first = form.trend !== 'N' ? 2 : 1;
  let sum = 0;
  for (let i = first; i < free; i++) sum += x0[i];
  x0[free] = (form.season === 'M' ? m : 0) - sum;
  if (form.season === 'M') {
    for (let i = first; i <= free; i++) if (x0[i] < 0) return false;
  }
  return true;
}

/** R's answer for a constant series: simple exponential smoothing with α = 0.99999 from the first value. */
function constantModel(y: Float64Array): EtsModel {
  const form: EtsForm = { error: 'A', trend: 'N', damped: false, season: 'N' };
  const model = fittedModel(y, form, 1, { alpha: 0.99999, beta: 0, gamma: 0, phi: 1 }, Float64Array.of(y[0]), 1, 'holt-winters');
  return { ...model, sigma2: 0, loglik: NaN, aic: NaN, aicc: NaN, bic: NaN };
}
