import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, mse } from '../src/metrics/errors.js';

test('mae(actual, predicted) is the mean absolute difference', () => {
  assert.equal(mae([1, 2, 3], [1, 2, 5]), 2 / 3);
  assert.equal(mae(Float32Array.of(-1, 1), Float32Array.of(1, -1)), 2);
  assert.equal(mae([5], [5]), 0);
});

test('mse(actual, predicted) is the mean squared difference', () => {
  assert.equal(mse([1, 2, 3], [1, 2, 5]), 4 / 3);
  assert.equal(mse(Float32Array.of(-1, 1), Float32Array.of(1, -1)), 4);
});

test('mae(actual, predicted) keeps small errors next to a huge one (compensated sum)', () => {
  // One error of 1e16 and 1000 errors of 1: a plain float64 sum drops every 1 (1e16 + 1 === 1e16).
  const n = 1001;
  const actual = new Float64Array(n);
  const predicted = new Float64Array(n).fill(1);
  predicted[0] = 1e16;
  assert.equal(mae(actual, predicted), (1e16 + 1000) / n);
  let naive = 0;
  for (let i = 0; i < n; i++) naive += Math.abs(actual[i] - predicted[i]);
  assert.notEqual(naive / n, (1e16 + 1000) / n); // the plain sum would have failed
});

test('mae(actual, predicted) and mse(actual, predicted) throw on length mismatch', () => {
  assert.throws(() => mae([1, 2], [1]), /mae\(actual, predicted\) needs inputs of the same length, got 2 actual and 1 predicted/);
  assert.throws(() => mse([1], [1, 2]), /mse\(actual, predicted\) needs inputs of the same length, got 1 actual and 2 predicted/);
});

test('mae(actual, predicted) and mse(actual, predicted) throw on empty input', () => {
  assert.throws(() => mae([], []), /mae\(actual, predicted\) got empty inputs/);
  assert.throws(() => mse(new Float32Array(0), new Float32Array(0)), /mse\(actual, predicted\) got empty inputs/);
});

test('mae(actual, predicted) propagates NaN instead of hiding it', () => {
  assert.ok(Number.isNaN(mae([1, NaN], [1, 2])));
  assert.ok(Number.isNaN(mse([1, 2], [NaN, 2])));
});
