/**
 * Fitting an ARIMA model of given orders as R's `forecast::Arima`, which calls
 * `stats::arima(method = "CSS-ML")`:
 *
 *   1. start: ARMA coefficients 0, the regression coefficient from least squares on the
 *      differences (arima-regression.ts); the optimizer's scale (parscale) 1 for the ARMA
 *      coefficients and 10 standard errors for the regression one;
 *   2. CSS: BFGS (bfgs.ts) on ½ log(conditional sum of squares / count) (arima-likelihood.ts); a
 *      non-stationary AR part at its optimum is an error, as in R;
 *   3. ML: BFGS on ½ (log(ssq/ν) + Σ log F / ν), the exact Gaussian likelihood with σ² profiled
 *      out, from the CSS estimates, with the AR parts through partial autocorrelations (`partrans`)
 *      and the MA parts made invertible (`maInvert`), before and after;
 *   4. the Hessian there (R's `optimhess`) for the coefficients' variances: forecast's
 *      `auto.arima` rejects a model with a negative variance;
 *   5. σ² and the criteria: loglik = −½ (2 n' f + n' + n' log 2π) with n' = n − d − D·m the number
 *      of differences, aic = −2 loglik + 2 (k + 1), aicc = aic + 2 (k + 1)(k + 2)/(n' − k − 2),
 *      bic, and forecast's σ² = Σ residuals² / (n' − k) over R's standardized residuals.
 *
 * method 'CSS' (what auto.arima's approximation searches with) stops after step 2: σ² is the
 * conditional mean square, aic is NaN (auto.arima sets its own).
 *
 * Browser-safe: no Node modules.
 */
import { InputError, TrainingError } from '../../errors.js';
import {
  arStationary,
  armaCount,
  differencingPolynomial,
  difference,
  expandArma,
  maInvert,
  transformCoef,
  untransformCoef,
  type ArimaOrder,
} from './arima-model.js';
import { armaCss, armaKalman, solveInPlace, type KalmanResult, type KalmanState } from './arima-likelihood.js';
import { regressionStart, regressors, type ArimaConstant } from './arima-regression.js';
import { bfgs, optimHessian } from './bfgs.js';
import { diffusePosterior, diffuseStart } from './arima-state.js';

/** A fitted ARIMA model. */
export interface ArimaFit {
  order: ArimaOrder;
  constant: ArimaConstant;
  /** R's coefficients: ar, ma, sar, sma, then the intercept or drift. */
  coef: Float64Array;
  /** forecast's σ²: Σ residuals² / (n' − k), what the prediction intervals use. */
  sigma2: number;
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** The number of training values n. */
  n: number;
  method: 'CSS-ML' | 'CSS';
  /** Whether every coefficient variance from the Hessian is >= 0 (forecast's `checkarima` passes). */
  varianceOk: boolean;
  /** R's standardized residuals (n), what σ² sums. */
  residuals: Float64Array;
  /** The ARMA state after the last training value (for forecasts from the training part). */
  state: KalmanState;
  /** For method 'CSS': the conditional mean square (R's `arima(method = "CSS")$sigma2`, what auto.arima's approximate criterion uses); NaN otherwise. */
  cssSigma2: number;
  /** stats::arima's σ², the likelihood's sum of squares / n' (what auto.arima's offset uses). */
  sigma2Stats: number;
}

/** Options of {@link fitArima}. */
export interface ArimaFitOptions {
  /** 'CSS-ML' (R's default) or 'CSS'. */
  method?: 'CSS-ML' | 'CSS';
  /** Every coefficient fixed (R's `fixed` with no NA): nothing is estimated. */
  fixed?: ArrayLike<number>;
  /**
   * A check of the estimated coefficients (R's order, untransformed) run before the Hessian: when
   * it fails, the Hessian (a quarter to a half of a fit's time) is skipped and varianceOk is false.
   * auto.arima passes its root check, which rejects such a model whatever the Hessian says.
   */
  accept?: (coef: Float64Array) => boolean;
  /**
   * false: skip the coefficients' variances (the Hessian, a quarter to a half of a fit's time),
   * for a fit whose caller reads neither them nor `varianceOk` (then true, unchecked); the
   * coefficients and forecasts are the same. Default true.
   */
  variances?: boolean;
}

/** R's .Machine$double.xmax: what R's objective returns where the model cannot be evaluated. */
const XMAX = Number.MAX_VALUE;

/**
 * Fits ARIMA(p,d,q)(P,D,Q)[m] with an optional mean (d + D = 0) or drift (d + D = 1) to y as R's
 * `forecast::Arima(y, order, seasonal, include.mean, include.drift)`.
 *
 * @example const fit = fitArima(y, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, period: 12 }, 'none'); // fit.coef, fit.aicc
 * @throws InputError when y has no more values than the differencing takes (or too few for the
 *   model), TrainingError when the CSS start has a non-stationary AR part or the optimizer fails
 *   (R's errors, which auto.arima skips).
 */
export function fitArima(y: ArrayLike<number>, order: ArimaOrder, constant: ArimaConstant, options: ArimaFitOptions = {}): ArimaFit {
  const method = options.method ?? 'CSS-ML';
  const n = y.length;
  const o = order;
  const delta = differencingPolynomial(o.d, o.D, o.period);
  const nd = delta.length;
  const nUsed = n - nd;
  if (nUsed <= 0)
    throw new InputError(
      `ARIMA: ${n} values are not enough for d = ${o.d}, D = ${o.D} with period ${o.period} (the differences use ${nd}): use a longer series or fewer differences.`,
    );
  const narma = armaCount(o);
  const start = regressionStart(y, o, constant);
  const nreg = start.coef.length;
  const k = narma + nreg;
  const init = new Float64Array(k);
  init.set(start.coef, narma);
  const parscale = new Float64Array(k).fill(1);
  for (let i = 0; i < nreg; i++) parscale[narma + i] = 10 * start.se[i];
  // the differences of y and of the regressors, once: w = dy − dz·β
  const dy = difference(y, o.d, o.D, o.period);
  const dz = regressors(constant, n).map((z) => difference(z, o.d, o.D, o.period));
  const w = new Float64Array(nUsed);
  const adjusted = (coef: ArrayLike<number>): Float64Array => {
    w.set(dy);
    for (let j = 0; j < nreg; j++) {
      const b = coef[narma + j];
      const z = dz[j];
      for (let t = 0; t < nUsed; t++) w[t] -= b * z[t];
    }
    return w;
  };
  const cssObjective = (par: Float64Array): number => {
    const { phi, theta } = expandArma(o, par);
    return 0.5 * Math.log(armaCss(adjusted(par), phi, theta));
  };
  // the first nd values less the regression terms, for R's diffuse start
  const cols = regressors(constant, n);
  const head = new Float64Array(nd);
  const adjustedHead = (coef: ArrayLike<number>): Float64Array => {
    for (let t = 0; t < nd; t++) {
      let v = y[t];
      for (let j = 0; j < nreg; j++) v -= coef[narma + j] * cols[j][t];
      head[t] = v;
    }
    return head;
  };
  // R's likelihood: the full model's filter over the first nd values, then the ARMA filter of the differences
  const likelihood = (
    coef: Float64Array,
    out: { resid?: Float64Array; state?: KalmanState } = {},
  ): KalmanResult & { headResid: Float64Array } => {
    const { phi, theta } = expandArma(o, coef);
    if (nd > 0 && !out.resid) {
      // the optimizer's path: only the state after the diffuse values (their F ≥ κ leave the sums alone)
      const init = diffusePosterior(adjustedHead(coef), phi, theta, delta);
      return { ...armaKalman(adjusted(coef), phi, theta, { ...out, init }), headResid: new Float64Array(0) };
    }
    const start = nd > 0 ? diffuseStart(adjustedHead(coef), phi, theta, delta) : null;
    const res = armaKalman(adjusted(coef), phi, theta, { ...out, init: start?.state });
    if (start) {
      res.ssq += start.ssq;
      res.sumlog += start.sumlog;
      res.nu += start.nu;
    }
    return { ...res, headResid: start?.resid ?? new Float64Array(0) };
  };
  const mlObjective = (par: Float64Array): number => {
    let res;
    try {
      res = likelihood(transformCoef(o, par));
    } catch {
      return XMAX;
    }
    return 0.5 * (Math.log(res.ssq / res.nu) + res.sumlog / res.nu);
  };
  const fail = (what: string): never => {
    throw new TrainingError(`ARIMA: ${what}`);
  };
  const run = (f: (x: Float64Array) => number, x0: Float64Array): ReturnType<typeof bfgs> => {
    try {
      return bfgs(f, x0, { parscale });
    } catch (e) {
      return fail(`the optimizer stopped: ${(e as Error).message}; try another order.`);
    }
  };
  const n2 = nUsed;
  const logLik = (value: number): number => -0.5 * (2 * n2 * value + n2 + n2 * Math.log(2 * Math.PI));
  const npar = k + 1;

  if (options.fixed) {
    if (options.fixed.length !== k) throw new InputError(`ARIMA: fixed has ${options.fixed.length} coefficients, the model has ${k}.`);
    return finish(Float64Array.from(options.fixed as ArrayLike<number>), NaN, true, 1);
  }

  // 2. CSS
  const css = k > 0 ? run(cssObjective, init) : { x: init, value: cssObjective(init), convergence: 0 as const, evaluations: 1 };
  if (method === 'CSS') {
    const coef = css.x;
    const { phi, theta } = expandArma(o, coef);
    const cssResid = new Float64Array(nUsed);
    const sigma2Css = armaCss(adjusted(coef), phi, theta, cssResid);
    let varianceOk = true;
    if (options.accept && !options.accept(Float64Array.from(coef))) varianceOk = false;
    else if (k > 0) varianceOk = variancesNonNegative(optimHessianSafe(cssObjective, coef, parscale), nUsed, null);
    const residuals = new Float64Array(n);
    residuals.set(cssResid, nd);
    if (!Number.isFinite(sigma2Css)) fail('too few values for the conditional sum of squares; use a longer series or a smaller order.');
    let rss = 0;
    for (const e of residuals) rss += e * e;
    return {
      order: o,
      constant,
      coef: Float64Array.from(coef),
      sigma2: rss / (nUsed - npar + 1),
      loglik: logLik(css.value),
      aic: NaN,
      aicc: NaN,
      bic: NaN,
      n,
      method,
      varianceOk,
      residuals,
      state: { a: new Float64Array(0), P: new Float64Array(0) },
      cssSigma2: sigma2Css,
      sigma2Stats: sigma2Css,
    };
  }
  const initMl = css.convergence === 0 ? Float64Array.from(css.x) : Float64Array.from(init);
  if (o.p > 0 && !arStationary(initMl.subarray(0, o.p)))
    fail(
      'the conditional-sum-of-squares start has a non-stationary AR part (R: "non-stationary AR part from CSS"); try another order or more differences.',
    );
  if (o.P > 0 && !arStationary(initMl.subarray(o.p + o.q, o.p + o.q + o.P)))
    fail('the conditional-sum-of-squares start has a non-stationary seasonal AR part; try another order or more seasonal differences.');

  // 3. ML in the transformed coordinates
  let x0 = untransformCoef(o, initMl);
  invertMa(o, x0);
  const ml = k > 0 ? run(mlObjective, x0) : { x: x0, value: mlObjective(x0), convergence: 0 as const, evaluations: 1 };
  let par = Float64Array.from(ml.x);
  let value = ml.value;
  const before = Float64Array.from(par);
  invertMa(o, par);
  if (par.some((v, i) => v !== before[i])) value = mlObjective(par);
  if (value >= XMAX) fail('the likelihood cannot be evaluated at the estimates; try another order.');

  // 4. the coefficients' variances: A' (H n')⁻¹ A with A the Jacobian of the AR transform
  let varianceOk = true;
  if (options.accept && !options.accept(transformCoef(o, par))) varianceOk = false;
  else if (k > 0 && options.variances !== false) {
    const H = optimHessianSafe(mlObjective, par, parscale);
    varianceOk = variancesNonNegative(H, nUsed, transformJacobian(o, par));
  }
  return finish(transformCoef(o, par), value, varianceOk, npar);

  // 5. σ², residuals and the criteria from the filter at the estimates (value NaN: evaluate there)
  function finish(coef: Float64Array, value: number, varianceOk: boolean, nparIc: number): ArimaFit {
    const state: KalmanState = { a: new Float64Array(0), P: new Float64Array(0) };
    const residW = new Float64Array(nUsed);
    const final = likelihood(coef, { resid: residW, state });
    if (Number.isNaN(value)) value = 0.5 * (Math.log(final.ssq / final.nu) + final.sumlog / final.nu);
    const residuals = new Float64Array(n);
    residuals.set(final.headResid);
    residuals.set(residW, nd);
    let rss = 0;
    for (const e of residuals) rss += e * e;
    const loglik = logLik(value);
    const aic = -2 * loglik + 2 * nparIc;
    return {
      order: o,
      constant,
      coef,
      sigma2: rss / (nUsed - nparIc + 1),
      loglik,
      aic,
      aicc: aic + (2 * nparIc * (nparIc + 1)) / (nUsed - nparIc - 1),
      bic: aic + nparIc * (Math.log(nUsed) - 2),
      n,
      method,
      varianceOk,
      residuals,
      state,
      cssSigma2: NaN,
      sigma2Stats: final.ssq / nUsed,
    };
  }
}

/**
 * A model with every coefficient given (R's `Arima(y, ..., fixed = coef)`): what auto.arima
 * returns for a constant series or constant differences.
 * @example fixedArima(y, { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, period: 1 }, 'mean', [5]);
 * @throws as {@link fitArima}.
 */
export function fixedArima(y: ArrayLike<number>, order: ArimaOrder, constant: ArimaConstant, coef: ArrayLike<number>): ArimaFit {
  return fitArima(y, order, constant, { fixed: coef });
}

function invertMa(o: ArimaOrder, par: Float64Array): void {
  if (o.q > 0) par.set(maInvert(par.subarray(o.p, o.p + o.q)), o.p);
  if (o.Q > 0) {
    const from = o.p + o.q + o.P;
    par.set(maInvert(par.subarray(from, from + o.Q)), from);
  }
}

function optimHessianSafe(f: (x: Float64Array) => number, x: Float64Array, parscale: Float64Array): Float64Array | null {
  try {
    return optimHessian(f, x, { parscale });
  } catch {
    return null;
  }
}

/** The Jacobian of transformCoef at par by forward differences of 1e-3 (R's `ARIMA_Gradtrans`), (k, k) row-major. */
function transformJacobian(o: ArimaOrder, par: Float64Array): Float64Array {
  const k = par.length;
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) A[i * k + i] = 1;
  const block = (from: number, len: number): void => {
    if (len === 0) return;
    const base = transformCoef(o, par);
    for (let i = 0; i < len; i++) {
      const shifted = Float64Array.from(par);
      shifted[from + i] += 1e-3;
      const t = transformCoef(o, shifted);
      for (let j = 0; j < len; j++) A[(from + i) * k + from + j] = (t[from + j] - base[from + j]) / 1e-3;
    }
  };
  block(0, o.p);
  block(o.p + o.q, o.P);
  return A;
}

/**
 * Whether diag(A' (H n)⁻¹ A) >= 0 (forecast's `checkarima` asks for no NaN square roots); false
 * when H is missing or numerically singular (R's `solve` fails, and the fit with it).
 */
function variancesNonNegative(H: Float64Array | null, n: number, A: Float64Array | null): boolean {
  if (!H) return false;
  const k = Math.round(Math.sqrt(H.length));
  if (H.some((v) => !Number.isFinite(v))) return false;
  // the inverse column by column; R's solve refuses a reciprocal condition number below eps
  const inv = new Float64Array(k * k);
  let normH = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(H[i * k + j] * n);
    normH = Math.max(normH, s);
  }
  try {
    for (let j = 0; j < k; j++) {
      const Hn = H.map((v) => v * n);
      const e = new Float64Array(k);
      e[j] = 1;
      solveInPlace(Hn, e, k);
      for (let i = 0; i < k; i++) inv[i * k + j] = e[i];
    }
  } catch {
    return false;
  }
  let normInv = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs(inv[i * k + j]);
    normInv = Math.max(normInv, s);
  }
  if (!(1 / (normH * normInv) >= 2.220446049250313e-16)) return false;
  for (let j = 0; j < k; j++) {
    let v: number;
    if (!A) v = inv[j * k + j];
    else {
      // (A' M A)[j][j] = Σ_a Σ_b A[a][j] M[a][b] A[b][j]
      v = 0;
      for (let a = 0; a < k; a++) {
        if (A[a * k + j] === 0) continue;
        for (let b = 0; b < k; b++) v += A[a * k + j] * inv[a * k + b] * A[b * k + j];
      }
    }
    if (!(v >= 0)) return false;
  }
  return true;
}
