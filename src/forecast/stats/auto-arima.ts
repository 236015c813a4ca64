/**
 * The automatic ARIMA choice of R's `forecast::auto.arima(y)` with its defaults (forecast 8.20;
 * Hyndman & Khandakar 2008):
 *
 *   1. a constant series: ARIMA(0,0,0) with its mean;
 *   2. D by `nsdiffs` (seasonal strength of the MSTL decomposition > 0.64; 0 when n <= 2m), then
 *      d by `ndiffs` (KPSS at 5 %) on the seasonally differenced series; a constant difference gets
 *      the matching random walk (with the drift or mean of the differences);
 *   3. maximum orders p, q <= 5 (and < m with a seasonal AR/MA), P, Q <= 2, each at most n/3
 *      (n/3m for P, Q);
 *   4. the stepwise search by AICc from ARIMA(2,d,2)(1,D,1) (p, q <= 1 and no seasonal terms
 *      below 10 values), ARIMA(0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1) and, with a constant,
 *      (0,d,0)(0,D,0) without it; then the neighbours of the best (P, Q, both, then p, q, both ± 1,
 *      and the constant toggled), moving to the first that improves, up to 94 models;
 *      a constant is a mean for d + D = 0, a drift for d + D = 1, none otherwise;
 *   5. a model is rejected (AICc ∞) when it cannot be fitted, when an AR or MA root lies within
 *      1.01 of the unit circle, or when a coefficient's variance from the Hessian is negative;
 *   6. with n > 150 or m > 12 (R's `approximation`) the search fits by CSS and compares
 *      offset + n' log σ²_CSS + 2 k (the offset from the ARIMA(0,d,0)(0,D,0) fit by ML), then
 *      refits the candidates by CSS-ML in the order of that criterion and keeps the first that
 *      passes the checks.
 *
 * Browser-safe: no Node modules.
 */
import { TrainingError, InputError } from '../../errors.js';
import { difference, expandArma, type ArimaOrder } from './arima-model.js';
import { fitArima, fixedArima, type ArimaFit } from './arima-fit.js';
import { polyroot } from './polyroot.js';
import { isConstant, ndiffs } from './kpss.js';
import { nsdiffs } from './seasonal-strength.js';

/** Options of {@link autoArima}. */
export interface AutoArimaOptions {
  /** The number of differences; default: ndiffs's choice. */
  d?: number;
  /** The number of seasonal differences; default: nsdiffs's choice (0 when period is 1). */
  D?: number;
  /**
   * R's `approximation`: search by CSS, then refit by CSS-ML; default n > 150 or period > 12 (R's,
   * read with the series' frequency, which a caller passing period 1 for a seasonal series, as
   * stlf's `seasonal = FALSE`, gives here).
   */
  approximation?: boolean;
}

/** One model the search tried. */
export interface AutoArimaTrial {
  order: ArimaOrder;
  constant: boolean;
  /** The criterion (AICc, or the CSS approximation of it); Infinity for a rejected model. */
  ic: number;
}

/** What {@link autoArima} gives: the chosen fit and the models tried, in order. */
export interface AutoArimaResult {
  fit: ArimaFit;
  trials: AutoArimaTrial[];
  approximation: boolean;
}

const NMODELS = 94;

/**
 * Chooses and fits an ARIMA model as R's `auto.arima(ts(y, frequency = period))`.
 *
 * @example const { fit } = autoArima(values, 12); // arimaName(fit.order, fit.constant), e.g. 'ARIMA(0,1,1)(0,1,1)[12]'
 * @throws InputError when the series is too short to difference as chosen; TrainingError when no
 *   model passes the checks (R's "No suitable ARIMA model found").
 */
export function autoArima(y: ArrayLike<number>, period: number, options: AutoArimaOptions = {}): AutoArimaResult {
  const x = Float64Array.from(y as ArrayLike<number>);
  const n = x.length;
  const trials: AutoArimaTrial[] = [];
  const order = (p: number, d: number, q: number, P: number, D: number, Q: number, m: number): ArimaOrder => ({
    p,
    d,
    q,
    P: m > 1 ? P : 0,
    D: m > 1 ? D : 0,
    Q: m > 1 ? Q : 0,
    period: m,
  });
  if (n === 0) throw new InputError('auto.arima: the series is empty: pass at least one value.');
  if (isConstant(x)) {
    let mean = 0;
    for (const v of x) mean += v;
    return { fit: fixedArima(x, order(0, 0, 0, 0, 0, 0, 1), 'mean', [mean / n]), trials, approximation: false };
  }
  const m = Math.max(1, Math.round(period));
  let maxp = Math.min(5, Math.floor(n / 3));
  let maxq = Math.min(5, Math.floor(n / 3));
  let maxP = Math.min(2, Math.floor(n / 3 / m));
  let maxQ = Math.min(2, Math.floor(n / 3 / m));
  const icName: 'aicc' | 'aic' = n <= 3 ? 'aic' : 'aicc';
  let D: number;
  if (m === 1) {
    D = 0;
    maxP = 0;
    maxQ = 0;
  } else if (options.D !== undefined) D = options.D;
  else if (n <= 2 * m) D = 0;
  else {
    D = nsdiffs(x, m);
    if (D > 0 && n - m <= 0) D--;
  }
  let dx = D > 0 ? difference(x, 0, D, m) : x;
  let d: number;
  if (options.d !== undefined) d = options.d;
  else {
    d = ndiffs(dx);
    if (d > 0 && dx.length - d <= 0) d--;
  }
  dx = difference(dx, d, 0, 1);
  if (dx.length === 0)
    throw new InputError(`auto.arima: ${n} values are not enough after ${d} difference(s) and ${D} seasonal one(s): use a longer series.`);
  if (isConstant(dx)) {
    let mean = 0;
    for (const v of dx) mean += v;
    mean /= dx.length;
    let fit: ArimaFit;
    if (D > 0 && d === 0) fit = fixedArima(x, order(0, 0, 0, 0, D, 0, m), 'drift', [mean / m]);
    else if (D > 0 && d > 0) fit = fitArima(x, order(0, d, 0, 0, D, 0, m), 'none');
    else if (d === 2) fit = fitArima(x, order(0, 2, 0, 0, 0, 0, m), 'none');
    else if (d < 2) fit = fixedArima(x, order(0, d, 0, 0, 0, 0, m), d === 0 ? 'mean' : 'drift', [mean]);
    else throw new InputError('auto.arima: the series follows a polynomial exactly; it is not suitable for ARIMA modelling.');
    return { fit, trials, approximation: false };
  }
  if (m > 1) {
    if (maxP > 0) maxp = Math.min(maxp, m - 1);
    if (maxQ > 0) maxq = Math.min(maxq, m - 1);
  }
  const approximation = options.approximation ?? (n > 150 || m > 12);
  let offset = 0;
  if (approximation) {
    try {
      // stats::arima(x, c(0, d, 0), seasonal c(0, D, 0)) with its default mean when d = D = 0
      const base = fitArima(x, order(0, d, 0, 0, D, 0, m), d + D === 0 ? 'mean' : 'none');
      offset = -2 * base.loglik - n * Math.log(base.sigma2Stats);
    } catch {
      offset = 0;
    }
  }
  const allowdrift = d + D === 1;
  const allowmean = d + D === 0;
  let constant = allowdrift || allowmean;
  const nstar = n - d - D * m;

  // forecast's myarima: the fit and its criterion, Infinity when rejected
  const tryFit = (
    p: number,
    q: number,
    P: number,
    Q: number,
    withConstant: boolean,
    approx: boolean,
  ): { fit: ArimaFit | null; ic: number } => {
    const o = order(p, d, q, P, D, Q, m);
    const kind = withConstant ? (d + D === 1 ? 'drift' : d + D === 0 ? 'mean' : 'none') : 'none';
    // forecast's root check: every AR and MA root at least 1.01 from the origin
    const rootsOk = (coef: Float64Array): boolean => {
      const { phi, theta } = expandArma(o, coef);
      let minroot = 2;
      if (o.p + o.P > 0) minroot = Math.min(minroot, rootCheck(phi, -1));
      if (o.q + o.Q > 0) minroot = Math.min(minroot, rootCheck(theta, 1));
      return !(minroot < 1 + 0.01);
    };
    let fit: ArimaFit;
    try {
      // a model the root check rejects needs no Hessian: its criterion is Infinity either way
      fit = fitArima(x, o, kind, { method: approx ? 'CSS' : 'CSS-ML', accept: rootsOk });
    } catch {
      return { fit: null, ic: Infinity };
    }
    const npar = fit.coef.length + 1;
    let aic = fit.aic;
    if (approx) aic = offset + nstar * Math.log(fit.cssSigma2) + 2 * npar;
    let ic: number;
    if (!Number.isNaN(aic)) {
      const aicc = aic + (2 * npar * (npar + 1)) / (nstar - npar - 1);
      ic = icName === 'aic' ? aic : aicc;
    } else ic = Infinity;
    let minroot = 2;
    const { phi, theta } = expandArma(o, fit.coef);
    if (o.p + o.P > 0) minroot = Math.min(minroot, rootCheck(phi, -1));
    if (o.q + o.Q > 0 && ic < Infinity) minroot = Math.min(minroot, rootCheck(theta, 1));
    if (minroot < 1 + 0.01 || !fit.varianceOk) ic = Infinity;
    return { fit, ic };
  };
  const record = (p: number, q: number, P: number, Q: number, c: boolean, ic: number): void => {
    trials.push({ order: order(p, d, q, P, D, Q, m), constant: c, ic });
  };
  const isNew = (p: number, q: number, P: number, Q: number, c: boolean): boolean =>
    !trials.some(
      (t) => t.order.p === p && t.order.q === q && t.order.P === (m > 1 ? P : 0) && t.order.Q === (m > 1 ? Q : 0) && t.constant === c,
    );

  let startp = 2;
  let startq = 2;
  let startP = 1;
  let startQ = 1;
  if (n < 10) {
    startp = 1;
    startq = 1;
    startP = 0;
    startQ = 0;
  }
  let p = Math.min(startp, maxp);
  let q = Math.min(startq, maxq);
  let P = Math.min(startP, maxP);
  let Q = Math.min(startQ, maxQ);
  let best = tryFit(p, q, P, Q, constant, approximation);
  record(p, q, P, Q, constant, best.ic);
  let fit = tryFit(0, 0, 0, 0, constant, approximation);
  record(0, 0, 0, 0, constant, fit.ic);
  if (fit.ic < best.ic) {
    best = fit;
    p = q = P = Q = 0;
  }
  if (maxp > 0 || maxP > 0) {
    const p1 = maxp > 0 ? 1 : 0;
    const P1 = m > 1 && maxP > 0 ? 1 : 0;
    fit = tryFit(p1, 0, P1, 0, constant, approximation);
    record(p1, 0, P1, 0, constant, fit.ic);
    if (fit.ic < best.ic) {
      best = fit;
      p = p1;
      P = P1;
      q = Q = 0;
    }
  }
  if (maxq > 0 || maxQ > 0) {
    const q1 = maxq > 0 ? 1 : 0;
    const Q1 = m > 1 && maxQ > 0 ? 1 : 0;
    fit = tryFit(0, q1, 0, Q1, constant, approximation);
    record(0, q1, 0, Q1, constant, fit.ic);
    if (fit.ic < best.ic) {
      best = fit;
      p = P = 0;
      Q = Q1;
      q = q1;
    }
  }
  if (constant) {
    fit = tryFit(0, 0, 0, 0, false, approximation);
    record(0, 0, 0, 0, false, fit.ic);
    if (fit.ic < best.ic) {
      best = fit;
      p = q = P = Q = 0;
    }
  }
  // the neighbours, in R's order: [dp, dq, dP, dQ] and when each may be tried
  const moves: [number, number, number, number, () => boolean][] = [
    [0, 0, -1, 0, () => P > 0],
    [0, 0, 0, -1, () => Q > 0],
    [0, 0, 1, 0, () => P < maxP],
    [0, 0, 0, 1, () => Q < maxQ],
    [0, 0, -1, -1, () => Q > 0 && P > 0],
    [0, 0, -1, 1, () => Q < maxQ && P > 0],
    [0, 0, 1, -1, () => Q > 0 && P < maxP],
    [0, 0, 1, 1, () => Q < maxQ && P < maxP],
    [-1, 0, 0, 0, () => p > 0],
    [0, -1, 0, 0, () => q > 0],
    [1, 0, 0, 0, () => p < maxp],
    [0, 1, 0, 0, () => q < maxq],
    [-1, -1, 0, 0, () => q > 0 && p > 0],
    [-1, 1, 0, 0, () => q < maxq && p > 0],
    [1, -1, 0, 0, () => q > 0 && p < maxp],
    [1, 1, 0, 0, () => q < maxq && p < maxp],
  ];
  let k = trials.length;
  let startk = 0;
  while (startk < k && k < NMODELS) {
    startk = k;
    let moved = false;
    for (const [dp, dq, dP, dQ, allowed] of moves) {
      if (!allowed() || !isNew(p + dp, q + dq, P + dP, Q + dQ, constant)) continue;
      k++;
      if (k > NMODELS) break;
      fit = tryFit(p + dp, q + dq, P + dP, Q + dQ, constant, approximation);
      record(p + dp, q + dq, P + dP, Q + dQ, constant, fit.ic);
      if (fit.ic < best.ic) {
        best = fit;
        p += dp;
        q += dq;
        P += dP;
        Q += dQ;
        moved = true;
        break;
      }
    }
    if (moved || k > NMODELS) continue;
    if ((allowdrift || allowmean) && isNew(p, q, P, Q, !constant)) {
      k++;
      if (k > NMODELS) continue;
      fit = tryFit(p, q, P, Q, !constant, approximation);
      record(p, q, P, Q, !constant, fit.ic);
      if (fit.ic < best.ic) {
        best = fit;
        constant = !constant;
      }
    }
  }
  if (approximation && best.fit) {
    // refit by CSS-ML in the order of the approximate criterion (stable: ties keep the search's order)
    const ranked = trials.map((t, i) => ({ t, i })).sort((a, b) => a.t.ic - b.t.ic || a.i - b.i);
    let refitted: ArimaFit | null = null;
    for (const { t } of ranked) {
      const r = tryFit(t.order.p, t.order.q, t.order.P, t.order.Q, t.constant, false);
      if (r.ic < Infinity) {
        refitted = r.fit;
        break;
      }
    }
    if (!refitted)
      throw new TrainingError('auto.arima: no model could be refitted by maximum likelihood: try fixed orders (order, seasonal).');
    return { fit: refitted, trials, approximation };
  }
  if (!best.fit || best.ic === Infinity)
    throw new TrainingError('auto.arima: no suitable ARIMA model found: try fixed orders (order, seasonal).');
  return { fit: best.fit, trials, approximation };
}

/** The smallest root modulus of (1, sign·coef[0..last nonzero]) with |coef| > 1e-8 marking the last (forecast's myarima), 2 when none. */
function rootCheck(coef: Float64Array, sign: number): number {
  let last = -1;
  for (let i = 0; i < coef.length; i++) if (Math.abs(coef[i]) > 1e-8) last = i;
  if (last < 0) return 2;
  const c = [1];
  for (let i = 0; i <= last; i++) c.push(sign * coef[i]);
  let min = 2;
  for (const [re, im] of polyroot(c)) min = Math.min(min, Math.hypot(re, im));
  return min;
}
