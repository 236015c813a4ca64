import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, mape, mase, mse, rmse, smape } from '../../src/metrics/errors.js';

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

test('rmse(actual, predicted) is the square root of mse', () => {
  assert.equal(rmse([1, 2, 3], [1, 2, 5]), Math.sqrt(4 / 3));
  assert.equal(rmse([0, 0, 0, 0], [3, -3, 3, -3]), 3);
  assert.throws(() => rmse([1], [1, 2]), /rmse\(actual, predicted\) needs inputs of the same length/);
});

test('mape(actual, predicted) is the mean absolute percentage error', () => {
  // |100-110|/100 = 10%, |200-180|/200 = 10%, |-50-(-25)|/50 = 50% -> mean 70/3
  assert.equal(mape([100, 200], [110, 180]), 10);
  assert.ok(Math.abs(mape([100, 200, -50], [110, 180, -25]) - 70 / 3) < 1e-12);
});

test('mape(actual, predicted) throws naming the index of an actual 0', () => {
  assert.throws(() => mape([3, 0, 1], [3, 1, 1]), /mape\(actual, predicted\): actual\[1\] is 0.*use smape or mase/);
});

test('smape(actual, predicted) is in percent, 0..200, and counts 0 against 0 as 0', () => {
  // 2*10/210 = 0.0952381, and the 0/0 term counts 0 -> mean 4.7619%
  assert.ok(Math.abs(smape([100, 0], [110, 0]) - (100 * (20 / 210)) / 2) < 1e-12);
  assert.equal(smape([5, 0, 0], [5, 0, 0]), 0);
  assert.equal(smape([1, 0], [0, 3]), 200); // opposite sides of zero: the maximum
  assert.equal(smape([2], [-2]), 200);
});

test('mase(actual, predicted, train) scales mae by the in-sample naive MAE', () => {
  // train naive errors |2-1|, |4-2| -> 1.5; mae([5, 7], [6, 6]) = 1 -> 2/3
  assert.equal(mase([5, 7], [6, 6], [1, 2, 4]), 1 / 1.5);
});

test('mase(actual, predicted, train, { period }) uses the seasonal naive forecast', () => {
  // period 2 on [1, 5, 2, 7, 4]: |2-1|, |7-5|, |4-2| -> mean 5/3; mae([1, 1], [2, 3]) = 1.5 -> 0.9
  assert.ok(Math.abs(mase([1, 1], [2, 3], [1, 5, 2, 7, 4], { period: 2 }) - 0.9) < 1e-12);
});

test('mase(actual, predicted, train) throws on a short train, a zero scale and a bad period', () => {
  assert.throws(() => mase([1], [1], [1, 2], { period: 2 }), /mase needs at least period \+ 1 = 3 training values.*got 2/);
  assert.throws(() => mase([1], [2], [3, 3, 3]), /scale is 0: use mae or rmse/);
  assert.throws(() => mase([1], [2], [1, 2, 1, 2], { period: 2 }), /naive forecast \(period 2\) is exact/);
  assert.throws(() => mase([1], [2], [1, 2, 3], { period: 0 }), /mase period must be a positive integer, got 0/);
});
