/**
 * A small derivative-free minimiser: the Nelder–Mead simplex method in the variant of J. C. Nash,
 * "Compact Numerical Methods for Computers" (2nd ed., 1990, Algorithm 19), which is also what R's
 * `optim(method = "Nelder-Mead")` runs. The statistical forecasters (ETS, Theta) fit their
 * parameters with it, so that seqcast reaches the optima R's `forecast` package reaches from the
 * same start.
 *
 * The method, in short (n parameters, n + 1 vertices):
 *   - the simplex starts at x0 and x0 + step·e_i for each coordinate i;
 *   - each iteration reflects the worst vertex through the centroid of the others; if that beats the
 *     best vertex it tries twice as far (expansion); otherwise it contracts half way between the
 *     worst (or the reflected point, when that is better) and the centroid; when the contraction
 *     fails too and the reflection was no better than the worst, the whole simplex shrinks towards
 *     the best vertex;
 *   - it stops when the spread of the function values over the simplex is at most
 *     tol · (|f(x0)| + tol), when the shrinking no longer reduces the simplex, or when `maxIter`
 *     evaluations have been spent.
 * A non-finite value (NaN, ±Infinity) counts as a very large one (1e35): return Infinity from `f`
 * for a point outside the feasible region, and the simplex moves away from it.
 *
 * Browser-safe: no Node modules.
 */
import { OptionError } from '../../errors.js';

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** Distance of the first simplex's vertices from x0, along each axis. Default: 0.1·max|x0[i]|, or 0.1 when x0 is all zeros (as R). */
  step?: number;
  /** The most evaluations of `f` (R's `maxit` counts the same way for Nelder–Mead). Default 500 (as R). */
  maxIter?: number;
  /** Relative tolerance on the spread of f over the simplex. Default sqrt(machine epsilon) ≈ 1.49e-8 (as R's `reltol`). */
  tol?: number;
}

/** What {@link minimize} found. */
export interface MinimizeResult {
  /** The best vertex of the final simplex. */
  x: Float64Array;
  /** f(x); 1e35 stands for a non-finite value. */
  value: number;
  /** How many times `f` was called. */
  evaluations: number;
  /** true when the simplex's values came within the tolerance; false when it ran out of evaluations or could not shrink further. */
  converged: boolean;
}

/** What a non-finite function value counts as (R's `big`). */
const BIG = 1e35;
/** Reflection, contraction and expansion coefficients (Nash's, R's defaults). */
const REFLECT = 1;
const CONTRACT = 0.5;
const EXPAND = 2;

/**
 * Minimises `f` from `x0` by the Nelder–Mead simplex method.
 *
 * `f` is called with a scratch array it may read but must not keep (it is overwritten between
 * calls). The method needs no derivatives and tolerates a discontinuous or partly infinite `f`,
 * which is why it suits likelihoods with parameter bounds enforced by returning Infinity.
 *
 * @example
 * const { x, value } = minimize((p) => (p[0] - 1) ** 2 + 10 * (p[1] + 2) ** 2, [0, 0], { maxIter: 2000 });
 * // x ≈ [1, -2], value ≈ 0
 * @throws OptionError when x0 is empty or holds a non-finite number, when an option is out of range,
 *   or when f(x0) is not finite (the start must be a feasible point).
 */
export function minimize(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  if (n < 1) throw new OptionError('minimize needs at least one parameter, got an empty x0: pass the starting point.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x0[i])) throw new OptionError(`minimize: x0[${i}] is ${x0[i]}; start from finite numbers.`);
  }
  const maxIter = options.maxIter ?? 500;
  const tol = options.tol ?? Math.sqrt(Number.EPSILON);
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new OptionError(`minimize maxIter must be a positive integer, got ${maxIter}: e.g. 500.`);
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new OptionError(`minimize tol must be a finite number >= 0, got ${tol}: e.g. 1e-8.`);
  let step = options.step;
  if (step === undefined) {
    step = 0;
    for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(x0[i]));
    if (step === 0) step = 0.1;
  } else if (!(step > 0) || !Number.isFinite(step)) {
    throw new OptionError(`minimize step must be a finite number > 0, got ${step}: e.g. 0.1.`);
  }

  const x = new Float64Array(n); // the scratch point f sees
  const evaluate = (p: Float64Array): number => {
    x.set(p);
    const v = f(x);
    return Number.isFinite(v) ? v : BIG;
  };

  // vertices[j] is vertex j (n + 1 of them), values[j] its function value
  const vertices = Array.from({ length: n + 1 }, () => Float64Array.from(x0));
  const values = new Float64Array(n + 1);
  const start = evaluate(vertices[0]);
  if (start === BIG) throw new OptionError('minimize: f(x0) is not finite; start from a point where the function can be evaluated.');
  values[0] = start;
  let evaluations = 1;
  const convergenceTol = tol * (Math.abs(start) + tol);

  // the first simplex: x0 moved by step along each axis (a larger step where the move is lost to rounding)
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const v = vertices[j];
    let tryStep = step;
    while (v[j - 1] === x0[j - 1]) {
      v[j - 1] = x0[j - 1] + tryStep;
      tryStep *= 10;
    }
    size += tryStep;
  }
  let oldSize = size;

  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  const reflected = new Float64Array(n);
  let best = 0;
  let evaluateVertices = true;
  let converged = false;

  for (;;) {
    if (evaluateVertices) {
      for (let j = 0; j <= n; j++) {
        if (j === best) continue;
        values[j] = evaluate(vertices[j]);
        evaluations++;
      }
      evaluateVertices = false;
    }
    // best and worst vertices (ties keep the earlier choice)
    let lowest = values[best];
    let highest = lowest;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const v = values[j];
      if (v < lowest) {
        best = j;
        lowest = v;
      }
      if (v > highest) {
        worst = j;
        highest = v;
      }
    }
    if (highest <= lowest + convergenceTol) {
      converged = true;
      break;
    }

    // centroid of every vertex but the worst
    for (let i = 0; i < n; i++) {
      let sum = -vertices[worst][i];
      for (let j = 0; j <= n; j++) sum += vertices[j][i];
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + REFLECT) * centroid[i] - REFLECT * vertices[worst][i];
    const reflectedValue = evaluate(trial);
    evaluations++;

    if (reflectedValue < lowest) {
      // better than the best: try going twice as far
      reflected.set(trial);
      for (let i = 0; i < n; i++) trial[i] = EXPAND * reflected[i] + (1 - EXPAND) * centroid[i];
      const expandedValue = evaluate(trial);
      evaluations++;
      if (expandedValue < reflectedValue) {
        vertices[worst].set(trial);
        values[worst] = expandedValue;
      } else {
        vertices[worst].set(reflected);
        values[worst] = reflectedValue;
      }
    } else {
      if (reflectedValue < highest) {
        vertices[worst].set(trial);
        values[worst] = reflectedValue;
      }
      // contract: half way from the (possibly replaced) worst vertex to the centroid
      for (let i = 0; i < n; i++) trial[i] = (1 - CONTRACT) * vertices[worst][i] + CONTRACT * centroid[i];
      const contractedValue = evaluate(trial);
      evaluations++;
      if (contractedValue < values[worst]) {
        vertices[worst].set(trial);
        values[worst] = contractedValue;
      } else if (reflectedValue >= highest) {
        // nothing helped: shrink every vertex towards the best one
        evaluateVertices = true;
        size = 0;
        const b = vertices[best];
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const v = vertices[j];
          for (let i = 0; i < n; i++) {
            v[i] = CONTRACT * (v[i] - b[i]) + b[i];
            size += Math.abs(v[i] - b[i]);
          }
        }
        if (size < oldSize) oldSize = size;
        else break; // the simplex no longer shrinks: as small as rounding allows
      }
    }
    if (evaluations > maxIter) break;
  }
  return { x: Float64Array.from(vertices[best]), value: values[best], evaluations, converged };
}
