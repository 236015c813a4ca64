/**
 * The ARIMA(p,d,q)(P,D,Q)[m] model as R's `stats::arima` writes it, and the parameter maps its
 * estimation uses:
 *
 *   (1 − φ1 B − … − φp B^p)(1 − Φ1 B^m − …)(1 − B)^d (1 − B^m)^D (y_t − μ − δ t)
 *       = (1 + θ1 B + … + θq B^q)(1 + Θ1 B^m + …) e_t
 *
 * The coefficient vector has R's order: ar1..arp, ma1..maq, sar1..sarP, sma1..smaQ, then the
 * regression terms (intercept μ for d + D = 0, drift δ for d + D = 1).
 *
 *   expandArma: the seasonal and non-seasonal polynomials multiplied out (R's `model$phi`, `theta`)
 *   partrans / invPartrans: AR coefficients from unconstrained values through partial
 *       autocorrelations (Jones 1980; tanh maps R to (−1, 1), the Durbin–Levinson recursion maps
 *       partial autocorrelations in (−1, 1) to a stationary AR polynomial), and back
 *   maInvert: an MA polynomial with its roots inside the unit circle reflected outside (the
 *       invertible polynomial with the same autocovariances)
 *   arimaName: R's `arima.string`, e.g. 'ARIMA(0,1,1)(0,1,1)[12]' or 'ARIMA(2,1,0) with drift'
 *
 * Browser-safe: no Node modules.
 */
import { polyroot, minRootModulus } from './polyroot.js';

/** The orders of a seasonal ARIMA model. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** The season length m (1: no season; P = D = Q = 0 then). */
  period: number;
}

/** The number of ARMA coefficients p + q + P + Q. */
export function armaCount(o: ArimaOrder): number {
  return o.p + o.q + o.P + o.Q;
}

/**
 * The multiplied-out AR and MA polynomials of the ARMA coefficients `coef` (R's order, no
 * transform): phi has p + P·m values, theta q + Q·m.
 * @example expandArma({ p: 0, d: 0, q: 1, P: 0, D: 0, Q: 1, period: 4 }, [0.5, 0.4]).theta; // [0.5, 0, 0, 0.4, 0.2]
 * @throws never.
 */
export function expandArma(o: ArimaOrder, coef: ArrayLike<number>): { phi: Float64Array; theta: Float64Array } {
  const m = o.period;
  const phi = new Float64Array(o.p + o.P * m);
  const theta = new Float64Array(o.q + o.Q * m);
  for (let i = 0; i < o.p; i++) phi[i] = coef[i];
  for (let i = 0; i < o.q; i++) theta[i] = coef[o.p + i];
  for (let j = 0; j < o.P; j++) {
    const s = coef[o.p + o.q + j];
    phi[(j + 1) * m - 1] += s;
    for (let i = 0; i < o.p; i++) phi[(j + 1) * m + i] -= coef[i] * s;
  }
  for (let j = 0; j < o.Q; j++) {
    const s = coef[o.p + o.q + o.P + j];
    theta[(j + 1) * m - 1] += s;
    for (let i = 0; i < o.q; i++) theta[(j + 1) * m + i] += coef[o.p + i] * s;
  }
  return { phi, theta };
}

/**
 * AR coefficients from `raw[from..from+p)` (unconstrained) written to `out[from..from+p)`:
 * tanh gives partial autocorrelations, the Durbin–Levinson recursion the AR polynomial, which is
 * then always stationary.
 * @example partrans([0.5], 0, 1, out); // out[0] = tanh(0.5)
 * @throws never.
 */
export function partrans(raw: ArrayLike<number>, from: number, p: number, out: Float64Array): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) out[from + j] = work[j] = Math.tanh(raw[from + j]);
  for (let j = 1; j < p; j++) {
    const a = out[from + j];
    for (let k = 0; k < j; k++) work[k] -= a * out[from + j - k - 1];
    for (let k = 0; k < j; k++) out[from + k] = work[k];
  }
}

/**
 * The inverse of {@link partrans}: unconstrained values of the stationary AR coefficients
 * `phi[from..from+p)`, written to `out[from..from+p)`.
 * @example invPartrans([Math.tanh(0.5)], 0, 1, out); // out[0] = 0.5
 * @throws never (a non-stationary polynomial gives non-finite values).
 */
export function invPartrans(phi: ArrayLike<number>, from: number, p: number, out: Float64Array): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) out[from + j] = work[j] = phi[from + j];
  // the Durbin–Levinson recursion run backwards gives the partial autocorrelations
  for (let j = p - 1; j > 0; j--) {
    const a = out[from + j];
    for (let k = 0; k < j; k++) work[k] = (out[from + k] + a * out[from + j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[from + k] = work[k];
  }
  for (let j = 0; j < p; j++) out[from + j] = Math.atanh(out[from + j]);
}

/** Applies {@link partrans} to the AR and seasonal AR parts of `coef` (the rest is copied). */
export function transformCoef(o: ArimaOrder, coef: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(coef as ArrayLike<number>);
  if (o.p > 0) partrans(coef, 0, o.p, out);
  if (o.P > 0) partrans(coef, o.p + o.q, o.P, out);
  return out;
}

/** Applies {@link invPartrans} to the AR and seasonal AR parts of `coef` (the rest is copied). */
export function untransformCoef(o: ArimaOrder, coef: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(coef as ArrayLike<number>);
  if (o.p > 0) invPartrans(coef, 0, o.p, out);
  if (o.P > 0) invPartrans(coef, o.p + o.q, o.P, out);
  return out;
}

/**
 * Whether the AR polynomial 1 − ar1 z − … − arp z^p has every root outside the unit circle
 * (R's `arCheck`): trailing zeros are dropped first.
 * @example arStationary([0.5]); // true
 * @throws never.
 */
export function arStationary(ar: ArrayLike<number>): boolean {
  let p = ar.length;
  while (p > 0 && ar[p - 1] === 0) p--;
  if (p === 0) return true;
  const c = [1];
  for (let i = 0; i < p; i++) c.push(-ar[i]);
  return minRootModulus(c) > 1;
}

/**
 * The invertible MA polynomial with the same autocovariances: the roots of 1 + ma1 z + … inside
 * the unit circle reflected outside (R's `maInvert`).
 * @example maInvert([2]); // [0.5]
 * @throws never.
 */
export function maInvert(ma: ArrayLike<number>): Float64Array {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  const out = Float64Array.from(ma as ArrayLike<number>);
  if (q0 === 0) return out;
  const roots = polyroot([1, ...Array.from({ length: q0 }, (_, i) => ma[i])]);
  if (roots.every(([re, im]) => Math.hypot(re, im) >= 1)) return out;
  if (q0 === 1) {
    out.fill(0);
    out[0] = 1 / ma[0];
    return out;
  }
  // the polynomial prod (1 − z / r) with each inside root r replaced by 1 / conj... (1 / r)
  let xr = [1];
  let xi = [0];
  for (const [re0, im0] of roots) {
    let re = re0;
    let im = im0;
    const mod2 = re * re + im * im;
    if (Math.sqrt(mod2) < 1) {
      re = re / mod2;
      im = -im / mod2;
    }
    // x <- c(x, 0) − c(0, x) / r
    const d = re * re + im * im;
    const ir = re / d;
    const ii = -im / d;
    const nr = [...xr, 0];
    const ni = [...xi, 0];
    for (let k = 0; k < xr.length; k++) {
      nr[k + 1] -= xr[k] * ir - xi[k] * ii;
      ni[k + 1] -= xr[k] * ii + xi[k] * ir;
    }
    xr = nr;
    xi = ni;
  }
  out.fill(0);
  for (let k = 0; k < q0; k++) out[k] = xr[k + 1];
  return out;
}

/**
 * R's name of a model (forecast's `arima.string`): 'ARIMA(p,d,q)', the seasonal part
 * '(P,D,Q)[m]' when m > 1 and P + D + Q > 0, then ' with drift', ' with non-zero mean' or
 * ' with zero mean' (the last for d = D = 0 without a mean).
 * @example arimaName({ p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, period: 12 }, 'none'); // 'ARIMA(0,1,1)(0,1,1)[12]'
 * @throws never.
 */
export function arimaName(o: ArimaOrder, constant: 'none' | 'mean' | 'drift'): string {
  let s = `ARIMA(${o.p},${o.d},${o.q})`;
  if (o.period > 1 && o.P + o.D + o.Q > 0) s += `(${o.P},${o.D},${o.Q})[${o.period}]`;
  if (constant === 'drift') return `${s} with drift`;
  if (constant === 'mean') return `${s} with non-zero mean`;
  if (o.d === 0 && o.D === 0) return `${s} with zero mean`;
  return s;
}

/**
 * The series differenced d times at lag 1 and D times at lag m (length n − d − D·m).
 * @example difference(Float64Array.of(1, 3, 6), 1, 0, 1); // [2, 3]
 * @throws never.
 */
export function difference(y: ArrayLike<number>, d: number, D: number, period: number): Float64Array {
  let w = Float64Array.from(y as ArrayLike<number>);
  for (let k = 0; k < d; k++) w = w.subarray(1).map((v, i) => v - w[i]);
  for (let k = 0; k < D; k++) w = w.subarray(period).map((v, i) => v - w[i]);
  return w;
}

/**
 * The coefficients of the differencing polynomial (1 − B)^d (1 − B^m)^D as R's `Delta`:
 * y_t − Σ Delta[i] y_{t−1−i} is the differenced series.
 * @example differencingPolynomial(1, 0, 1); // [1]
 * @throws never.
 */
export function differencingPolynomial(d: number, D: number, period: number): Float64Array {
  let poly = [1];
  const times = (b: number[]): void => {
    const out = new Array(poly.length + b.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += poly[i] * b[j];
    poly = out;
  };
  for (let k = 0; k < d; k++) times([1, -1]);
  for (let k = 0; k < D; k++) times([1, ...new Array(period - 1).fill(0), -1]);
  return Float64Array.from(poly.slice(1), (v) => -v);
}
