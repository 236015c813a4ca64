/**
 * The two objectives of ARIMA estimation, on the differenced series w (the series less its
 * regression terms, differenced d times at lag 1 and D times at lag m):
 *
 *   armaKalman: the exact Gaussian likelihood of the ARMA model of w by the Kalman filter (Gardner,
 *     Harvey & Phillips 1980, AS 154; Durbin & Koopman 2001). The state is Harvey's r-vector,
 *     r = max(p, q + 1): a_t[0] = w_t, a_t[i] = Σ_{j>i} φ_j w_{t+i−j} + Σ_{j≥i} θ_j e_{t+i−j};
 *     transition a ← T a + R e with T's first column φ and ones above the diagonal, R = (1, θ).
 *     It starts from the stationary distribution: mean 0 and the covariance of the state
 *     (stationaryCovariance), in units of the innovation variance σ² (which is profiled out).
 *     R's `arima` keeps the differencing inside the state with a diffuse prior (kappa = 1e6) on the
 *     past values; the diffuse observations carry no information on the ARMA state, so the
 *     likelihood of w is R's up to that approximation. As R, an observation whose prediction
 *     variance is 1e4 or more is left out of the sums.
 *   armaCss: the conditional sum of squares, residuals e_t = w_t − Σ φ_j w_{t−j} − Σ θ_j e_{t−j}
 *     from t = p + P·m on (R's `ARIMA_CSS` with its `ncond`), e_t = 0 before.
 *
 * Browser-safe: no Node modules.
 */

/** What the Kalman filter gives. */
export interface KalmanResult {
  /** Σ v_t² / F_t over the observations counted (v the innovation, F its variance in σ² units). */
  ssq: number;
  /** Σ log F_t over the same. */
  sumlog: number;
  /** How many observations were counted. */
  nu: number;
}

/** The state after the filter, for forecasting and one-step predictions. */
export interface KalmanState {
  /** (r) the filtered state after the last value. */
  a: Float64Array;
  /** (r, r) its covariance in σ² units, row-major. */
  P: Float64Array;
}

/**
 * The autocovariances γ(0..count−1) of the ARMA process with AR coefficients `phi`, MA `theta`
 * and unit innovation variance (Brockwell & Davis 1991, §3.3: the first p + 1 from a linear
 * system, the rest by the AR recursion).
 * @example armaAutocovariance([0.5], [], 2); // [4/3, 2/3]
 * @throws Error when the system is singular (a unit root).
 */
export function armaAutocovariance(phi: ArrayLike<number>, theta: ArrayLike<number>, count: number): Float64Array {
  const gamma = new Float64Array(Math.max(count, phi.length + 1));
  const work = shared.reset(theta.length + 1 + autocovarianceFloats(phi.length), 0);
  autocovariancesInto(phi, theta, gamma, work.floats(theta.length + 1), work);
  return gamma.subarray(0, count);
}

/**
 * Scratch arrays reused from call to call: the likelihood is evaluated thousands of times in an
 * ARIMA search, and for the small models of most series a dozen allocations a call cost more than
 * the arithmetic. `floats` and `ints` hand out consecutive stretches of one buffer each, grown by
 * `reset` when a larger model needs more; one thread runs one call at a time, so a module-level
 * one is safe.
 */
class Workspace {
  private f = new Float64Array(256);
  private i = new Int32Array(64);
  private fUsed = 0;
  private iUsed = 0;

  /** Starts a call: every stretch handed out before is free again. */
  reset(floats: number, ints: number): this {
    if (this.f.length < floats) this.f = new Float64Array(Math.max(floats, 2 * this.f.length));
    if (this.i.length < ints) this.i = new Int32Array(Math.max(ints, 2 * this.i.length));
    this.fUsed = 0;
    this.iUsed = 0;
    return this;
  }

  /** n zeroed floats (within what reset asked for). */
  floats(n: number): Float64Array {
    if (this.fUsed + n > this.f.length) throw new Error(`arima workspace: ${n} floats asked past its ${this.f.length}: reset it for more`);
    const out = this.f.subarray(this.fUsed, (this.fUsed += n));
    out.fill(0);
    return out;
  }

  /** n integers, not zeroed (within what reset asked for). */
  ints(n: number): Int32Array {
    if (this.iUsed + n > this.i.length)
      throw new Error(`arima workspace: ${n} integers asked past its ${this.i.length}: reset it for more`);
    return this.i.subarray(this.iUsed, (this.iUsed += n));
  }
}

const shared = new Workspace();

/** The floats autocovariancesInto takes from its workspace for p AR coefficients. */
function autocovarianceFloats(p: number): number {
  return (p + 1) * (p + 1) + (p + 1);
}

/**
 * armaAutocovariance's γ(0..gamma.length−1) written into `gamma` (at least p + 1 long), and the
 * psi weights ψ_0..ψ_{psi.length−1} into `psi` (at least q + 1 long; stationaryCovariance reads
 * them too); its scratch from `work` (which the caller has reset with room for
 * autocovarianceFloats(p) floats more): the same operations in the same order as before the
 * workspace, so the same bits.
 */
function autocovariancesInto(
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  gamma: Float64Array,
  psi: Float64Array,
  work: Workspace,
): void {
  const p = phi.length;
  const q = theta.length;
  // psi weights: ψ_j = θ_j + Σ_{k=1}^{min(j,p)} φ_k ψ_{j−k} (θ_0 = 1, θ_j = 0 past q)
  for (let j = 0; j < psi.length; j++) {
    let s = j === 0 ? 1 : j <= q ? theta[j - 1] : 0;
    for (let k = 1; k <= Math.min(j, p); k++) s += phi[k - 1] * psi[j - k];
    psi[j] = s;
  }
  // rhs_k = Σ_{j=k}^{q} θ_j ψ_{j−k}
  const rhs = (k: number): number => {
    let s = 0;
    for (let j = k; j <= q; j++) s += (j === 0 ? 1 : theta[j - 1]) * psi[j - k];
    return s;
  };
  if (p === 0) {
    for (let k = 0; k < gamma.length; k++) gamma[k] = rhs(k);
    return;
  }
  // γ(k) − Σ_j φ_j γ(|k − j|) = rhs_k for k = 0..p
  const n = p + 1;
  const A = work.floats(n * n);
  const b = work.floats(n);
  for (let k = 0; k < n; k++) {
    A[k * n + k] += 1;
    for (let j = 1; j <= p; j++) A[k * n + Math.abs(k - j)] -= phi[j - 1];
    b[k] = rhs(k);
  }
  solveInPlace(A, b, n);
  for (let k = 0; k < n; k++) gamma[k] = b[k];
  for (let k = n; k < gamma.length; k++) {
    let s = rhs(k);
    for (let j = 1; j <= p; j++) s += phi[j - 1] * gamma[k - j];
    gamma[k] = s;
  }
}

/**
 * The stationary covariance of Harvey's ARMA state (r = max(p, q + 1)), unit innovation variance:
 * R's `Pn` of `makeARIMA` (Gardner et al.'s Q0, computed here from the autocovariances: each state
 * element is a combination of past values and innovations).
 * @example stationaryCovariance([0.5], []); // [4/3]
 * @throws Error for a non-stationary AR polynomial (singular system).
 */
export function stationaryCovariance(phi: ArrayLike<number>, theta: ArrayLike<number>): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  if (r === 1) return Float64Array.of(p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1);
  const rr = r * r;
  const work = shared.reset(Math.max(r, p + 1) + r + 4 * rr + autocovarianceFloats(p), 2 * rr + 2 * r);
  const gamma = work.floats(Math.max(r, p + 1));
  const psi = work.floats(r); // ψ_0..ψ_{r−1} (r ≥ q + 1)
  autocovariancesInto(phi, theta, gamma, psi, work);
  // a[i] = Σ_k A[i][k] w_{t−k} + Σ_k B[i][k] e_{t−k}
  const A = work.floats(rr);
  const B = work.floats(rr);
  A[0] = 1;
  for (let i = 1; i < r; i++) {
    for (let k = 1; i + k <= r; k++) A[i * r + k] = i + k <= p ? phi[i + k - 1] : 0;
    for (let k = 0; i + k <= r - 1; k++) B[i * r + k] = i + k === 0 ? 1 : i + k <= q ? theta[i + k - 1] : 0;
  }
  // u = (w_t..w_{t−r+1}, e_t..e_{t−r+1}); Cov(w_{t−k}, w_{t−l}) = γ|k−l|, Cov(w_{t−k}, e_{t−l}) = ψ_{l−k} (l ≥ k)
  // M = [A B], P = M Cov(u) M'; A and B are sparse for seasonal models (the expanded φ, θ are
  // mostly zeros), so each row keeps its nonzero columns, in increasing order: row i's are
  // nzA[i·r .. i·r + nA[i])
  const nzA = work.ints(rr);
  const nzB = work.ints(rr);
  const nA = work.ints(r);
  const nB = work.ints(r);
  for (let i = 0; i < r; i++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < r; k++) {
      if (A[i * r + k] !== 0) nzA[i * r + a++] = k;
      if (B[i * r + k] !== 0) nzB[i * r + b++] = k;
    }
    nA[i] = a;
    nB[i] = b;
  }
  const AG = work.floats(rr); // A G + B C'
  const AC = work.floats(rr); // A C + B
  for (let i = 0; i < r; i++) {
    for (let l = 0; l < r; l++) {
      let g = 0;
      let c = B[i * r + l];
      for (let x = i * r, end = x + nA[i]; x < end; x++) {
        const k = nzA[x];
        const aik = A[i * r + k];
        g += aik * gamma[Math.abs(k - l)];
        if (l >= k) c += aik * psi[l - k];
      }
      // (B C')[i][l] = Σ_k B[i][k] C[l][k] = Σ_{k ≥ l} B[i][k] ψ_{k−l}
      for (let x = i * r, end = x + nB[i]; x < end; x++) {
        const k = nzB[x];
        if (k >= l) g += B[i * r + k] * psi[k - l];
      }
      AG[i * r + l] = g;
      AC[i * r + l] = c;
    }
  }
  const P = new Float64Array(rr);
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let s = 0;
      for (let x = j * r, end = x + nA[j]; x < end; x++) s += AG[i * r + nzA[x]] * A[j * r + nzA[x]];
      for (let x = j * r, end = x + nB[j]; x < end; x++) s += AC[i * r + nzB[x]] * B[j * r + nzB[x]];
      P[i * r + j] = s;
      P[j * r + i] = s;
    }
  }
  return P;
}

/**
 * The Kalman filter of the ARMA model over w: the likelihood sums, and optionally the
 * standardized residuals v_t / sqrt(F_t) (R's `residuals`), the one-step predictions of w, and
 * the state after the last value. It starts from the stationary distribution, or with `init` from
 * a filtered state one step before w[0] (the ARMA part of R's state after the diffuse values).
 * @example const { ssq, sumlog, nu } = armaKalman(w, phi, theta);
 * @throws Error for a non-stationary AR polynomial.
 */
export function armaKalman(
  w: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  out: { resid?: Float64Array; predicted?: Float64Array; state?: KalmanState; init?: KalmanState } = {},
): KalmanResult {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const n = w.length;
  const R = new Float64Array(r); // (1, θ)
  R[0] = 1;
  for (let i = 0; i < q; i++) R[i + 1] = theta[i];
  // (r, r) the prediction covariance at t = 0, or with `init` the filtered one before w[0]
  let P: Float64Array = out.init ? Float64Array.from(out.init.P) : stationaryCovariance(phi, theta);
  let Pn: Float64Array = new Float64Array(r * r);
  const a = out.init ? Float64Array.from(out.init.a) : new Float64Array(r); // filtered state
  const an = new Float64Array(r); // predicted state
  const M = new Float64Array(r); // P[:, 0]
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  // once the filtered covariance stops changing (to 1e-13 relative) it stays: the gain is then
  // fixed and each step costs O(r) instead of O(r²) (pure AR models get there after p values)
  let frozen = false;
  let frozenF = 0;
  let frozenLogF = 0; // Math.log(frozenF), once: the same number every step after
  // the rows i with φ_i ≠ 0 (seasonal models have few: lags 1, 2, 24, 25, ... of 50); the others'
  // terms of the covariance step are exact zeros, so skipping them changes no bit
  const arRow = new Uint8Array(r);
  for (let i = 0; i < p; i++) if (phi[i] !== 0) arRow[i] = 1;
  for (let t = 0; t < n; t++) {
    // predict: an = T a, Pn = T P T' + R R' (P is the filtered covariance; at t = 0 Pn is the prior)
    for (let i = 0; i < r; i++) an[i] = (i < r - 1 ? a[i + 1] : 0) + (i < p ? phi[i] * a[0] : 0);
    // the covariance's step, until it is frozen: Pn, the innovation variance F = Pn[0] and M = Pn[., 0]
    let F = frozenF;
    if (!frozen) {
      if (t > 0 || out.init) predictCovariance(P, Pn, R, phi, arRow, r);
      else Pn.set(P);
      F = Pn[0];
      for (let i = 0; i < r; i++) M[i] = Pn[i * r];
    }
    // update with w_t
    const v = w[t] - an[0];
    if (out.predicted) out.predicted[t] = an[0];
    if (F < 1e4) {
      nu++;
      ssq += (v * v) / F;
      sumlog += frozen ? frozenLogF : Math.log(F);
    }
    if (out.resid) out.resid[t] = v / Math.sqrt(F);
    for (let i = 0; i < r; i++) a[i] = an[i] + (M[i] * v) / F;
    if (frozen) continue;
    // the filtered covariance Pn − M M'/F, symmetric as Pn is: the upper triangle, mirrored
    let same = t > 0;
    for (let i = 0; i < r; i++) {
      const mi = M[i];
      for (let j = i; j < r; j++) {
        const v2 = (Pn[i * r + j] -= (mi * M[j]) / F);
        Pn[j * r + i] = v2;
        if (same && Math.abs(v2 - P[i * r + j]) > 1e-13 * (1 + Math.abs(v2))) same = false;
      }
    }
    if (same) {
      frozen = true;
      frozenF = F;
      frozenLogF = Math.log(F);
    }
    const swap = P;
    P = Pn;
    Pn = swap;
  }
  if (out.state) {
    out.state.a = Float64Array.from(a);
    out.state.P = Float64Array.from(P);
  }
  return { ssq, sumlog, nu };
}

/**
 * The Kalman filter's covariance prediction Pn = T P T' + R R' for the ARMA state (T: φ in the
 * first column, ones above the diagonal), element by element as
 *   Pn[i][j] = R_i R_j + φ_i φ_j P[0][0] + (P[i+1][0] φ_j + P[i+1][j+1]) + φ_i P[0][j+1]
 * (terms past the matrix are 0). Where φ_i = φ_j = 0 and neither index is the last, that is
 * R_i R_j + P[i+1][j+1] exactly, so those elements skip the other terms; the rest (`arRow`, the
 * last row and column) take the whole sum in the same order: no bit differs.
 */
function predictCovariance(P: Float64Array, Pn: Float64Array, R: Float64Array, phi: ArrayLike<number>, arRow: Uint8Array, r: number): void {
  const p = phi.length;
  const p00 = P[0];
  for (let i = 0; i < r; i++) {
    const phii = i < p ? phi[i] : 0;
    const ri = R[i];
    const below = (i + 1) * r; // row i + 1 of P
    const full = arRow[i] === 1 || i === r - 1;
    for (let j = i; j < r; j++) {
      let s: number;
      if (full || arRow[j] === 1 || j === r - 1) {
        const phij = j < p ? phi[j] : 0;
        s = ri * R[j] + phii * phij * p00;
        if (i < r - 1) s += P[below] * phij + (j < r - 1 ? P[below + j + 1] : 0);
        if (j < r - 1) s += phii * P[j + 1];
      } else {
        s = ri * R[j] + P[below + j + 1];
      }
      Pn[i * r + j] = s;
      Pn[j * r + i] = s;
    }
  }
}

/**
 * The conditional sum of squares of the ARMA model over w, divided by the number of residuals
 * (R's `ARIMA_CSS`): residuals from index `phi.length` on; `resid`, when given, receives them
 * (0 before).
 * @example armaCss(w, [0.5], [0.3]);
 * @throws never (NaN when w is too short).
 */
export function armaCss(w: ArrayLike<number>, phi: ArrayLike<number>, theta: ArrayLike<number>, resid?: Float64Array): number {
  const p = phi.length;
  const q = theta.length;
  const n = w.length;
  const e = resid ?? new Float64Array(n);
  e.fill(0, 0, Math.min(p, n));
  let ssq = 0;
  let nu = 0;
  for (let t = p; t < n; t++) {
    let s = w[t];
    for (let j = 0; j < p; j++) s -= phi[j] * w[t - j - 1];
    const jmax = Math.min(q, t - p);
    for (let j = 0; j < jmax; j++) s -= theta[j] * e[t - j - 1];
    e[t] = s;
    ssq += s * s;
    nu++;
  }
  return ssq / nu;
}

/** Solves A x = b (A n×n row-major, overwritten) by Gaussian elimination with partial pivoting; x in b. */
export function solveInPlace(A: Float64Array, b: Float64Array, n: number): void {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(A[i * n + c]) > Math.abs(A[piv * n + c])) piv = i;
    if (A[piv * n + c] === 0) throw new Error('singular system (a unit root in the AR polynomial)');
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const tmp = A[c * n + j];
        A[c * n + j] = A[piv * n + j];
        A[piv * n + j] = tmp;
      }
      const tb = b[c];
      b[c] = b[piv];
      b[piv] = tb;
    }
    for (let i = c + 1; i < n; i++) {
      const f = A[i * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[i * n + j] -= f * A[c * n + j];
      b[i] -= f * b[c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * b[j];
    b[i] = s / A[i * n + i];
  }
}
