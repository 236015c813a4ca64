// coverage, meanWidth and msis on values worked out by hand (docs/accuracy.md's definitions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverage, meanWidth, msis } from '../../src/metrics/interval-scores.js';
import { mase, seasonalNaiveScale } from '../../src/metrics/errors.js';

test('coverage(actual, lower, upper) counts values inside, bounds included, in percent', () => {
  assert.equal(coverage([1, 5, 9, 2], [0, 0, 0, 2], [2, 4, 10, 3]), 75); // 5 is above 4; 2 sits on its lower bound
  assert.equal(coverage([1], [1], [1]), 100);
  assert.equal(coverage([-1, 3], [0, 0], [2, 2]), 0);
  assert.throws(() => coverage([1, 2], [0], [3]), /same length, got 2, 1 lower and 1 upper/);
  assert.throws(() => coverage([], [], []), /empty inputs/);
  assert.throws(() => coverage([1], [2], [1]), /interval 0 has lower 2 above upper 1/);
  assert.throws(() => coverage([1], [NaN], [1]), /or a NaN bound/);
});

test('meanWidth(lower, upper) is the mean of upper − lower', () => {
  assert.equal(meanWidth([0, 1, -2], [2, 5, 1]), 3); // (2 + 4 + 3) / 3
  assert.equal(meanWidth([1e8, 0], [1e8 + 1, 3]), 2); // the small widths beside large bounds survive
});

test('msis(actual, lower, upper, train) at 95 %: width plus 40 × each miss, over h, over the naive scale', () => {
  // train [1, 2, 4]: naive scale (1 + 2) / 2 = 1.5
  // step 1: y 5 in [4, 6]: width 2; step 2: y 12 above [4, 10]: 6 + 40 · 2 = 86; step 3: y 0 below [1, 3]: 2 + 40 · 1 = 42
  assert.equal(msis([5, 12, 0], [4, 4, 1], [6, 10, 3], [1, 2, 4]), (2 + 86 + 42) / 3 / 1.5);
  // 80 %: α = 0.2, penalty 10: (2 + 6 + 20 + 2 + 10) / 3 / 1.5
  assert.equal(msis([5, 12, 0], [4, 4, 1], [6, 10, 3], [1, 2, 4], { level: 80 }), 40 / 3 / 1.5);
  // seasonal scale, period 2: train [1, 5, 2, 7]: |2 − 1|, |7 − 5| → 1.5
  assert.equal(msis([3], [2], [4], [1, 5, 2, 7], { period: 2 }), 2 / 1.5);
  assert.throws(() => msis([1], [0], [2], [1, 2], { level: 100 }), /msis level must be a percentage strictly between 0 and 100, got 100/);
  assert.throws(() => msis([1], [0], [2], [3, 3, 3]), /msis: the naive forecast \(period 1\) is exact on the training series/);
  assert.throws(() => msis([1], [0], [2], [3], { period: 1 }), /msis needs at least period \+ 1 = 2 training values/);
});

test('seasonalNaiveScale(train, period) is the scale mase divides by', () => {
  assert.equal(seasonalNaiveScale([1, 2, 4]), 1.5);
  assert.equal(seasonalNaiveScale([1, 5, 2, 7], 2), 1.5);
  assert.equal(mase([5, 7], [6, 6], [1, 2, 4]), 1 / seasonalNaiveScale([1, 2, 4]));
  assert.throws(() => mase([1], [1], [1, 2], { period: 0 }), /mase period must be a positive integer, got 0/);
});
