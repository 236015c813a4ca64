/**
 * The exponential smoothing state-space models of Hyndman, Koehler, Ord & Snyder ("Forecasting with
 * Exponential Smoothing: The State Space Approach", 2008), in the taxonomy ETS(error, trend, season):
 * error A (additive) or M (multiplicative), trend N (none), A (additive) or Ad (damped additive),
 * season N, A or M. This file holds the recursions: the filter that runs a model over a series
 * (one-step forecasts, errors, the likelihood criterion, the states after the last value), the
 * point forecasts past the end, and the parameter checks (R's usual bounds and admissibility).
 *
 * States, as in R's `forecast` package: x = (l, b, s1, ..., sm), the level, the slope (when there is
 * a trend) and the last m seasonal states with s1 the most recent; sm is the one the next value uses.
 *
 * The recursions, with q = l (trend N) or l + φb (trend A), p = y, y − sm or y / sm (season N, A, M):
 *   one-step forecast  ŷ = q, q + sm or q·sm
 *   error              e = y − ŷ (error A) or (y − ŷ) / ŷ (error M)
 *   level              l' = q + α (p − q)
 *   slope              b' = φb + (β/α) (l' − l − φb)
 *   season             s1' = sm + γ (t − sm), t = y − q (A) or y / q (M); the others move down one
 * The updates in terms of y are the same for both error types: the error type only changes the
 * likelihood. The criterion R minimises (its "lik", −2 log-likelihood up to a constant) is
 *   n·log(Σ e²)            for additive errors,
 *   n·log(Σ e²) + 2 Σ log|ŷ|  for multiplicative errors.
 *
 * Browser-safe: no Node modules.
 */

/** The error component: additive or multiplicative. */
export type EtsErrorType = 'A' | 'M';
/** The trend component: none or additive (damped or not, see {@link EtsForm.damped}). */
export type EtsTrendType = 'N' | 'A';
/** The seasonal component: none, additive or multiplicative. */
export type EtsSeasonType = 'N' | 'A' | 'M';

/** One model form, e.g. ETS(M,Ad,M) = { error: 'M', trend: 'A', damped: true, season: 'M' }. */
export interface EtsForm {
  error: EtsErrorType;
  trend: EtsTrendType;
  /** Damped trend (φ < 1); only with trend 'A'. */
  damped: boolean;
  season: EtsSeasonType;
}

/** Smoothing parameters; beta is 0 without a trend, gamma 0 without a season, phi 1 without damping. */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** R's default bounds: 1e-4 ≤ α, β, γ ≤ 0.9999 and 0.8 ≤ φ ≤ 0.98, with β ≤ α and γ ≤ 1 − α. */
export const ETS_BOUNDS = {
  lower: { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 },
  upper: { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 },
} as const;

/** Guards of R's recursions against division by (almost) zero. */
const TOL = 1e-10;
const HUGE = 1e10;

/**
 * The name of a form as R prints it.
 * @example etsFormName({ error: 'M', trend: 'A', damped: true, season: 'M' }); // 'ETS(M,Ad,M)'
 * @throws never.
 */
export function etsFormName(form: EtsForm): string {
  return `ETS(${form.error},${form.trend}${form.damped ? 'd' : ''},${form.season})`;
}

/**
 * How many states a form has for a season of `m`: the level, the slope, m seasonal states.
 * @example etsStateCount({ error: 'A', trend: 'A', damped: false, season: 'A' }, 4); // 6
 * @throws never.
 */
export function etsStateCount(form: EtsForm, m: number): number {
  return 1 + (form.trend !== 'N' ? 1 : 0) + (form.season !== 'N' ? m : 0);
}

/** Buffers {@link etsFilter} can fill besides returning the criterion; each may be omitted. */
export interface EtsFilterOutput {
  /** (n) the one-step forecasts ŷ[t]. */
  fitted?: Float64Array;
  /** (n) the errors e[t]: y − ŷ (error A) or (y − ŷ)/ŷ (error M). */
  errors?: Float64Array;
  /** (states) the states after the last value, in the order (l, b, s1..sm). */
  finalState?: Float64Array;
  /** Σ e², set when given. */
  sse?: number;
}

/**
 * Runs a model over y[0..n) from the initial states `x0` (l, b, s1..sm) and returns R's likelihood
 * criterion n·log(Σe²) (+ 2Σlog|ŷ| for multiplicative errors); NaN when the recursion breaks down.
 * The one-step forecasts, errors and final states go into `out` when asked for.
 *
 * This is the inner loop of estimation (thousands of calls per fit): typed arrays, the seasonal
 * states in a ring indexed by the phase t mod m, so each step is O(1).
 *
 * @example
 * const lik = etsFilter(y, y.length, { error: 'A', trend: 'N', damped: false, season: 'N' }, 1, { alpha: 0.3, beta: 0, gamma: 0, phi: 1 }, Float64Array.of(y[0]));
 * @throws never (a broken recursion gives NaN).
 */
export function etsFilter(
  y: ArrayLike<number>,
  n: number,
  form: EtsForm,
  m: number,
  params: EtsParams,
  x0: ArrayLike<number>,
  out?: EtsFilterOutput,
  ring?: Float64Array,
): number {
  const hasTrend = form.trend !== 'N';
  const season = form.season === 'N' ? 0 : form.season === 'A' ? 1 : 2;
  const multError = form.error === 'M';
  const period = season ? m : 1;
  const { alpha, beta, gamma } = params;
  const phi = hasTrend ? params.phi : 1;
  const betaOverAlpha = alpha > 0 ? beta / alpha : 0; // α = 0 keeps l' = q, so the slope's update term is 0 anyway
  let l = x0[0];
  let b = hasTrend ? x0[1] : 0;
  // s[k] = the seasonal state the value at phase k (t mod m) uses: sm for phase 0, s(m-1) for phase 1, ...
  const first = hasTrend ? 2 : 1;
  const s = season ? (ring && ring.length >= period ? ring : new Float64Array(period)) : null;
  if (s) for (let k = 0; k < period; k++) s[k] = x0[first + period - 1 - k];
  const fitted = out?.fitted;
  const errors = out?.errors;

  let sse = 0; // plain sum in R's order, so the criterion matches R's to the last bits
  let logSum = 0;
  let phase = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t];
    const phib = phi * b;
    const q = l + phib; // b = 0 without a trend
    let f = q;
    let st = 0;
    if (season === 1) {
      st = s![phase];
      f = q + st;
    } else if (season === 2) {
      st = s![phase];
      f = q * st;
    }
    const e = multError ? (yt - f) / f : yt - f;
    if (fitted) fitted[t] = f;
    if (errors) errors[t] = e;
    sse += e * e;
    if (multError) logSum += Math.log(Math.abs(f));

    // the new states
    let p = yt;
    if (season === 1) p = yt - st;
    else if (season === 2) p = Math.abs(st) < TOL ? HUGE : yt / st;
    const level = q + alpha * (p - q);
    if (hasTrend) b = phib + betaOverAlpha * (level - l - phib);
    if (season === 1) s![phase] = st + gamma * (yt - q - st);
    else if (season === 2) s![phase] = st + gamma * ((Math.abs(q) < TOL ? HUGE : yt / q) - st);
    l = level;
    if (++phase === period) phase = 0;
  }

  const finalState = out?.finalState;
  if (finalState) {
    finalState[0] = l;
    if (hasTrend) finalState[1] = b;
    // s1 (most recent) is the state of phase n−1, s_j that of phase n−j
    if (s) for (let j = 1; j <= period; j++) finalState[first + j - 1] = s[(((n - j) % period) + period) % period];
  }
  if (out) out.sse = sse;
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * logSum;
  return lik;
}

/**
 * The point forecasts of the `horizon` values after the states `x` (l, b, s1..sm): the recursions
 * with zero error, l + (φ + φ² + … + φ^k)·b, plus or times the seasonal state of that phase.
 *
 * @example etsPointForecast({ error: 'A', trend: 'A', damped: false, season: 'N' }, 1, 1, Float64Array.of(10, 2), 3); // [12, 14, 16]
 * @throws never.
 */
export function etsPointForecast(form: EtsForm, m: number, phi: number, x: ArrayLike<number>, horizon: number): Float64Array {
  const hasTrend = form.trend !== 'N';
  const period = form.season === 'N' ? 1 : m;
  const first = hasTrend ? 2 : 1;
  const l = x[0];
  const b = hasTrend ? x[1] : 0;
  const damp = hasTrend && form.damped ? phi : 1;
  const out = new Float64Array(horizon);
  let phiSum = 0; // φ + φ² + … + φ^k
  let phiPower = 1;
  for (let k = 1; k <= horizon; k++) {
    phiPower *= damp;
    phiSum += phiPower;
    let f = l + phiSum * b;
    if (form.season !== 'N') {
      const st = x[first + ((((period - k) % period) + period) % period)]; // s_m for k = 1, s_(m-1) for k = 2, ...
      f = form.season === 'A' ? f + st : f * st;
    }
    out[k - 1] = f;
  }
  return out;
}

/**
 * R's usual bounds on the parameters being estimated: each within ETS_BOUNDS, β ≤ α, γ ≤ 1 − α.
 * @example withinUsualBounds({ error: 'A', trend: 'A', damped: false, season: 'N' }, { alpha: 0.5, beta: 0.6, gamma: 0, phi: 1 }); // false: β > α
 * @throws never.
 */
export function withinUsualBounds(form: EtsForm, p: EtsParams): boolean {
  const { lower, upper } = ETS_BOUNDS;
  if (p.alpha < lower.alpha || p.alpha > upper.alpha) return false;
  if (form.trend !== 'N' && (p.beta < lower.beta || p.beta > p.alpha || p.beta > upper.beta)) return false;
  if (form.damped && (p.phi < lower.phi || p.phi > upper.phi)) return false;
  if (form.season !== 'N' && (p.gamma < lower.gamma || p.gamma > 1 - p.alpha || p.gamma > upper.gamma)) return false;
  return true;
}

/**
 * Whether the parameters give a forecastable (stable) model: Hyndman et al. (2008), chapter 10, the
 * conditions R's `forecast` checks, ending for seasonal models with the roots of the characteristic
 * polynomial  z^(m+1) + (α+β−φ) z^m + (α+β−αφ) (z^(m−1) + … + z²) + (α+β−αφ+γ−1) z + φ(1−α−γ)
 * lying within the unit circle (R allows 1 + 1e-10). Here the roots are never computed: the
 * Schur–Cohn test on p(r·z), r = 1 + 1e-10, answers the same question in O(m²).
 *
 * @example admissible({ error: 'A', trend: 'N', damped: false, season: 'A' }, 12, { alpha: 0.2, beta: 0, gamma: 0.1, phi: 1 }); // true
 * @throws never.
 */
export function admissible(form: EtsForm, m: number, p: EtsParams): boolean {
  const phi = form.damped ? p.phi : 1;
  const { alpha } = p;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (form.season === 'N') {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (form.trend !== 'N' && (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;
  const beta = form.trend !== 'N' ? p.beta : 0;
  const { gamma } = p;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  // coefficients of z^0 .. z^(m+1), in a buffer kept between calls (this runs at every evaluation of a fit)
  const c = scratch(0, m + 2);
  c[0] = phi * (1 - alpha - gamma);
  c[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let k = 2; k < m; k++) c[k] = alpha + beta - alpha * phi;
  c[m] = alpha + beta - phi;
  c[m + 1] = 1;
  return rootsWithin(c, 1 + 1e-10);
}

/** Reusable buffers for admissible/rootsWithin: three of them, grown as needed, never shrunk. */
const scratchBuffers: Float64Array[] = [new Float64Array(32), new Float64Array(32), new Float64Array(32)];
function scratch(which: number, length: number): Float64Array {
  if (scratchBuffers[which].length < length) scratchBuffers[which] = new Float64Array(length);
  return scratchBuffers[which].subarray(0, length);
}

/**
 * Whether every root of the polynomial c[0] + c[1] z + … + c[d] z^d lies in the open disk |z| < r,
 * by the Schur–Cohn reduction: p has all its roots inside the unit disk iff |c0| < |cd| and the
 * polynomial (cd·p(z) − c0·p*(z)) / z of degree d − 1 does too (p* the reversed polynomial).
 *
 * @example rootsWithin(Float64Array.of(-0.25, 0, 1), 1); // true: roots ±0.5
 * @throws never.
 */
export function rootsWithin(c: ArrayLike<number>, r: number): boolean {
  let d = c.length - 1;
  const a = scratch(1, d + 1);
  let scale = 1;
  for (let k = 0; k <= d; k++, scale *= r) a[k] = c[k] * scale; // p(r·z)
  while (d > 0 && a[d] === 0) d--;
  const next = scratch(2, d + 1);
  while (d > 0) {
    const lead = a[d];
    const tail = a[0];
    if (Math.abs(tail) >= Math.abs(lead)) return false;
    let big = 0;
    for (let k = 0; k < d; k++) {
      next[k] = lead * a[k + 1] - tail * a[d - 1 - k];
      big = Math.max(big, Math.abs(next[k]));
    }
    for (let k = 0; k < d; k++) a[k] = next[k] / big; // rescaled: the roots do not change
    d--;
  }
  return true;
}

/** A fitted ETS model: its form, parameters, initial states and fit statistics. */
export interface EtsModel {
  form: EtsForm;
  /** The season length the seasonal states cover (1 for a model without season). */
  period: number;
  params: EtsParams;
  /** The states before the first training value: (l, b, s1..sm), s1 the most recent. */
  initialState: Float64Array;
  /** The states after the last training value, same order. */
  finalState: Float64Array;
  /** Number of training values. */
  n: number;
  /** Number of estimated parameters, smoothing parameters and free initial states (R's length(fit$par)). */
  nParams: number;
  /** Σe²/(n − nParams): the variance of the one-step errors (relative errors for error M). */
  sigma2: number;
  /** −0.5 × R's criterion (R's `loglik`); NaN for a Holt–Winters fallback, which R gives none. */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** 'likelihood' (the state-space fit) or 'holt-winters' (R's fallback for very short series, or a constant one). */
  estimation: 'likelihood' | 'holt-winters';
}

/**
 * A fitted model from its parameters and initial states: runs the filter over the training values
 * for the final states, R's criterion and the statistics R reports (k = nParams + 1 with σ):
 * loglik = −criterion/2, AIC = criterion + 2k, AICc = AIC + 2k(k+1)/(n−k−1), BIC = criterion + k·log n,
 * σ² = Σe²/(n − nParams).
 *
 * @example fittedModel(y, form, 12, params, x0, 16, 'likelihood').aicc;
 * @throws never.
 */
export function fittedModel(
  y: Float64Array,
  form: EtsForm,
  period: number,
  params: EtsParams,
  x0: Float64Array,
  nParams: number,
  estimation: EtsModel['estimation'],
): EtsModel {
  const n = y.length;
  const finalState = new Float64Array(x0.length);
  const out = { finalState, sse: 0 };
  const lik = etsFilter(y, n, form, period, params, x0, out);
  const k = nParams + 1; // and sigma
  const aic = lik + 2 * k;
  return {
    form,
    period,
    params,
    initialState: Float64Array.from(x0),
    finalState,
    n,
    nParams,
    sigma2: out.sse / (n - nParams),
    loglik: -0.5 * lik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: lik + Math.log(n) * k,
    estimation,
  };
}
