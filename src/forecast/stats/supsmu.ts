/**
 * Friedman's super smoother (1984, "A variable span smoother", Stanford LCS technical report 5)
 * on an equally spaced series, as R's `supsmu(seq_len(n), y)` with its defaults (span chosen by
 * cross-validation, bass 0, not periodic): the smooth forecast's `mstl` gives a series with no
 * seasonal period. Browser-safe.
 *
 * Running-line smooths (a local least-squares line over the ⌊span · n / 2 + 1/2⌋ nearest points on
 * each side, updated as the window slides) with three spans, the tweeter 0.05, the midrange 0.2
 * and the woofer 0.5; each one's leave-one-out absolute residuals are smoothed with the midrange
 * span; at each point the span with the smallest smoothed residual is picked, these picks are
 * smoothed with the midrange span, clamped to [0.05, 0.5], and the smooth at each point is
 * interpolated between the two neighbouring spans' smooths; the result is smoothed once more with
 * the tweeter span.
 */

const SPANS = [0.05, 0.2, 0.5] as const;
const EPS = 1e-3;
const BIG = 1e20;

/**
 * The super smoother of `y` at positions 1..n (R: `supsmu(seq_len(n), y)$y`).
 * @example superSmoother(Float64Array.from(nile)) // Nile's smooth trend
 * @throws never (the caller checks that there are at least 3 finite values).
 */
export function superSmoother(y: Float64Array): Float64Array {
  const n = y.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i + 1;
  // the scale of x (its interquartile range) sets the smallest variance a line is fitted to
  let lo = Math.max(1, Math.floor(n / 4)); // 1-based
  let hi = Math.min(n, 3 * Math.floor(n / 4));
  while (x[hi - 1] - x[lo - 1] <= 0) {
    if (hi < n) hi++;
    if (lo > 1) lo--;
  }
  const scale = x[hi - 1] - x[lo - 1];
  const vsmlsq = EPS * scale * (EPS * scale);
  // sc[k] (n): 0, 2, 4 the three smooths; 1, 3, 5 their smoothed cross-validation residuals
  const sc = Array.from({ length: 7 }, () => new Float64Array(n));
  const residuals = new Float64Array(n);
  for (let k = 0; k < 3; k++) {
    runningLine(x, y, SPANS[k], vsmlsq, sc[2 * k], residuals);
    runningLine(x, residuals, SPANS[1], vsmlsq, sc[2 * k + 1], null);
  }
  // each point's best span (the smallest smoothed residual; ties keep the smaller span)
  const best = sc[6];
  for (let j = 0; j < n; j++) {
    let resmin = BIG;
    for (let k = 0; k < 3; k++) {
      if (sc[2 * k + 1][j] < resmin) {
        resmin = sc[2 * k + 1][j];
        best[j] = SPANS[k];
      }
    }
  }
  const spans = sc[1]; // reused
  runningLine(x, best, SPANS[1], vsmlsq, spans, null);
  const blended = sc[3]; // reused
  for (let j = 0; j < n; j++) {
    const s = Math.min(SPANS[2], Math.max(SPANS[0], spans[j]));
    let f = s - SPANS[1];
    if (f >= 0) {
      f /= SPANS[2] - SPANS[1];
      blended[j] = (1 - f) * sc[2][j] + f * sc[4][j];
    } else {
      f = -f / (SPANS[1] - SPANS[0]);
      blended[j] = (1 - f) * sc[2][j] + f * sc[0][j];
    }
  }
  const out = new Float64Array(n);
  runningLine(x, blended, SPANS[0], vsmlsq, out, null);
  return out;
}

/**
 * A running-line smooth of y over x (increasing, unit weights): at each point the least-squares
 * line over the window of ⌊span · n / 2 + 1/2⌋ (at least 2) points on each side, the window kept
 * inside the series at the ends. With `cv`, also each point's leave-one-out absolute residual.
 */
function runningLine(x: Float64Array, y: Float64Array, span: number, vsmlsq: number, smo: Float64Array, cv: Float64Array | null): void {
  const n = x.length;
  let xm = 0;
  let ym = 0;
  let variance = 0;
  let covariance = 0;
  let count = 0;
  let half = Math.floor(0.5 * span * n + 0.5);
  if (half < 2) half = 2;
  const first = Math.min(2 * half + 1, n);
  const add = (j: number): void => {
    const before = count;
    count += 1;
    xm = (before * xm + x[j]) / count;
    ym = (before * ym + y[j]) / count;
    const t = before > 0 ? (count * (x[j] - xm)) / before : 0;
    variance += t * (x[j] - xm);
    covariance += t * (y[j] - ym);
  };
  const remove = (j: number): void => {
    const before = count;
    count -= 1;
    const t = count > 0 ? (before * (x[j] - xm)) / count : 0;
    variance -= t * (x[j] - xm);
    covariance -= t * (y[j] - ym);
    if (count > 0) {
      xm = (before * xm - x[j]) / count;
      ym = (before * ym - y[j]) / count;
    }
  };
  for (let i = 0; i < first; i++) add(i);
  for (let j = 0; j < n; j++) {
    const out = j - half - 1;
    const inn = j + half;
    if (out >= 0 && inn < n) {
      remove(out);
      add(inn);
    }
    const slope = variance > vsmlsq ? covariance / variance : 0;
    smo[j] = slope * (x[j] - xm) + ym;
    if (cv) {
      let h = count > 0 ? 1 / count : 0;
      if (variance > vsmlsq) h += ((x[j] - xm) * (x[j] - xm)) / variance;
      const a = 1 - h;
      cv[j] = a > 0 ? Math.abs(y[j] - smo[j]) / a : j > 0 ? cv[j - 1] : 0;
    }
  }
}
