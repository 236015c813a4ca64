/**
 * The starting values of an ETS model's states, by the heuristic of Hyndman et al. (2008, §2.6.1)
 * that R's `forecast::ets` uses before it optimises them with the smoothing parameters:
 *
 * - seasonal states: from a classical decomposition of the whole series (centred moving average of
 *   order m, 2×m for even m, then the mean detrended value per phase, centred) when it has at least
 *   three seasons; otherwise from a regression on a line and one Fourier pair (sin, cos of 2πt/m);
 *   multiplicative indices are kept ≥ 0.01;
 * - level and slope: from the seasonally adjusted first max(10, 2m) values: their mean (no trend),
 *   or the intercept and slope of a least-squares line (trend).
 *
 * The result is the vector R optimises: (l0, b0, s0 .. s(m−2)), the last seasonal state being
 * implied by the others (they sum to 0, or to m when multiplicative).
 *
 * Browser-safe: no Node modules.
 */
import { InputError } from '../../errors.js';
import type { EtsSeasonType, EtsTrendType } from './ets-model.js';

/**
 * R's starting states for trend `trend` and season `season` (period m): (l0, b0?, s0..s(m−2)).
 *
 * @example initialStates(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 1, 'A', 'N'); // [0, 1]: the line 0 + 1·t
 * @throws InputError when a seasonal start is asked of fewer than 4 values.
 */
export function initialStates(y: ArrayLike<number>, m: number, trend: EtsTrendType, season: EtsSeasonType): Float64Array {
  const n = y.length;
  let adjusted: Float64Array; // the seasonally adjusted series
  let seasons: number[] = [];
  let period = 1;
  if (season !== 'N') {
    period = m;
    if (n < 4)
      throw new InputError(`ETS needs at least 4 values to start a seasonal model, got ${n}: use a longer series or a non-seasonal model.`);
    const seasonal = n < 3 * m ? fourierSeasonal(y, m, season) : decompose(y, m, season);
    // s0 = the seasonal of position m−1, s1 of position m−2, ..., s(m−2) of position 1
    for (let j = 0; j < m - 1; j++) seasons.push(seasonal[m - 1 - j]);
    adjusted = new Float64Array(n);
    if (season === 'A') {
      for (let t = 0; t < n; t++) adjusted[t] = y[t] - seasonal[t];
    } else {
      seasons = seasons.map((s) => Math.max(s, 0.01));
      const sum = seasons.reduce((a, s) => a + s, 0);
      if (sum > m) {
        const total = seasons.reduce((a, s) => a + (s + 0.01), 0);
        seasons = seasons.map((s) => s / total);
      }
      for (let t = 0; t < n; t++) adjusted[t] = y[t] / Math.max(seasonal[t], 0.01);
    }
  } else {
    adjusted = Float64Array.from(y);
  }

  const first = Math.min(Math.max(10, 2 * period), n);
  const out: number[] = [];
  if (trend === 'N') {
    out.push(mean(adjusted, 0, first));
  } else {
    let [l0, b0] = line(adjusted, first);
    if (Math.abs(l0 + b0) < 1e-8) {
      // a multiplicative-error model must not start with a forecast of 0
      l0 *= 1 + 1e-3;
      b0 *= 1 - 1e-3;
    }
    out.push(l0, b0);
  }
  return Float64Array.from([...out, ...seasons]);
}

/**
 * The seasonal component of a classical decomposition (R's `decompose`), per position of y: the
 * centred moving average of order m (2×m when m is even) as the trend, the mean of the detrended
 * values (y − trend or y / trend) of each phase, centred to mean 0 (additive) or 1 (multiplicative).
 *
 * @example decompose(Float64Array.of(1, 3, 1, 3, 1, 3), 2, 'A'); // [-1, 1, -1, 1, -1, 1]
 * @throws InputError when y has fewer than two full seasons.
 */
export function decompose(y: ArrayLike<number>, m: number, season: 'A' | 'M'): Float64Array {
  const n = y.length;
  if (m <= 1 || n < 2 * m) throw new InputError(`A classical decomposition needs two full seasons of ${m} values, got ${n}.`);
  // filter weights: (0.5, 1, …, 1, 0.5)/m for even m, 1/m each for odd m; centred on each point
  const even = m % 2 === 0;
  const width = even ? m + 1 : m;
  const weights = new Float64Array(width).fill(1 / m);
  if (even) weights[0] = weights[width - 1] = 0.5 / m;
  const shift = Math.floor(width / 2);
  const detrended: number[][] = Array.from({ length: m }, () => []);
  for (let t = shift; t + width - 1 - shift < n; t++) {
    let trendValue = 0;
    for (let j = 0; j < width; j++) trendValue += weights[j] * y[t + shift - j]; // R's order: the later values first
    detrended[t % m].push(season === 'A' ? y[t] - trendValue : y[t] / trendValue);
  }
  const figure = Float64Array.from(detrended, (values) => mean(values, 0, values.length)); // per phase
  const center = mean(figure, 0, m);
  for (let k = 0; k < m; k++) figure[k] = season === 'A' ? figure[k] - center : figure[k] / center;
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) seasonal[t] = figure[t % m];
  return seasonal;
}

/**
 * For short series (fewer than three seasons): y minus (or divided by) the line of a least-squares
 * fit of y on 1, t, sin(2πt/m), cos(2πt/m) (t = 1..n; no sine when m = 2, where it vanishes).
 */
function fourierSeasonal(y: ArrayLike<number>, m: number, season: 'A' | 'M'): Float64Array {
  const n = y.length;
  const columns: Float64Array[] = [new Float64Array(n).fill(1), Float64Array.from({ length: n }, (_, i) => i + 1)];
  if (m !== 2) columns.push(Float64Array.from({ length: n }, (_, i) => sinTurn((i + 1) / m)));
  columns.push(Float64Array.from({ length: n }, (_, i) => cosTurn((i + 1) / m)));
  const [c0, c1] = leastSquares(columns, y);
  const seasonal = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const lineValue = c0 + c1 * (t + 1);
    seasonal[t] = season === 'A' ? y[t] - lineValue : y[t] / lineValue;
  }
  return seasonal;
}

/** sin(2π·x), exact at multiples of a quarter turn (as R's sinpi). */
function sinTurn(x: number): number {
  const r = x - Math.floor(x); // the fraction of a turn, in [0, 1)
  if (r === 0 || r === 0.5) return 0;
  if (r === 0.25) return 1;
  if (r === 0.75) return -1;
  return Math.sin(2 * Math.PI * r);
}

/** cos(2π·x), exact at multiples of a quarter turn (as R's cospi). */
function cosTurn(x: number): number {
  const r = x - Math.floor(x);
  if (r === 0) return 1;
  if (r === 0.5) return -1;
  if (r === 0.25 || r === 0.75) return 0;
  return Math.cos(2 * Math.PI * r);
}

/** Intercept and slope of the least-squares line through (t, v[t−1]), t = 1..count. */
function line(v: ArrayLike<number>, count: number): [number, number] {
  const tMean = (count + 1) / 2;
  const vMean = mean(v, 0, count);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < count; i++) {
    const dt = i + 1 - tMean;
    sxy += dt * (v[i] - vMean);
    sxx += dt * dt;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return [vMean - slope * tMean, slope];
}

/**
 * Least squares by Householder QR: the coefficients c minimising |Σ c_j·columns[j] − y|².
 * Columns are few (≤ 4) and short, so this is plain and careful rather than fast.
 */
function leastSquares(columns: Float64Array[], y: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const n = y.length;
  const a = columns.map((c) => Float64Array.from(c)); // (p, n), reduced in place to R
  const b = Float64Array.from(y);
  for (let k = 0; k < p; k++) {
    const col = a[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, col[i]);
    if (norm === 0) continue;
    const alpha = col[k] > 0 ? -norm : norm;
    // v = x − alpha·e_k, stored in col[k..n)
    col[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += col[i] * col[i];
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += col[i] * target[i];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) target[i] -= f * col[i];
    };
    for (let j = k + 1; j < p; j++) reflect(a[j]);
    reflect(b);
    for (let i = k + 1; i < n; i++) col[i] = 0;
    col[k] = alpha;
  }
  const c = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[j][k] * c[j];
    c[k] = a[k][k] !== 0 ? s / a[k][k] : 0;
  }
  return c;
}

/** Mean of v[from..to), summed twice as R does (the second pass corrects the first's rounding). */
function mean(v: ArrayLike<number>, from: number, to: number): number {
  const count = to - from;
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  s /= count;
  let t = 0;
  for (let i = from; i < to; i++) t += v[i] - s;
  return s + t / count;
}
