/**
 * R's full state-space form of an ARIMA model (`makeARIMA`): the ARMA state of arima-likelihood.ts
 * (r values) followed by the nd = d + D·m most recent values of the series (less its regression
 * terms), so that y_t = a_t[0] + Σ Delta_k y_{t−1−k} (Delta from differencingPolynomial).
 *
 *   diffuseStart: the filter over the first nd values from R's prior (the ARMA state stationary,
 *     the past values with variance kappa = 1e6): their standardized residuals (which forecast's
 *     `Arima` counts in σ²) and one-step predictions. After those nd values the past values are
 *     known and the rest is the ARMA filter of the differences.
 *   kalmanForecast: R's `KalmanForecast` from a filtered ARMA state and the known past values:
 *     means and variances (in σ² units) of the next h values.
 *
 * Dense matrices (rd = r + nd ≤ about 80), row-major.
 *
 * Browser-safe: no Node modules.
 */
import { armaAutocovariance, stationaryCovariance, type KalmanState } from './arima-likelihood.js';

/** R's `kappa`: the prior variance of the past values of a differenced model. */
export const KAPPA = 1e6;

interface FullModel {
  r: number;
  nd: number;
  phi: ArrayLike<number>;
  R: Float64Array;
  delta: ArrayLike<number>;
}

function model(phi: ArrayLike<number>, theta: ArrayLike<number>, delta: ArrayLike<number>): FullModel {
  const r = Math.max(phi.length, theta.length + 1);
  const R = new Float64Array(r);
  R[0] = 1;
  for (let i = 0; i < theta.length; i++) R[i + 1] = theta[i];
  return { r, nd: delta.length, phi, R, delta };
}

/** T M for an (rd, rd) matrix M (or T s for a vector when cols = 1). */
function applyT(m: FullModel, M: Float64Array, cols: number): Float64Array {
  const { r, nd, phi, delta } = m;
  const out = new Float64Array((r + nd) * cols);
  for (let i = 0; i < r; i++) {
    const f = i < phi.length ? phi[i] : 0;
    for (let c = 0; c < cols; c++) out[i * cols + c] = f * M[c] + (i < r - 1 ? M[(i + 1) * cols + c] : 0);
  }
  if (nd > 0) {
    for (let c = 0; c < cols; c++) {
      let s = M[c];
      for (let k = 0; k < nd; k++) s += delta[k] * M[(r + k) * cols + c];
      out[r * cols + c] = s;
    }
    for (let k = 1; k < nd; k++) for (let c = 0; c < cols; c++) out[(r + k) * cols + c] = M[(r + k - 1) * cols + c];
  }
  return out;
}

/** T P T' + V. */
function predictCovariance(m: FullModel, P: Float64Array): Float64Array {
  const rd = m.r + m.nd;
  const TP = applyT(m, P, rd);
  const TPt = new Float64Array(rd * rd);
  for (let i = 0; i < rd; i++) for (let j = 0; j < rd; j++) TPt[j * rd + i] = TP[i * rd + j];
  const out = applyT(m, TPt, rd);
  for (let i = 0; i < m.r; i++) for (let j = 0; j < m.r; j++) out[i * rd + j] += m.R[i] * m.R[j];
  return out;
}

/** Z s and Z P Z' with Z = (1, 0, …, 0, Delta). */
function observe(m: FullModel, s: Float64Array, P: Float64Array): { mean: number; variance: number; PZ: Float64Array } {
  const rd = m.r + m.nd;
  const z = new Float64Array(rd);
  z[0] = 1;
  for (let k = 0; k < m.nd; k++) z[m.r + k] = m.delta[k];
  let mean = 0;
  for (let i = 0; i < rd; i++) mean += z[i] * s[i];
  const PZ = new Float64Array(rd);
  for (let i = 0; i < rd; i++) {
    let t = 0;
    for (let j = 0; j < rd; j++) t += P[i * rd + j] * z[j];
    PZ[i] = t;
  }
  let variance = 0;
  for (let i = 0; i < rd; i++) variance += z[i] * PZ[i];
  return { mean, variance, PZ };
}

/** What {@link diffuseStart} gives. */
export interface DiffuseStart {
  /** (nd) standardized residuals v / sqrt(F) of the first nd values. */
  resid: Float64Array;
  /** (nd) their one-step predictions. */
  predicted: Float64Array;
  /** The likelihood sums over those of the nd values whose F is below 1e4 (as R; usually none). */
  ssq: number;
  sumlog: number;
  nu: number;
  /** The ARMA part of the filtered state after the nd values: where the filter of the differences starts. */
  state: KalmanState;
}

/**
 * The filter of R's full model over the first `delta.length` values of x (the series less its
 * regression terms) from R's prior: their standardized residuals v / sqrt(F), one-step predictions,
 * and the ARMA part of the state after them. The past values are then known exactly, so R's filter
 * goes on as the ARMA filter of the differences from that state (arima-likelihood.ts, `init`):
 * together they are R's likelihood, kappa included.
 * @example diffuseStart(x, phi, theta, differencingPolynomial(1, 0, 1)).resid; // one residual ≈ x[0] / 1000
 * @throws Error for a non-stationary AR polynomial.
 */
export function diffuseStart(
  x: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  delta: ArrayLike<number>,
): DiffuseStart {
  const m = model(phi, theta, delta);
  const { r, nd } = m;
  const rd = r + nd;
  const steps = Math.min(nd, x.length);
  let s: Float64Array = new Float64Array(rd);
  let P: Float64Array = new Float64Array(rd * rd);
  const Q0 = stationaryCovariance(phi, theta);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * rd + j] = Q0[i * r + j];
  for (let k = 0; k < nd; k++) P[(r + k) * rd + r + k] = KAPPA;
  const resid = new Float64Array(steps);
  const predicted = new Float64Array(steps);
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  for (let t = 0; t < steps; t++) {
    if (t > 0) {
      s = applyT(m, s, 1);
      P = predictCovariance(m, P);
    }
    const { mean, variance, PZ } = observe(m, s, P);
    const v = x[t] - mean;
    predicted[t] = mean;
    resid[t] = v / Math.sqrt(variance);
    if (variance < 1e4) {
      nu++;
      ssq += (v * v) / variance;
      sumlog += Math.log(variance);
    }
    for (let i = 0; i < rd; i++) s[i] += (PZ[i] * v) / variance;
    for (let i = 0; i < rd; i++) for (let j = 0; j < rd; j++) P[i * rd + j] -= (PZ[i] * PZ[j]) / variance;
  }
  const a = s.slice(0, r);
  const Pa = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) Pa[i * r + j] = P[i * rd + j];
  return { resid, predicted, ssq, sumlog, nu, state: { a, P: Pa } };
}

/**
 * Means and variances (σ² units) of the `horizon` values after x, from the ARMA state (a, P)
 * filtered over x's differences and the nd values x[n−1−nd .. n−2] before the last (R's
 * `KalmanForecast` on the state R's filter leaves).
 * @example kalmanForecast(state, phi, theta, delta, x, 12);
 * @throws never.
 */
export function kalmanForecast(
  state: { a: Float64Array; P: Float64Array },
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  delta: ArrayLike<number>,
  x: ArrayLike<number>,
  horizon: number,
): { mean: Float64Array; variance: Float64Array } {
  const m = model(phi, theta, delta);
  const { r, nd } = m;
  const rd = r + nd;
  const n = x.length;
  let s: Float64Array = new Float64Array(rd);
  let P: Float64Array = new Float64Array(rd * rd);
  s.set(state.a);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * rd + j] = state.P[i * r + j];
  for (let k = 0; k < nd; k++) s[r + k] = x[n - 2 - k];
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    s = applyT(m, s, 1);
    P = predictCovariance(m, P);
    const o = observe(m, s, P);
    mean[h] = o.mean;
    variance[h] = o.variance;
  }
  return { mean, variance };
}

/**
 * The ARMA part of R's filtered state after the first nd values, as {@link diffuseStart} gives it,
 * computed in one step instead of nd filter steps: with L the nd values before the series (prior
 * N(0, κ I)) and x_t = a_t[0] the ARMA values, the first nd values give b = x + C L, where
 * b_t = y_t − Σ_{k < t} Delta_k y_{t−1−k} and C[t][j] = Delta_{t+j}; so b ~ N(0, S + κ C C') with
 * S the ARMA autocovariances, and the state a_{nd−1} has the Gaussian posterior
 * mean G M⁻¹ b, covariance Q0 − G M⁻¹ G', where M = S + κ C C' and G[:, t] = T^{nd−1−t} Q0[:, 0].
 * The same numbers up to rounding, at O(nd³ + r² nd) instead of O(nd · (r + nd)²·nd).
 * @example diffusePosterior(x, phi, theta, delta); // { a, P }, the `init` of armaKalman
 * @throws Error for a non-stationary AR polynomial.
 */
export function diffusePosterior(
  x: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  delta: ArrayLike<number>,
): KalmanState {
  const p = phi.length;
  const r = Math.max(p, theta.length + 1);
  const nd = delta.length;
  const Q0 = stationaryCovariance(phi, theta);
  const gamma = armaAutocovariance(phi, theta, nd);
  // M = S + κ C C' (nd, nd), b (nd)
  const C = new Float64Array(nd * nd);
  for (let t = 0; t < nd; t++) for (let j = 0; t + j < nd; j++) C[t * nd + j] = delta[t + j];
  const M = new Float64Array(nd * nd);
  for (let s = 0; s < nd; s++)
    for (let t = 0; t <= s; t++) {
      let cc = 0;
      for (let j = 0; j < nd; j++) cc += C[s * nd + j] * C[t * nd + j];
      const v = gamma[s - t] + KAPPA * cc;
      M[s * nd + t] = v;
      M[t * nd + s] = v;
    }
  const b = new Float64Array(nd);
  for (let t = 0; t < nd; t++) {
    let v = x[t];
    for (let k = 0; k < t; k++) v -= delta[k] * x[t - 1 - k];
    b[t] = v;
  }
  // G (r, nd): G[:, t] = T^{nd−1−t} Q0[:, 0]
  const G = new Float64Array(r * nd);
  let v = new Float64Array(r);
  for (let i = 0; i < r; i++) v[i] = Q0[i * r];
  for (let t = nd - 1; t >= 0; t--) {
    for (let i = 0; i < r; i++) G[i * nd + t] = v[i];
    const next = new Float64Array(r);
    for (let i = 0; i < r; i++) next[i] = (i < p ? phi[i] * v[0] : 0) + (i < r - 1 ? v[i + 1] : 0);
    v = next;
  }
  // Cholesky M = L L'
  const L = new Float64Array(nd * nd);
  for (let i = 0; i < nd; i++) {
    for (let j = 0; j <= i; j++) {
      let s = M[i * nd + j];
      for (let k = 0; k < j; k++) s -= L[i * nd + k] * L[j * nd + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('diffusePosterior: the prior covariance of the first values is not positive definite');
        L[i * nd + i] = Math.sqrt(s);
      } else L[i * nd + j] = s / L[j * nd + j];
    }
  }
  // U = L⁻¹ [b, G'] (nd, 1 + r): then G M⁻¹ b = (L⁻¹G')' (L⁻¹ b), G M⁻¹ G' = (L⁻¹G')' (L⁻¹G')
  const cols = 1 + r;
  const U = new Float64Array(nd * cols);
  for (let t = 0; t < nd; t++) {
    U[t * cols] = b[t];
    for (let i = 0; i < r; i++) U[t * cols + 1 + i] = G[i * nd + t];
  }
  for (let i = 0; i < nd; i++) {
    for (let c = 0; c < cols; c++) {
      let s = U[i * cols + c];
      for (let k = 0; k < i; k++) s -= L[i * nd + k] * U[k * cols + c];
      U[i * cols + c] = s / L[i * nd + i];
    }
  }
  const a = new Float64Array(r);
  const P = Float64Array.from(Q0);
  for (let i = 0; i < r; i++) {
    let s = 0;
    for (let t = 0; t < nd; t++) s += U[t * cols + 1 + i] * U[t * cols];
    a[i] = s;
    for (let j = i; j < r; j++) {
      let g = 0;
      for (let t = 0; t < nd; t++) g += U[t * cols + 1 + i] * U[t * cols + 1 + j];
      P[i * r + j] -= g;
      if (j !== i) P[j * r + i] = P[i * r + j];
    }
  }
  return { a, P };
}
