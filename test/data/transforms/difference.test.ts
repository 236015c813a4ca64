import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differenceTransform, seasonalDifferenceTransform } from '../../../src/data/transforms/difference.js';
import { InputError, OptionError } from '../../../src/errors.js';

test('differenceTransform().transform(x) gives x[t] − x[t − 1]; the doc examples hold', () => {
  const d = differenceTransform();
  assert.equal(d.lag, 1);
  assert.deepEqual(Array.from(d.transform([1, 3, 6, 10])), [2, 3, 4]);
  assert.deepEqual(Array.from(d.inverseForecast([1, 3, 6, 10], [5, 6])), [15, 21]);
  assert.deepEqual(Array.from(d.inverseSliding([1, 3, 6, 10], 2, [2.5, 4.5])), [5.5, 10.5]);
  assert.deepEqual(d.toJSON(), { kind: 'difference' });
});

test('differenceTransform().inverseForecast(history, f) is the last value plus the cumulative sums of f', () => {
  const history = Float32Array.of(100, 104, 103.5);
  const f = [1.25, -0.5, 2, 0, 3.75, -1];
  let level = 103.5;
  const expected = f.map((v) => (level += v));
  assert.deepEqual(Array.from(differenceTransform().inverseForecast(history, f)), expected);
});

test('differenceTransform().inverseSliding(series, from, f) adds each forecast to the actual value before it', () => {
  const series = [10, 12, 11, 15, 14];
  assert.deepEqual(Array.from(differenceTransform().inverseSliding(series, 2, [1, 1, 1])), [13, 12, 16]);
});

test('seasonalDifferenceTransform(m).inverseForecast continues each season from its last value, then from the forecasts', () => {
  const d = seasonalDifferenceTransform(4);
  const history = [1, 2, 3, 4, 2, 3, 4, 5];
  assert.deepEqual(Array.from(d.transform(history)), [1, 1, 1, 1]);
  assert.deepEqual(d.toJSON(), { kind: 'seasonal-difference', period: 4 });
  assert.equal(d.name, 'seasonal-difference (4)');
  // steps 1..4 from the last season (2, 3, 4, 5), steps 5..9 from the inverted steps 1..5
  const f = [1, 1, 1, 1, 10, 20, 30, 40, 100];
  assert.deepEqual(Array.from(d.inverseForecast(history, f)), [3, 4, 5, 6, 13, 24, 35, 46, 113]);
});

test('differencing keeps float64 inside: a long cumulative sum rounds once', () => {
  const f = new Float32Array(1000).fill(0.1); // 0.1 in float32 is 0.100000001490116...
  const back = differenceTransform().inverseForecast([1e4], f);
  assert.equal(back[999], Math.fround(1e4 + 1000 * Math.fround(0.1)));
});

test('fit checks the training part: lag + 1 values at least, all finite', () => {
  assert.throws(
    () => seasonalDifferenceTransform(12).fit(new Float32Array(12)),
    (e: Error) => e instanceof InputError && /seasonal-difference \(12\) needs at least 13 training values, got 12/.test(e.message),
  );
  assert.throws(
    () => differenceTransform().fit([1, Infinity]),
    (e: Error) => e instanceof InputError && /train\[1\] is Infinity/.test(e.message),
  );
  assert.equal(differenceTransform().fit([1, 2]).fitted, true);
});

test('seasonalDifferenceTransform(period) refuses a period that is not an integer >= 2', () => {
  assert.throws(
    () => seasonalDifferenceTransform(1),
    (e: Error) => e instanceof OptionError && /for period 1 use differenceTransform\(\)/.test(e.message),
  );
  assert.throws(() => seasonalDifferenceTransform(2.5), OptionError);
});

test('transform of fewer values than lag gives none', () => {
  assert.equal(seasonalDifferenceTransform(4).transform([1, 2]).length, 0);
});
