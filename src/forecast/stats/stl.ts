/**
 * STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland, McRae & Terpenning
 * (1990, "STL: a seasonal-trend decomposition procedure based on loess", Journal of Official
 * Statistics 6(1), 3–73), with R's `stats::stl` defaults and its arithmetic: x = S + T + R.
 * Browser-safe.
 *
 * The procedure, as the paper describes it. An inner loop, run `inner` times, refines the
 * seasonal S and the trend T (T starts at 0):
 *  1. detrend: w = x − T;
 *  2. cycle-subseries smoothing: each of the `period` subseries of w (the values at positions j,
 *     j + m, j + 2m, ...) is smoothed by loess (window sWindow, degree sDegree) and extended by one
 *     value before its first and one after its last, giving C (n + 2m values);
 *  3. low-pass filter of C: moving averages of length m, m and 3, then loess (lWindow, lDegree):
 *     L (n values);
 *  4. S = C (the n middle values) − L;
 *  5. deseasonalise x − S and smooth it by loess (tWindow, tDegree): T.
 * An outer loop, run `outer` times (robust fits only), computes robustness weights from the
 * remainder x − S − T (bisquare of |r| / (6 · median |r|)) which every later loess multiplies
 * into its neighbourhood weights.
 *
 * Each loess fit uses the `window` nearest points with tricube weights on their distance scaled
 * by the farthest one (widened by (window − n) / 2 when the window is longer than the series),
 * a weighted mean (degree 0) or a weighted line (degree 1). To save time it is evaluated only every
 * `jump` points (and at the last) and linearly interpolated in between, as R does.
 *
 * With `sWindow: 'periodic'` R smooths with a window of 10n + 1 and degree 0 and then replaces
 * the seasonal component by each cycle position's mean; so does this.
 */
import { InputError, OptionError } from '../../errors.js';

// n = series length, m = period, k = the length of one cycle subseries

/** Options of {@link stl}, with R's `stats::stl` names and defaults. */
export interface StlOptions {
  /** The seasonal loess window (odd, ≥ 3; an even one is raised by 1, as R), or 'periodic'. */
  sWindow: number | 'periodic';
  /** The seasonal loess degree, 0 or 1 (default 0; 'periodic' forces 0). */
  sDegree?: 0 | 1;
  /** The trend window (default nextodd(ceil(1.5 m / (1 − 1.5 / sWindow)))). */
  tWindow?: number;
  /** The trend loess degree, 0 or 1 (default 1). */
  tDegree?: 0 | 1;
  /** The low-pass window (default nextodd(m)). */
  lWindow?: number;
  /** The low-pass loess degree (default tDegree). */
  lDegree?: 0 | 1;
  /** Loess evaluated every sJump points (default ceil(sWindow / 10)). */
  sJump?: number;
  /** Default ceil(tWindow / 10). */
  tJump?: number;
  /** Default ceil(lWindow / 10). */
  lJump?: number;
  /** Robust fitting: R's defaults inner 1, outer 15 instead of inner 2, outer 0 (default false). */
  robust?: boolean;
  /** Inner-loop passes (default 2, or 1 when robust). */
  inner?: number;
  /** Outer (robustness) passes (default 0, or 15 when robust). */
  outer?: number;
}

/** The components of {@link stl}: values = seasonal + trend + remainder. */
export interface StlDecomposition {
  /** (n) */
  seasonal: Float64Array;
  /** (n) */
  trend: Float64Array;
  /** (n) values − seasonal − trend */
  remainder: Float64Array;
  /** (n) The final robustness weights (all 1 when outer = 0). */
  weights: Float64Array;
  /** The windows used, as R's `win` (before the Fortran raises even ones by 1). */
  windows: { s: number; t: number; l: number };
}

/** R's nextodd: round, then add 1 when even. */
const nextOdd = (x: number): number => {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
};

/**
 * Decomposes `values` (period `period`) into seasonal, trend and remainder by STL, as R's
 * `stl(ts(values, frequency = period), ...)`.
 * @example stl(co2, 12, { sWindow: 'periodic' }).seasonal // the mean seasonal pattern, repeated
 * @throws OptionError when period is not an integer ≥ 2, the series has at most two periods
 *   (R: "series is not periodic or has less than two periods"), or a window, degree, jump or
 *   loop count is out of range.
 * @throws InputError when a value is not finite (R: na.fail).
 */
export function stl(values: ArrayLike<number>, period: number, options: StlOptions): StlDecomposition {
  const n = values.length;
  const m = period;
  if (!Number.isInteger(m) || m < 2) {
    throw new OptionError(`stl: period must be an integer of at least 2, got ${period}: e.g. 12 for monthly data.`);
  }
  if (n <= 2 * m) {
    throw new OptionError(`stl: needs more than two periods (over ${2 * m} values) for period ${m}, got ${n}.`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      throw new InputError(`stl: value ${i} is ${values[i]}: STL needs finite values; fill or remove missing ones first.`);
    }
  }
  const periodic = options.sWindow === 'periodic';
  const sWindow = periodic ? 10 * n + 1 : (options.sWindow as number);
  const sDegree = periodic ? 0 : (options.sDegree ?? 0);
  const tDegree = options.tDegree ?? 1;
  const lDegree = options.lDegree ?? tDegree;
  const tWindow = options.tWindow ?? nextOdd(Math.ceil((1.5 * m) / (1 - 1.5 / sWindow)));
  const lWindow = options.lWindow ?? nextOdd(m);
  const robust = options.robust ?? false;
  const sJump = options.sJump ?? Math.ceil(sWindow / 10);
  const tJump = options.tJump ?? Math.ceil(tWindow / 10);
  const lJump = options.lJump ?? Math.ceil(lWindow / 10);
  const inner = options.inner ?? (robust ? 1 : 2);
  const outer = options.outer ?? (robust ? 15 : 0);
  const positive: [string, number][] = [
    ['sWindow', sWindow],
    ['tWindow', tWindow],
    ['lWindow', lWindow],
    ['sJump', sJump],
    ['tJump', tJump],
    ['lJump', lJump],
    ['inner', inner],
  ];
  for (const [name, v] of positive) {
    if (!Number.isInteger(v) || v < 1) throw new OptionError(`stl: ${name} must be a positive integer, got ${v}.`);
  }
  if (!Number.isInteger(outer) || outer < 0) throw new OptionError(`stl: outer must be an integer ≥ 0, got ${outer}.`);
  for (const [name, d] of [
    ['sDegree', sDegree],
    ['tDegree', tDegree],
    ['lDegree', lDegree],
  ] as const) {
    if (d !== 0 && d !== 1) throw new OptionError(`stl: ${name} must be 0 or 1, got ${d}.`);
  }
  // the windows as the Fortran uses them: at least 3, odd
  const odd = (w: number): number => {
    const v = Math.max(3, w);
    return v % 2 === 0 ? v + 1 : v;
  };
  const y = Float64Array.from(values); // (n)
  const p: StlParams = {
    m,
    ns: odd(sWindow),
    nt: odd(tWindow),
    nl: odd(lWindow),
    sDegree,
    tDegree,
    lDegree,
    sJump,
    tJump,
    lJump,
  };
  const seasonal = new Float64Array(n);
  const trend = new Float64Array(n);
  const weights = new Float64Array(n).fill(1);
  const work = new Work(n, m);
  let useWeights = false;
  for (let k = 0; ; k++) {
    innerLoop(y, p, inner, useWeights ? weights : null, seasonal, trend, work);
    if (k + 1 > outer) break;
    robustnessWeights(y, seasonal, trend, weights);
    useWeights = true;
  }
  if (outer <= 0) weights.fill(1);
  if (periodic) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      let count = 0;
      for (let t = j; t < n; t += m) {
        s += seasonal[t];
        count++;
      }
      const mean = s / count;
      for (let t = j; t < n; t += m) seasonal[t] = mean;
    }
  }
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = y[t] - seasonal[t] - trend[t];
  return { seasonal, trend, remainder, weights, windows: { s: sWindow, t: tWindow, l: lWindow } };
}

interface StlParams {
  m: number;
  ns: number;
  nt: number;
  nl: number;
  sDegree: number;
  tDegree: number;
  lDegree: number;
  sJump: number;
  tJump: number;
  lJump: number;
}

/** Scratch buffers, allocated once per decomposition. */
class Work {
  readonly detrended: Float64Array; // (n + 2m)
  readonly cycle: Float64Array; // (n + 2m) C, the smoothed and extended cycle subseries
  readonly ma1: Float64Array; // (n + 2m)
  readonly ma2: Float64Array; // (n + 2m)
  readonly sub: Float64Array; // (k + 2) one subseries, its smooth, its weights
  readonly subFit: Float64Array; // (k + 2)
  readonly subWeights: Float64Array; // (k + 2)
  readonly loessWeights: Float64Array; // (n + 2m) tricube weights of one fit
  constructor(n: number, m: number) {
    const k = Math.ceil(n / m) + 2;
    this.detrended = new Float64Array(n + 2 * m);
    this.cycle = new Float64Array(n + 2 * m);
    this.ma1 = new Float64Array(n + 2 * m);
    this.ma2 = new Float64Array(n + 2 * m);
    this.sub = new Float64Array(k);
    this.subFit = new Float64Array(k);
    this.subWeights = new Float64Array(k);
    this.loessWeights = new Float64Array(n + 2 * m);
  }
}

/** The inner loop (steps 1–5 above), `passes` times; updates seasonal and trend in place. */
function innerLoop(
  y: Float64Array,
  p: StlParams,
  passes: number,
  rw: Float64Array | null,
  seasonal: Float64Array,
  trend: Float64Array,
  w: Work,
): void {
  const n = y.length;
  const m = p.m;
  for (let pass = 0; pass < passes; pass++) {
    for (let t = 0; t < n; t++) w.detrended[t] = y[t] - trend[t];
    cycleSubseries(w.detrended, n, p, rw, w.cycle, w);
    // low-pass: moving averages m, m, 3 take n + 2m values to n
    movingAverage(w.cycle, n + 2 * m, m, w.ma1);
    movingAverage(w.ma1, n + m + 1, m, w.ma2);
    movingAverage(w.ma2, n + 2, 3, w.ma1);
    const low = w.detrended; // reused: the low-pass L
    loessSmooth(w.ma1, n, p.nl, p.lDegree, p.lJump, null, low, w.loessWeights);
    for (let t = 0; t < n; t++) seasonal[t] = w.cycle[m + t] - low[t];
    const deseasonalised = w.ma2; // reused
    for (let t = 0; t < n; t++) deseasonalised[t] = y[t] - seasonal[t];
    loessSmooth(deseasonalised, n, p.nt, p.tDegree, p.tJump, rw, trend, w.loessWeights);
  }
}

/**
 * Step 2: smooths each cycle subseries of x (n values) and extends it by one position at both
 * ends; out (n + 2m) holds them interleaved back: out[i·m + j] is subseries j's value at i − 1.
 */
function cycleSubseries(x: Float64Array, n: number, p: StlParams, rw: Float64Array | null, out: Float64Array, w: Work): void {
  const m = p.m;
  for (let j = 0; j < m; j++) {
    const k = Math.floor((n - 1 - j) / m) + 1;
    for (let i = 0; i < k; i++) w.sub[i] = x[i * m + j];
    if (rw) for (let i = 0; i < k; i++) w.subWeights[i] = rw[i * m + j];
    const subRw = rw ? w.subWeights : null;
    // fitted values at positions 1..k go to subFit[1..k]
    loessSmooth(w.sub, k, p.ns, p.sDegree, p.sJump, subRw, w.subFit, w.loessWeights, 1);
    const before = loessAt(w.sub, k, p.ns, p.sDegree, 0, 1, Math.min(p.ns, k), subRw, w.loessWeights);
    w.subFit[0] = Number.isNaN(before) ? w.subFit[1] : before;
    const after = loessAt(w.sub, k, p.ns, p.sDegree, k + 1, Math.max(1, k - p.ns + 1), k, subRw, w.loessWeights);
    w.subFit[k + 1] = Number.isNaN(after) ? w.subFit[k] : after;
    for (let i = 0; i < k + 2; i++) out[i * m + j] = w.subFit[i];
  }
}

/** Moving average of `len` over x[0..count): count − len + 1 values into out, by a running sum. */
function movingAverage(x: Float64Array, count: number, len: number, out: Float64Array): void {
  const outCount = count - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  out[0] = v / len;
  for (let j = 1; j < outCount; j++) {
    v = v - x[j - 1] + x[j + len - 1];
    out[j] = v / len;
  }
}

/**
 * The loess fit at position xs (positions count from 1, as the paper's) from the values at
 * positions nleft..nright of y (y[0] is position 1), with window `len` over n values; NaN when
 * every weight is 0. `weights` is scratch (≥ n).
 */
function loessAt(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  rw: Float64Array | null,
  weights: Float64Array,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    let wj = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const c = 1 - q * q * q;
        wj = c * c * c;
      }
      if (rw) wj *= rw[j - 1];
      a += wj;
    }
    weights[j - 1] = wj;
  }
  if (a <= 0) return NaN;
  for (let j = nleft; j <= nright; j++) weights[j - 1] /= a;
  if (h > 0 && degree > 0) {
    // a weighted line through (j, y_j), evaluated at xs, as weights on the y_j
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += weights[j - 1] * j;
    let b = xs - mean;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += weights[j - 1] * (j - mean) * (j - mean);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) weights[j - 1] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += weights[j - 1] * y[j - 1];
  return ys;
}

/**
 * Loess smooth of y (n values) at every position, evaluated every `jump` positions and at the
 * last, linearly interpolated in between; out[outOffset + i] is the fit at position i + 1. A fit
 * with no weight keeps the value itself.
 */
function loessSmooth(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  jump: number,
  rw: Float64Array | null,
  out: Float64Array,
  weights: Float64Array,
  outOffset = 0,
): void {
  const o = outOffset - 1; // out[o + i] is position i
  if (n < 2) {
    out[o + 1] = y[0];
    return;
  }
  const fit = (xs: number, nleft: number, nright: number): void => {
    const v = loessAt(y, n, len, degree, xs, nleft, nright, rw, weights);
    out[o + xs] = Number.isNaN(v) ? y[xs - 1] : v;
  };
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    for (let i = 1; i <= n; i += step) fit(i, nleft, nright);
  } else if (step === 1) {
    const half = Math.floor((len + 1) / 2);
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      fit(i, nleft, nright);
    }
  } else {
    const half = Math.floor((len + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      fit(i, nleft, nright);
    }
  }
  if (step !== 1) {
    for (let i = 1; i <= n - step; i += step) {
      const delta = (out[o + i + step] - out[o + i]) / step;
      for (let j = i + 1; j < i + step; j++) out[o + j] = out[o + i] + delta * (j - i);
    }
    const k = Math.floor((n - 1) / step) * step + 1;
    if (k !== n) {
      // the last position, with the neighbourhood of the last fit evaluated (as the paper's code)
      fit(n, nleft, nright);
      if (k !== n - 1) {
        const delta = (out[o + n] - out[o + k]) / (n - k);
        for (let j = k + 1; j < n; j++) out[o + j] = out[o + k] + delta * (j - k);
      }
    }
  }
}

/**
 * Robustness weights from the remainder r = y − S − T: bisquare(|r| / h) with h = 6 · median |r|
 * (1 below 0.001 h, 0 above 0.999 h).
 */
function robustnessWeights(y: Float64Array, seasonal: Float64Array, trend: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(y[i] - seasonal[i] - trend[i]);
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.floor(n / 2) + 1; // 1-based, as the paper's two middle order statistics
  const mid2 = n - mid1 + 1;
  const h = 3 * (sorted[mid1 - 1] + sorted[mid2 - 1]);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  for (let i = 0; i < n; i++) {
    if (r[i] <= h1) rw[i] = 1;
    else if (r[i] <= h9) {
      const q = r[i] / h;
      const c = 1 - q * q;
      rw[i] = c * c;
    } else rw[i] = 0;
  }
}
