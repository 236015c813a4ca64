import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noise, seasonalPattern, seasonality, syntheticSeries, trend } from '../../src/data/synthetic.js';

// References produced with numpy 2.4.6 (numpy is not available in CI, so they are hard-coded).
// The course's series:
//   python3 -c "
//   import numpy as np
//   def seasonal_pattern(t): return np.where(t < 0.4, np.cos(t * 2 * np.pi), 1 / np.exp(3 * t))
//   time = np.arange(4 * 365 + 1, dtype='float32')
//   series = 10 + 0.05 * time + 40 * seasonal_pattern((time % 365) / 365)
//   series += np.random.RandomState(42).randn(len(time)) * 5
//   print([float(series[i]) for i in [0, 1, 145, 146, 147, 364, 365, 730, 1000, 1460]])
//   print(float(series.astype(np.float64).sum()), float(series.min()), int(series.argmin()))"
const SERIES_AT: Array<[number, number]> = [
  [0, 52.48357009887695],
  [1, 49.35274887084961],
  [145, -10.792065620422363],
  [146, 23.163013458251953],
  [147, 22.696866989135742],
  [364, 33.65864181518555],
  [365, 66.243896484375],
  [730, 87.4792251586914],
  [1000, 71.34471893310547],
  [1460, 122.3077163696289],
];
const SERIES_SUM = 78827.43889901042;
const SERIES_MIN = -21.603771209716797;
const SERIES_ARGMIN = 142;
// The seasonal part alone: same script, print([float((40 * seasonal_pattern((time % 365) / 365))[i]) for i in ...])
const SEASON_AT: Array<[number, number]> = [
  [0, 40.0],
  [50, 26.075958251953125],
  [145, -31.95117950439453],
  [146, 12.047767639160156],
  [200, 7.729497909545898],
  [364, 2.0079185962677],
];
// The trend in float32: print([float((0.05 * time)[i]) for i in [1, 3, 999, 1460]])
const TREND_AT: Array<[number, number]> = [
  [1, 0.05000000074505806],
  [3, 0.15000000596046448],
  [999, 49.95000076293945],
  [1460, 73.0],
];
// Max |seqcast - numpy| over the full course series was 7.6e-6 (one float32 ulp near 100): numpy's
// SIMD float32 cos/exp are not correctly rounded, seqcast's are, so a few values differ by one ulp.
const TOL = 1e-5;

test('syntheticSeries() reproduces the course series (numpy reference values within 1e-5)', () => {
  const { time, series } = syntheticSeries();
  assert.ok(series instanceof Float32Array);
  assert.equal(series.length, 1461);
  assert.equal(time.length, 1461);
  assert.equal(time[0], 0);
  assert.equal(time[1460], 1460);
  for (const [i, expected] of SERIES_AT) {
    assert.ok(Math.abs(series[i] - expected) <= TOL, `series[${i}] = ${series[i]}, numpy ${expected}`);
  }
  let sum = 0;
  let argmin = 0;
  for (let i = 0; i < series.length; i++) {
    sum += series[i];
    if (series[i] < series[argmin]) argmin = i;
  }
  assert.ok(Math.abs(sum - SERIES_SUM) <= 1461 * TOL, `sum ${sum}, numpy ${SERIES_SUM}`);
  assert.equal(argmin, SERIES_ARGMIN);
  assert.ok(Math.abs(series[argmin] - SERIES_MIN) <= TOL);
});

test('syntheticSeries(options) uses the options: no noise and no season leaves baseline + trend', () => {
  const { series } = syntheticSeries({ length: 5, baseline: 1, slope: 2, amplitude: 0, noiseLevel: 0 });
  assert.deepEqual(Array.from(series), [1, 3, 5, 7, 9]);
});

test('syntheticSeries({ seed }) changes only the noise', () => {
  const a = syntheticSeries({ seed: 1 }).series;
  const b = syntheticSeries({ seed: 2 }).series;
  const clean = syntheticSeries({ noiseLevel: 0 }).series;
  assert.notDeepEqual(Array.from(a.subarray(0, 10)), Array.from(b.subarray(0, 10)));
  const rebuilt = noise(new Float32Array(1461), 5, 1);
  for (let i = 0; i < 1461; i += 97) assert.equal(a[i], Math.fround(clean[i] + rebuilt[i]));
});

test('syntheticSeries({ length }) throws on a length that is not a positive integer', () => {
  assert.throws(() => syntheticSeries({ length: 0 }), /length must be a positive integer, got 0/);
  assert.throws(() => syntheticSeries({ length: 10.5 }), /length must be a positive integer/);
});

test('trend(time, slope) is slope * time rounded to float32 like numpy', () => {
  const time = Float32Array.from({ length: 1461 }, (_, i) => i);
  const up = trend(time, 0.05);
  for (const [i, expected] of TREND_AT) assert.equal(up[i], expected);
  assert.throws(() => trend(time, NaN), /trend slope must be a finite number/);
});

test('seasonality(time, 365, 40) matches numpy, switching from cos to exp at 0.4 of the season', () => {
  const time = Float32Array.from({ length: 1461 }, (_, i) => i);
  const season = seasonality(time, 365, 40);
  for (const [i, expected] of SEASON_AT) {
    assert.ok(Math.abs(season[i] - expected) <= TOL, `season[${i}] = ${season[i]}, numpy ${expected}`);
  }
  assert.equal(season[365 + 50], season[50]);
});

test('seasonality(time, period, amplitude, phase) shifts by phase and wraps negative times', () => {
  const shifted = seasonality(Float32Array.of(0), 10, 1, 3);
  assert.equal(shifted[0], seasonality(Float32Array.of(3), 10, 1)[0]);
  assert.equal(seasonality(Float32Array.of(-7), 10)[0], seasonality(Float32Array.of(3), 10)[0]);
  assert.throws(() => seasonality(Float32Array.of(0), 0), /period must be a positive number/);
});

test('seasonalPattern(t) is cos(2πt) below 0.4 and exp(-3t) from 0.4', () => {
  assert.equal(seasonalPattern(0), 1);
  assert.ok(Math.abs(seasonalPattern(0.25)) < 1e-6);
  assert.ok(Math.abs(seasonalPattern(0.5) - Math.exp(-1.5)) < 1e-6);
  assert.ok(Math.abs(seasonalPattern(0.4) - Math.exp(-1.2)) < 1e-6);
});

test('noise(time, noiseLevel, seed) is RandomState(seed).randn scaled, as numpy', () => {
  // python3 -c "import numpy as np; print((np.random.RandomState(42).randn(2) * 5).tolist())"
  const n = noise(new Float32Array(2), 5, 42);
  assert.ok(n instanceof Float64Array);
  assert.ok(Math.abs(n[0] - 2.4835707650561636) < 1e-12);
  assert.ok(Math.abs(n[1] - -0.6913215058559232) < 1e-12);
  assert.throws(() => noise(new Float32Array(2), 5, -3), /seed must be an integer/);
});
