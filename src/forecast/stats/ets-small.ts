/**
 * R's fallback for series too short to estimate an ETS model's states by likelihood (n at most 4
 * more than the parameters the model string names): Holt–Winters smoothing with simple starting
 * states and α, β, γ in [0, 1] chosen to minimise the sum of squared one-step errors (R's
 * `HoltWintersZZ`, which uses L-BFGS-B; here the Nelder–Mead of optimize.ts with the box enforced).
 *
 * In R's order: a seasonal model with a trend when a season was asked for (it needs two full
 * seasons); else Holt's linear trend when a trend was asked for; else simple exponential smoothing
 * when neither; and otherwise (a Z letter) Holt's or simple smoothing, whichever has the smaller
 * error variance. The result is an ETS model like any other (Holt–Winters' β is α·β in ETS terms),
 * so it filters and forecasts the same way; it has no likelihood.
 *
 * Browser-safe: no Node modules.
 */
import { TrainingError } from '../../errors.js';
import { etsFilter, fittedModel, type EtsForm, type EtsModel, type EtsParams, type EtsSeasonType } from './ets-model.js';
import { minimize } from './optimize.js';

/**
 * A Holt–Winters fit of a very short series, as R's `ets` gives for it.
 * @example fitSmall(Float64Array.of(5, 7, 6, 8), 1, 'Z', 'N'); // Holt's or simple smoothing
 * @throws TrainingError when no fallback fits (e.g. a single value with a trend asked for).
 */
export function fitSmall(y: Float64Array, frequency: number, trend: string, season: string): EtsModel {
  if (season === 'A' || season === 'M') {
    const fit = holtWinters(y, frequency, true, season);
    if (fit) return fit;
  }
  if (trend === 'A') {
    const fit = holtWinters(y, frequency, true, 'N');
    if (fit) return fit;
  }
  if (trend === 'N' && season === 'N') {
    const fit = holtWinters(y, frequency, false, 'N');
    if (fit) return fit;
  }
  const holt = holtWinters(y, frequency, true, 'N');
  const simple = holtWinters(y, frequency, false, 'N');
  const fit = holt && (!simple || holt.sigma2 < simple.sigma2) ? holt : simple;
  if (!fit) throw new TrainingError(`ets could not fit ${y.length} values: too few for any model; use a longer series.`);
  return fit;
}

/**
 * Holt–Winters smoothing with R's starting states: for a season, the first season's mean as the
 * level, the change to the second season's mean per step as the slope and the first season's
 * deviations from the level as the seasonal states; otherwise the first value and the first change.
 * Null when the series is too short for that (or not positive for a multiplicative season).
 */
function holtWinters(y: Float64Array, frequency: number, hasTrend: boolean, season: EtsSeasonType): EtsModel | null {
  const n = y.length;
  const m = frequency;
  let x0: number[];
  if (season !== 'N') {
    if (m <= 1 || n < 2 * m || (season === 'M' && y.some((v) => v <= 0))) return null;
    const level = meanOf(y, 0, m);
    const slope = (meanOf(y, m, 2 * m) - level) / m;
    const seasonal = Array.from(y.subarray(0, m), (v) => (season === 'A' ? v - level : v / level));
    x0 = [level, slope, ...seasonal.reverse()]; // s1 (most recent) first: the first value uses sm
  } else {
    if (hasTrend && n < 2) return null;
    x0 = hasTrend ? [y[0], y[1] - y[0]] : [y[0]];
  }
  const form: EtsForm = { error: season === 'M' ? 'M' : 'A', trend: hasTrend ? 'A' : 'N', damped: false, season };
  const sseForm: EtsForm = { ...form, error: 'A' }; // Holt–Winters minimises the plain squared errors
  const period = season === 'N' ? 1 : m;
  const states = Float64Array.from(x0);

  // R's starting values with bounds [0, 1]: α = 0.2/m, β = α/10, γ = 0.05·(1 − α)
  const alpha0 = Math.min(0.2 / m, 1);
  const start = [alpha0, ...(hasTrend ? [0.1 * alpha0] : []), ...(season !== 'N' ? [0.05 * Math.min(1, 1 - alpha0)] : [])];
  const params: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  // the box [0, 1] by projection: a point outside counts as its nearest point inside, so the simplex
  // can settle on a bound (where these optima often are) instead of stalling in front of it
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const read = (p: ArrayLike<number>): void => {
    params.alpha = clamp(p[0]);
    params.beta = hasTrend ? params.alpha * clamp(p[1]) : 0; // Holt–Winters' β is β/α in ETS terms
    params.gamma = season !== 'N' ? clamp(p[hasTrend ? 2 : 1]) : 0;
  };
  const out = { sse: 0 };
  const sse = (p: Float64Array): number => {
    read(p);
    etsFilter(y, n, sseForm, period, params, states, out);
    return out.sse;
  };
  if (!Number.isFinite(sse(Float64Array.from(start)))) return null;
  // restarted from its own optimum until that stops helping: a simplex squeezed against a bound can
  // stop short, a fresh one around the same point does not
  let best = minimize(sse, start, { maxIter: 2000 });
  for (let restart = 0; restart < 5; restart++) {
    const again = minimize(sse, best.x.map(clamp), { maxIter: 2000, step: 0.1 });
    const improved = again.value < best.value - 1e-10 * Math.abs(best.value);
    if (again.value < best.value) best = again;
    if (!improved) break;
  }
  const { x } = best;
  read(x);
  const model = fittedModel(y, form, period, { ...params }, states, x.length + states.length, 'holt-winters');
  // R's Holt–Winters variance: the mean squared error (relative errors for a multiplicative season)
  const rel = { sse: 0 };
  etsFilter(y, n, form, period, params, states, rel);
  return { ...model, sigma2: rel.sse / n, loglik: NaN, aic: NaN, aicc: NaN, bic: NaN };
}

function meanOf(v: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  return s / (to - from);
}
