/**
 * A variable-metric (BFGS) minimiser with numerical gradients, as R's `optim(method = "BFGS")`:
 * J. C. Nash's algorithm ("Compact Numerical Methods for Computers", 2nd ed. 1990, Algorithm 21,
 * what R's `vmmin` implements), in the scaled coordinates optim uses (x / parscale), with central
 * differences of step `ndeps` (1e-3) in those coordinates for the gradient. ARIMA estimation
 * (arima-fit.ts) runs it as R's `arima` does, so that both reach the same optimum by the same path.
 *
 *   - the inverse Hessian approximation B starts as the identity; the search direction is −B g;
 *   - backtracking: the step starts at 1 and shrinks by 0.2 until the Armijo condition
 *     f ≤ f0 + 1e-4 · step · g'd holds, or until no coordinate changes any more (relative to 10);
 *   - B gets the BFGS update when the curvature t'Δg is positive, else it is reset;
 *   - it stops when a step no longer lowers f by more than reltol · (|f| + reltol) (reltol =
 *     sqrt(machine epsilon)), when a reset identity gives no descent, or after `maxit` iterations.
 *
 * Also `optimHessian`, R's `optimhess`: the Hessian by central differences of the numerical gradient.
 *
 * Browser-safe: no Node modules.
 */

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** R's parscale: the optimizer works on x / parscale. Default all 1. */
  parscale?: ArrayLike<number>;
  /** Finite-difference step in scaled coordinates (R's ndeps). Default 1e-3. */
  ndeps?: number;
  /** Most iterations (R's maxit). Default 100 (R's default for BFGS). */
  maxit?: number;
  /** Relative tolerance (R's reltol). Default sqrt(2.22e-16) ≈ 1.49e-8. */
  reltol?: number;
}

/** What {@link bfgs} found. */
export interface BfgsResult {
  x: Float64Array;
  value: number;
  /** 0 when it converged, 1 when it reached maxit (R's `convergence`). */
  convergence: 0 | 1;
  evaluations: number;
}

const STEP_REDUCTION = 0.2;
const ACCEPT_TOL = 1e-4;
const REL_TEST = 10;

/**
 * Minimises f from x0 as R's `optim(x0, f, method = "BFGS", control = list(parscale, ndeps))`.
 * `f` may return Infinity (or R's double.xmax) for an infeasible point; a step there is shrunk.
 *
 * @example bfgs((x) => (x[0] - 1) ** 2 + (x[1] + 2) ** 2, [0, 0]).x; // ≈ [1, −2]
 * @throws Error when f is not finite at x0, or a finite-difference gradient is not finite (as R).
 */
export function bfgs(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const scale = Float64Array.from({ length: n }, (_, i) => options.parscale?.[i] ?? 1);
  const ndeps = options.ndeps ?? 1e-3;
  const maxit = options.maxit ?? 100;
  const reltol = options.reltol ?? 1.490116119384765625e-8;
  const work = new Float64Array(n);
  let evaluations = 0;
  // the objective and its gradient in scaled coordinates
  const fs = (z: Float64Array): number => {
    for (let i = 0; i < n; i++) work[i] = z[i] * scale[i];
    evaluations++;
    return f(work);
  };
  const grad = (z: Float64Array, g: Float64Array): void => numericGradient(fs, z, g, ndeps);
  const b = Float64Array.from({ length: n }, (_, i) => x0[i] / scale[i]);
  if (maxit <= 0 || n === 0) {
    const value = fs(b);
    return { x: unscale(b, scale), value, convergence: 0, evaluations };
  }
  let f0 = fs(b);
  if (!Number.isFinite(f0)) throw new Error("initial value in 'vmmin' is not finite");
  let fmin = f0;
  const g = new Float64Array(n);
  grad(b, g);
  let gradcount = 1;
  let iter = 1;
  let ilast = gradcount;
  const B = new Float64Array(n * n);
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const t = new Float64Array(n);
  let count = 0;
  do {
    if (ilast === gradcount) {
      B.fill(0);
      for (let i = 0; i < n; i++) B[i * n + i] = 1;
    }
    X.set(b);
    c.set(g);
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= B[i * n + j] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }
    if (gradproj < 0) {
      let steplength = 1;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i] + steplength * t[i];
          if (REL_TEST + X[i] === REL_TEST + b[i]) count++;
        }
        if (count < n) {
          f0 = fs(b);
          accpoint = Number.isFinite(f0) && f0 < 1.7e308 && f0 <= fmin + gradproj * steplength * ACCEPT_TOL;
          if (!accpoint) steplength *= STEP_REDUCTION;
        }
      } while (!(count === n || accpoint));
      const enough = Math.abs(f0 - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        fmin = f0;
      }
      if (count < n) {
        fmin = f0;
        grad(b, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] *= steplength;
          c[i] = g[i] - c[i];
          D1 += t[i] * c[i];
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += B[i * n + j] * c[j];
            X[i] = s;
            D2 += s * c[i];
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return { x: unscale(b, scale), value: fmin, convergence: iter < maxit ? 0 : 1, evaluations };
}

/**
 * The Hessian of f at x by central differences of the numerical gradient, symmetrized (R's
 * `optimhess` with the same parscale and ndeps), in the original coordinates.
 * @example optimHessian((x) => x[0] ** 2, [1]); // ≈ [2]
 * @throws Error when a finite-difference gradient is not finite.
 */
export function optimHessian(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  options: { parscale?: ArrayLike<number>; ndeps?: number } = {},
): Float64Array {
  const n = x.length;
  const scale = Float64Array.from({ length: n }, (_, i) => options.parscale?.[i] ?? 1);
  const ndeps = options.ndeps ?? 1e-3;
  const work = new Float64Array(n);
  const fs = (z: Float64Array): number => {
    for (let i = 0; i < n; i++) work[i] = z[i] * scale[i];
    return f(work);
  };
  const z = Float64Array.from({ length: n }, (_, i) => x[i] / scale[i]);
  const H = new Float64Array(n * n);
  const g1 = new Float64Array(n);
  const g2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const eps = ndeps / scale[i];
    z[i] += eps;
    numericGradient(fs, z, g1, ndeps);
    z[i] -= 2 * eps;
    numericGradient(fs, z, g2, ndeps);
    z[i] += eps;
    for (let j = 0; j < n; j++) H[i * n + j] = (g1[j] - g2[j]) / (2 * eps * scale[i] * scale[j]);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = s;
      H[j * n + i] = s;
    }
  return H;
}

/** Central differences of fs at z with step `ndeps` in each coordinate (R's `fmingr` without a gradient function). */
function numericGradient(fs: (z: Float64Array) => number, z: Float64Array, g: Float64Array, ndeps: number): void {
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    z[i] = zi + ndeps;
    const v1 = fs(z);
    z[i] = zi - ndeps;
    const v2 = fs(z);
    z[i] = zi;
    g[i] = (v1 - v2) / (2 * ndeps);
    if (!Number.isFinite(g[i])) throw new Error(`non-finite finite-difference value [${i + 1}]`);
  }
}

function unscale(z: Float64Array, scale: Float64Array): Float64Array {
  return z.map((v, i) => v * scale[i]);
}
