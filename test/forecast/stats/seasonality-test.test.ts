import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autocorrelations, isConstant, seasonalityTest, Z_95 } from '../../../src/forecast/stats/seasonality-test.js';
import { OptionError } from '../../../src/errors.js';

test("autocorrelations(values, maxLag) are R's acf values", () => {
  // R: acf(c(1, 2, 3, 4, 7, 1, 2), lag.max = 3, plot = FALSE)$acf
  const r = autocorrelations([1, 2, 3, 4, 7, 1, 2], 3);
  const R = [1, 0.009878419, -0.23556231, -0.257598784];
  r.forEach((v, k) => assert.ok(Math.abs(v - R[k]) < 1e-9, `lag ${k}: ${v} vs R ${R[k]}`));
  assert.deepEqual(Array.from(autocorrelations([1, 2, 3, 4], 1)), [1, 0.25]);
});

test('autocorrelations(values, maxLag) throws OptionError on a bad lag or a constant series', () => {
  assert.throws(
    () => autocorrelations([1, 2, 3], 3),
    (e) => e instanceof OptionError && /maxLag must be an integer in \[0, 2\] for 3 values, got 3/.test(e.message),
  );
  assert.throws(() => autocorrelations([1, 2, 3], -1), /got -1/);
  assert.throws(() => autocorrelations([4, 4, 4], 1), /the series is constant/);
});

test("isConstant(values) answers as R's is.constant (all.equal, tolerance 1.5e-8)", () => {
  // R: is.constant(c(5,5,5+1e-12)), ...: TRUE FALSE TRUE FALSE TRUE
  assert.equal(isConstant([5, 5, 5 + 1e-12]), true);
  assert.equal(isConstant([5, 5, 5.001]), false);
  assert.equal(isConstant([0, 0, 1e-9]), true); // absolute difference below the tolerance
  assert.equal(isConstant([0, 0, 1e-7]), false);
  assert.equal(isConstant([1e6, 1e6 + 0.01]), true); // relative difference 1e-8
  assert.equal(isConstant([3]), true);
});

test('seasonalityTest(values, period) does not apply to period 1, two seasons or fewer, or a constant series', () => {
  const wave = Array.from({ length: 60 }, (_, t) => Math.sin((2 * Math.PI * t) / 12) + 0.01 * t);
  assert.equal(seasonalityTest(wave, 1), null);
  assert.equal(seasonalityTest(wave.slice(0, 24), 12), null); // n = 2m: R's n > 2m fails
  assert.equal(seasonalityTest(new Array(60).fill(2), 12), null);
  const result = seasonalityTest(wave, 12)!;
  assert.ok(result.statistic > Z_95 && result.seasonal, `statistic ${result.statistic}`);
  // two seasons and a month: the test runs, and 25 values are too few for the cycle to be significant
  assert.equal(seasonalityTest(wave.slice(0, 25), 12)!.seasonal, false);
  assert.throws(
    () => seasonalityTest(wave, 0),
    (e) => e instanceof OptionError && /period must be a positive integer, got 0/.test(e.message),
  );
});

test('seasonalityTest(values, period) says not seasonal for a trend or a cycle of another length', () => {
  // a straight line is autocorrelated at every lag, but lag 12 no more than Bartlett's bound allows
  const line = seasonalityTest(
    Array.from({ length: 60 }, (_, t) => t),
    12,
  )!;
  assert.ok(line.statistic < Z_95 && !line.seasonal, `line ${line.statistic}`);
  const week = seasonalityTest(
    Array.from({ length: 60 }, (_, t) => Math.sin((2 * Math.PI * t) / 7)),
    12,
  )!;
  assert.ok(week.statistic < Z_95 && !week.seasonal, `period-7 cycle ${week.statistic}`);
  assert.equal(Z_95, 1.6448536269514722); // R: qnorm(0.95)
});
