/**
 * The forecast distribution of a fitted ETS model: the mean and the variance of each of the h
 * values after the states x = (l, b, s1..sm), as R's `forecast.ets` (forecast 8.20) computes them
 * analytically. Hyndman, Koehler, Ord & Snyder (2008), chapter 6, sort the models into classes:
 *
 *   class 1: additive error, no multiplicative part (ETS(A,N|A|Ad,N|A)): linear and Gaussian.
 *            mean μ_h = the point forecast; variance v_h = σ² (1 + Σ_{j<h} c_j²)
 *   class 2: multiplicative error, no multiplicative season (ETS(M,N|A|Ad,N|A)).
 *            mean μ_h = the point forecast; θ_1 = μ_1², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_(h−j),
 *            variance v_h = (1 + σ²) θ_h − μ_h²
 *   class 3: multiplicative error and season, no multiplicative trend (ETS(M,N|A|Ad,M)): the
 *            non-seasonal states x and the seasonal states z evolve as x' = (F1 + G1 ε) x,
 *            z' = (F2 + G2 ε) z, and y = (H1 x)(H2 z)(1 + ε); the mean and variance follow from the
 *            first two moments of M = x z' (vec(M) and its second-moment matrix V), stepped forward
 *            one value at a time. The mean is not the point forecast: E[(1 + γε)²] = 1 + γ²σ²
 *            enters through the seasonal states, so μ_h carries a σ² term for h > m.
 *
 * with c_j = α + β (φ + φ² + … + φ^j) + γ d_j (φ = 1 undamped, β = 0 without a trend, γ = 0
 * without a season), the effect of one step's error on the forecast j steps later.
 *
 * Where R's formulas differ from the book's, seqcast follows R, so its intervals are R's:
 * - classes 1 and 2 with a season but no trend: R adds γ to the state after s1 (the book: to s1),
 *   so d_j = 1 for j ≡ m − 1 (mod m) instead of j ≡ 0: the interval widens one step before the
 *   seasonal state the error moved is used. The mean does not change; the standard deviation at
 *   step m does, by γ's weight (82 % on the fixture's UKgas ETS(M,N,A), γ = 0.96, m = 4).
 * - class 3 with a damped trend: R's H1 = (1, 1) and F1 = [[1, 1], [0, φ]] apply the damping one
 *   step late, so μ_h = (l + (1 + φ + … + φ^(h−1)) b)·s instead of l + (φ + … + φ^h) b: the first
 *   mean is (l + b)·s_m, not the one-step forecast (l + φb)·s_m.
 * - a Holt–Winters fit of a very short series (ets-small.ts): R keeps Holt–Winters' slope
 *   parameter β* = β/α as the model's β and reads it as the ETS β here (typically 1 instead of α,
 *   so its intervals are wider than the fitted model's: up to 4.7 times the standard deviation on
 *   the fixture's short series). seqcast's model holds the ETS β; the variance uses β/α as R does.
 * R forecasts the other forms (a multiplicative trend, or an additive error with a multiplicative
 * season) by simulation: for those the mean here is the point forecast and the variance null.
 * seqcast fits neither (ets-fit.ts refuses both), so for its fitted models the variance is never
 * null.
 *
 * Cost: class 1 O(h), class 2 O(h²) (a convolution), class 3 O(h·d·N²) with N = d·m, d = 1 or 2
 * non-seasonal states (about 30,000 multiply-adds a step for m = 24 with a trend); the mean alone
 * ({@link etsForecastMean}) is O(h·N).
 *
 * Browser-safe: no Node modules.
 */
import { etsPointForecast, type EtsForm, type EtsModel } from './ets-model.js';

/** The mean and variance of each forecast step, 1..h. */
export interface EtsForecastDistribution {
  /** (h) the forecast means: R's `forecast(fit, h)$mean`. */
  mean: Float64Array;
  /** (h) the forecast variances; null for the forms R forecasts by simulation (see the file comment). */
  variance: Float64Array | null;
}

/**
 * What the distribution needs of a fitted model: its form, season, parameters and σ², and how it
 * was estimated (a missing `estimation` counts as 'likelihood').
 */
export type EtsDistributionModel = Pick<EtsModel, 'form' | 'period' | 'params' | 'sigma2'> & Partial<Pick<EtsModel, 'estimation'>>;

/**
 * The class of Hyndman et al. (2008, ch. 6) whose formulas R uses for a form, or null for the
 * forms R forecasts by simulation (an additive error with a multiplicative season; seqcast has no
 * multiplicative trend).
 *
 * @example etsForecastClass({ error: 'M', trend: 'A', damped: true, season: 'M' }); // 3
 * @throws never.
 */
export function etsForecastClass(form: EtsForm): 1 | 2 | 3 | null {
  if (form.season !== 'M') return form.error === 'A' ? 1 : 2;
  return form.error === 'M' ? 3 : null;
}

/**
 * The forecast means of the `horizon` values after the states `x` (l, b, s1..sm): R's
 * `forecast(fit, h)$mean`. For classes 1 and 2 (and the simulated forms) the point forecast; for
 * class 3 the mean of the multiplicative-season model (see the file comment).
 *
 * @example
 * const mean = etsForecastMean(model, model.finalState, 24); // forecast(fit, 24)$mean
 * @throws never (a positive integer horizon is the caller's to check).
 */
export function etsForecastMean(model: EtsDistributionModel, x: ArrayLike<number>, horizon: number): Float64Array {
  if (etsForecastClass(model.form) === 3) return class3(model, x, horizon, false).mean;
  return etsPointForecast(model.form, model.period, model.params.phi, x, horizon);
}

/**
 * The forecast means and variances of the `horizon` values after the states `x` (l, b, s1..sm),
 * as R's `forecast.ets`. R's prediction interval at level L is then
 * `mean ∓ qnorm((1 + L/100) / 2) · sqrt(variance)`.
 *
 * @example
 * const { mean, variance } = etsForecastDistribution(model, model.finalState, 24);
 * const upper95 = mean.map((mu, k) => mu + 1.959964 * Math.sqrt(variance![k]));
 * @throws never (a positive integer horizon is the caller's to check).
 */
export function etsForecastDistribution(model: EtsDistributionModel, x: ArrayLike<number>, horizon: number): EtsForecastDistribution {
  const kind = etsForecastClass(model.form);
  if (kind === 3) return class3(model, x, horizon, true);
  const mean = etsPointForecast(model.form, model.period, model.params.phi, x, horizon);
  if (kind === null) return { mean, variance: null };
  const c2 = impulseSquares(model, horizon);
  const { sigma2 } = model;
  const variance = new Float64Array(horizon);
  if (kind === 1) {
    let sum = 0; // Σ_{j<k} c_j²: positive terms, so a plain sum loses nothing worth compensating
    for (let k = 0; k < horizon; k++) {
      variance[k] = sigma2 * (1 + sum);
      sum += c2[k];
    }
    return { mean, variance };
  }
  // class 2: θ_k = μ_k² + σ² Σ_{j<k} c_j² θ_(k−j); v_k = (1 + σ²) θ_k − μ_k² = σ² θ_k + (θ_k − μ_k²),
  // written so that nothing cancels
  const theta = new Float64Array(horizon); // (h) θ_1..θ_h
  for (let k = 0; k < horizon; k++) {
    let conv = 0; // Σ_{j=1}^{k} c_j² θ_(k+1−j), all terms positive
    for (let j = 1; j <= k; j++) conv += c2[j - 1] * theta[k - j];
    const spread = sigma2 * conv;
    theta[k] = mean[k] * mean[k] + spread;
    variance[k] = sigma2 * theta[k] + spread;
  }
  return { mean, variance };
}

/**
 * c_j² for j = 1..h−1 (element j − 1), c_j = α + β (φ + … + φ^j) + γ d_j: the j-step effect of a
 * unit error on a linear (class 1 and 2) model. d_j marks the steps whose forecast uses the
 * seasonal state the error updated: j ≡ 0 (mod m) with a trend, j ≡ m − 1 without one (R's
 * placement, see the file comment).
 */
function impulseSquares(model: EtsDistributionModel, horizon: number): Float64Array {
  const { form, period: m } = model;
  const { alpha } = model.params;
  const beta = form.trend !== 'N' ? rBeta(model) : 0;
  const gamma = form.season !== 'N' ? model.params.gamma : 0;
  const phi = form.damped ? model.params.phi : 1;
  const hit = form.trend !== 'N' ? 0 : m - 1;
  const c2 = new Float64Array(Math.max(0, horizon - 1));
  let phiPower = 1;
  let phiSum = 0; // φ + φ² + … + φ^j
  for (let j = 1; j < horizon; j++) {
    phiPower *= phi;
    phiSum += phiPower;
    const c = alpha + beta * phiSum + (gamma !== 0 && j % m === hit ? gamma : 0);
    c2[j - 1] = c * c;
  }
  return c2;
}

/**
 * The β R's formulas read: the model's, except for a Holt–Winters fit, where R reads Holt–Winters'
 * β* = β/α (0 when α = 0, where β* is not determined and β is 0).
 */
function rBeta(model: EtsDistributionModel): number {
  const { alpha, beta } = model.params;
  if (model.estimation !== 'holt-winters') return beta;
  return alpha > 0 ? beta / alpha : 0;
}

/*
 * Class 3. D = non-seasonal states (1: l; 2: l, b), m = season, N = D·m. M = x z' is (D, m), its
 * column j belonging to the seasonal state s(j+1); vec(M) stacks the columns (index i + D·j), and V
 * is (N, N). In R's matrices: H1 = (1, 1), F1 = [[1, 1], [0, φ]], G1 = [[α, α], [β, β]] (with a
 * trend; 1, 1, α without), H2 picks s_m, F2 moves each seasonal state down one with s_m to the top,
 * G2 puts γ·s_m at the top. Each step:
 *
 *   μ = H1 M H2'                    var = (1 + σ²) H V H' + σ² μ²     (H = H2 ⊗ H1)
 *   V ← F V F' + σ² (F V G' + G V F' + K (V + v v') K' + σ² G (3V + 2 v v') G')
 *   M ← F1 M F2' + σ² G1 M G2'
 *
 * with v = vec(M), F = F2 ⊗ F1, G = G2 ⊗ G1, K = G2 ⊗ F1 + F2 ⊗ G1. Each of these N × N operators
 * moves column j − 1 of M to column j (s_m's to column 0) and multiplies it by a D × D matrix,
 * one for column 0 and one for the others ({@link ColumnOp}), so applying one to a vector costs
 * O(D·N), not O(N²), and each product with V O(D·N²).
 */

/** out(:, j) = (j = 0 ? first : rest) · u(:, j − 1 mod m); `rest` null: zero. Matrices (D, D) row-major. */
interface ColumnOp {
  first: Float64Array;
  rest: Float64Array | null;
}

function class3(model: EtsDistributionModel, x: ArrayLike<number>, horizon: number, withVariance: boolean): EtsForecastDistribution {
  const { form, period: m, sigma2 } = model;
  const { alpha, gamma } = model.params;
  const D = form.trend !== 'N' ? 2 : 1;
  const N = D * m;
  const phi = form.damped ? model.params.phi : 1;
  const beta = form.trend !== 'N' ? rBeta(model) : 0;
  const F1 = D === 1 ? Float64Array.of(1) : Float64Array.of(1, 1, 0, phi);
  const G1 = D === 1 ? Float64Array.of(alpha) : Float64Array.of(alpha, alpha, beta, beta);
  const F: ColumnOp = { first: F1, rest: F1 };
  const G: ColumnOp = { first: G1.map((g) => gamma * g), rest: null };
  const K: ColumnOp = { first: G1.map((g, i) => g + gamma * F1[i]), rest: G1 };

  // M = x z': row i the non-seasonal state i, column j the seasonal state s(j+1)
  const v = new Float64Array(N); // (N) vec(M)
  for (let j = 0; j < m; j++) for (let i = 0; i < D; i++) v[i + D * j] = x[i] * x[D + j];
  const mean = new Float64Array(horizon);
  const variance = withVariance ? new Float64Array(horizon) : null;
  const last = D * (m - 1); // vec index of M(0, m − 1): H reads M(:, m − 1), the column of s_m

  const Fv = new Float64Array(N); // (N)
  const Gv = new Float64Array(N); // (N)
  const Kv = new Float64Array(N); // (N)
  const V = withVariance ? new Float64Array(N * N) : null; // (N, N) row-major, symmetric; 0 at the origin
  const W = withVariance ? new Float64Array(N * N) : null; // (N, N) scratch: P·V for an operator P
  const next = withVariance ? new Float64Array(N * N) : null; // (N, N) the new V
  const term = withVariance ? new Float64Array(N * N) : null; // (N, N) one sandwich P V Q'

  for (let k = 0; k < horizon; k++) {
    let mu = 0;
    for (let i = 0; i < D; i++) mu += v[last + i];
    mean[k] = mu;
    apply(F, v, 0, 1, Fv, 0, 1, D, m);
    apply(G, v, 0, 1, Gv, 0, 1, D, m);
    if (V && W && next && term && variance) {
      let hvh = 0; // H V H'
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) hvh += V[(last + i) * N + last + j];
      variance[k] = (1 + sigma2) * hvh + sigma2 * mu * mu;
      if (k === horizon - 1) break; // the last V is never read

      apply(K, v, 0, 1, Kv, 0, 1, D, m);
      // F V F', and σ² (F V G' + G V F') from the same F V
      columns(F, V, W, D, m);
      rows(F, W, next, D, m);
      rows(G, W, term, D, m);
      for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) next[r * N + c] += sigma2 * (term[r * N + c] + term[c * N + r]);
      // σ² K (V + v v') K' = σ² (K V K' + (Kv)(Kv)')
      columns(K, V, W, D, m);
      rows(K, W, term, D, m);
      for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) next[r * N + c] += sigma2 * (term[r * N + c] + Kv[r] * Kv[c]);
      // σ⁴ G (3V + 2 v v') G' = σ⁴ (3 G V G' + 2 (Gv)(Gv)')
      columns(G, V, W, D, m);
      rows(G, W, term, D, m);
      const s4 = sigma2 * sigma2;
      for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) next[r * N + c] += s4 * (3 * term[r * N + c] + 2 * Gv[r] * Gv[c]);
      V.set(next);
    }
    // M ← F1 M F2' + σ² G1 M G2'
    for (let i = 0; i < N; i++) v[i] = Fv[i] + sigma2 * Gv[i];
  }
  return { mean, variance };
}

/**
 * out = P·u for a {@link ColumnOp} P, u and out read as vectors of N = D·m with a stride (a row or
 * a column of an (N, N) matrix).
 */
function apply(
  P: ColumnOp,
  u: Float64Array,
  uOffset: number,
  uStride: number,
  out: Float64Array,
  outOffset: number,
  outStride: number,
  D: number,
  m: number,
): void {
  for (let j = 0; j < m; j++) {
    const A = j === 0 ? P.first : P.rest;
    const from = D * (j === 0 ? m - 1 : j - 1); // the column moved into column j
    for (let i = 0; i < D; i++) {
      let sum = 0;
      if (A) for (let l = 0; l < D; l++) sum += A[i * D + l] * u[uOffset + (from + l) * uStride];
      out[outOffset + (D * j + i) * outStride] = sum;
    }
  }
}

/** W = P·V: P applied to each column of the (N, N) matrix V. */
function columns(P: ColumnOp, V: Float64Array, W: Float64Array, D: number, m: number): void {
  const N = D * m;
  for (let c = 0; c < N; c++) apply(P, V, c, N, W, c, N, D, m);
}

/** out = W·Q': Q applied to each row of the (N, N) matrix W. */
function rows(Q: ColumnOp, W: Float64Array, out: Float64Array, D: number, m: number): void {
  const N = D * m;
  for (let r = 0; r < N; r++) apply(Q, W, r * N, 1, out, r * N, 1, D, m);
}
