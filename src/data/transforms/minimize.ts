/**
 * A bounded one-dimensional minimiser: Brent's method (R. P. Brent, "Algorithms for Minimization
 * without Derivatives", 1973, chapter 5, procedure localmin), golden-section steps safeguarding
 * parabolic interpolation through the three best points so far. It is the method of R's
 * `optimize()` and of the classic Fortran `fmin`, with the same stopping rule and default
 * tolerance, so on the same function it visits the same points and stops at the same x: that is
 * what lets Box-Cox's Guerrero lambda agree with R's `BoxCox.lambda` to rounding instead of to
 * `optimize`'s tolerance (~1.2e-4). Browser-safe.
 */
import { OptionError } from '../../errors.js';

/** Options of {@link minimizeBrent}. */
export interface MinimizeOptions {
  /**
   * Stops when x is known to within about 2·(√ε·|x| + tolerance / 3) (ε = 2^−52). Default
   * ε^(1/4) ≈ 1.22e-4, R's `optimize` default.
   */
  tolerance?: number;
}

/** Where {@link minimizeBrent} stopped. */
export interface MinimizeResult {
  /** The best x found, in [lower, upper]. */
  x: number;
  /** f(x). */
  fx: number;
  /** How many times f was called. */
  evaluations: number;
}

const EPSILON = 2 ** -52;
/** (3 − √5) / 2: the golden section's smaller part. */
const GOLDEN = (3 - Math.sqrt(5)) / 2;

/**
 * A local minimum of `f` on [lower, upper] by Brent's method (the file's comment). A value of f
 * that is NaN or ±Infinity counts as the largest double, as R's `optimize` does, so the search
 * moves away from where f is undefined. f is never evaluated at the bounds themselves.
 *
 * @example minimizeBrent((x) => (x - 1) ** 2, -1, 2).x; // ≈ 1 (within the tolerance)
 * @throws OptionError when the bounds are not finite with lower < upper, or the tolerance is not positive.
 */
export function minimizeBrent(f: (x: number) => number, lower: number, upper: number, options: MinimizeOptions = {}): MinimizeResult {
  const tolerance = options.tolerance ?? Math.pow(EPSILON, 0.25);
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(lower < upper)) {
    throw new OptionError(`minimizeBrent needs finite bounds with lower < upper, got [${lower}, ${upper}]: e.g. [-1, 2].`);
  }
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new OptionError(`minimizeBrent tolerance must be a positive number, got ${tolerance}: e.g. 1e-8.`);
  }
  let evaluations = 0;
  const value = (x: number): number => {
    evaluations++;
    const y = f(x);
    return Number.isFinite(y) ? y : Number.MAX_VALUE;
  };
  const sqrtEps = Math.sqrt(EPSILON);
  const tol3 = tolerance / 3;

  // [a, b] brackets the minimum; x is the best point so far, w the second best, v the previous w
  let a = lower;
  let b = upper;
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = value(x);
  let fw = fx;
  let fv = fx;
  let d = 0; // the last step
  let e = 0; // the step before it: a parabolic step must be shorter than half of it
  for (;;) {
    const middle = (a + b) / 2;
    const tol1 = sqrtEps * Math.abs(x) + tol3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - middle) <= tol2 - (b - a) / 2) break; // [a, b] is within 2·tol1 of x

    // the parabola through (v, fv), (w, fw), (x, fx): its minimum is at x + p / q
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    let u: number;
    if (Math.abs(p) >= Math.abs(0.5 * q * r) || p <= q * (a - x) || p >= q * (b - x)) {
      // the parabola's step is too long or leaves [a, b]: a golden-section step into the larger part
      e = x < middle ? b - x : a - x;
      d = GOLDEN * e;
    } else {
      d = p / q;
      u = x + d;
      if (u - a < tol2 || b - u < tol2) d = x < middle ? tol1 : -tol1; // not too close to a bound
    }
    // never evaluate f closer than tol1 to x
    u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
    const fu = value(u);

    // shrink [a, b] around the best point and update the three points the parabola goes through
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, evaluations };
}
