/**
 * The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt & Shin 1992) as urca's
 * `ur.kpss(type = "mu")`, and forecast's `ndiffs`, which differences a series until the test no
 * longer rejects stationarity at 5 %:
 *
 *   statistic = Σ S_t² / n² / σ̂²,  S_t the partial sums of y − mean(y),
 *   σ̂² = (Σ e_t² + 2 Σ_{k=1}^{l} (1 − k/(l+1)) Σ_t e_t e_{t−k}) / n  (Bartlett weights),
 *   l = trunc(3 √n / 13) (forecast's choice), p-value by linear interpolation of urca's critical
 *   values 0.347, 0.463, 0.574, 0.739 for 10, 5, 2.5 and 1 %, clamped to [0.01, 0.1].
 *
 * Browser-safe: no Node modules.
 */

/** urca's critical values of the "mu" statistic and their levels. */
const CRITICAL = [0.347, 0.463, 0.574, 0.739];
const LEVELS = [0.1, 0.05, 0.025, 0.01];

/**
 * The KPSS "mu" statistic of y with `lags` Bartlett lags (default forecast's trunc(3 √n / 13)).
 * @example kpssStatistic(Float64Array.from({ length: 100 }, (_, i) => i)); // large: a trend is not level-stationary
 * @throws never (NaN for fewer than 2 values).
 */
export function kpssStatistic(y: ArrayLike<number>, lags = Math.trunc((3 * Math.sqrt(y.length)) / 13)): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  const e = Float64Array.from({ length: n }, (_, i) => y[i] - mean);
  let s = 0;
  let num = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += e[i];
    num += s * s;
    s2 += e[i] * e[i];
  }
  num /= n * n;
  let den = s2 / n;
  for (let k = 1; k <= lags; k++) {
    let c = 0;
    for (let i = k; i < n; i++) c += e[i] * e[i - k];
    den += (2 / n) * (1 - k / (lags + 1)) * c;
  }
  return num / den;
}

/**
 * The KPSS p-value as urca reports it to forecast: interpolated in its table, within [0.01, 0.1].
 * @example kpssPValue(0.463); // 0.05
 * @throws never.
 */
export function kpssPValue(statistic: number): number {
  if (!(statistic > CRITICAL[0])) return LEVELS[0];
  for (let i = 1; i < CRITICAL.length; i++) {
    if (statistic <= CRITICAL[i]) {
      const f = (statistic - CRITICAL[i - 1]) / (CRITICAL[i] - CRITICAL[i - 1]);
      return LEVELS[i - 1] + f * (LEVELS[i] - LEVELS[i - 1]);
    }
  }
  return LEVELS[LEVELS.length - 1];
}

/**
 * Whether every value equals the first, as forecast's `is.constant` (R's `all.equal`: mean absolute
 * difference at most 1.5e-8 relative to the mean absolute value).
 * @example isConstant([3, 3, 3]); // true
 * @throws never.
 */
export function isConstant(y: ArrayLike<number>): boolean {
  const n = y.length;
  if (n === 0) return true;
  let diff = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    diff += Math.abs(y[i] - y[0]);
    size += Math.abs(y[i]);
  }
  diff /= n;
  size /= n;
  const tolerance = 1.5e-8;
  return (size > tolerance ? diff / size : diff) <= tolerance;
}

/**
 * The number of first differences that make y level-stationary by the KPSS test at 5 %, at most
 * `maxD` (forecast's `ndiffs(y)` with its defaults).
 * @example ndiffs(Float64Array.from({ length: 100 }, (_, i) => i * i)); // 2
 * @throws never.
 */
export function ndiffs(y: ArrayLike<number>, maxD = 2, alpha = 0.05): number {
  let x = Float64Array.from(y as ArrayLike<number>);
  let d = 0;
  if (isConstant(x)) return d;
  const test = (v: Float64Array): boolean | null => {
    const stat = kpssStatistic(v);
    return Number.isFinite(stat) ? kpssPValue(stat) < alpha : null;
  };
  let dodiff = test(x);
  if (dodiff === null) return d;
  while (dodiff && d < maxD) {
    d++;
    x = x.subarray(1).map((v, i) => v - x[i]);
    if (isConstant(x)) return d;
    dodiff = test(x);
    if (dodiff === null) return d - 1;
  }
  return d;
}
