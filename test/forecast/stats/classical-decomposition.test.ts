// R's decompose on the collection is compared in theta.test.ts (the figure of every seasonal case
// to 1e-12); here, what a decomposition must do whatever the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiplicativeDecomposition } from '../../../src/forecast/stats/classical-decomposition.js';
import { OptionError } from '../../../src/errors.js';

test('multiplicativeDecomposition(level · S, m) gives back S and the level, even and odd m', () => {
  for (const S of [
    [0.8, 1.1, 1.3, 0.8],
    [0.5, 1.5, 1.0],
  ]) {
    const m = S.length;
    const values = Array.from({ length: 5 * m + 2 }, (_, t) => 200 * S[t % m]);
    const { trend, figure } = multiplicativeDecomposition(values, m);
    S.forEach((s, j) => assert.ok(Math.abs(figure[j] - s) < 1e-12, `m ${m}, figure[${j}] ${figure[j]}`));
    const half = Math.floor(m / 2);
    for (let t = 0; t < values.length; t++) {
      if (t < half || t >= values.length - half) assert.ok(Number.isNaN(trend[t]), `trend[${t}] is not defined`);
      else assert.ok(Math.abs(trend[t] - 200) < 1e-9, `trend[${t}] ${trend[t]}`);
    }
  }
});

test('multiplicativeDecomposition(values, m).figure has mean 1 and follows positions from the first value', () => {
  // a series that starts in its third season position: the figure is aligned to values[0], not to a calendar
  const S = [1.2, 0.7, 0.9, 1.2];
  const values = Array.from({ length: 30 }, (_, t) => (50 + t) * S[(t + 2) % 4]);
  const { figure } = multiplicativeDecomposition(values, 4);
  assert.ok(Math.abs(figure.reduce((a, f) => a + f, 0) / 4 - 1) < 1e-15);
  assert.ok(figure[0] < 1 && figure[1] > 1, `figure[0] ${figure[0]} (S[2] = 0.9), figure[1] ${figure[1]} (S[3] = 1.2)`);
});

test('multiplicativeDecomposition(values, m) throws OptionError for m < 2 or fewer than two seasons', () => {
  assert.throws(
    () => multiplicativeDecomposition([1, 2, 3, 4], 1),
    (e) => e instanceof OptionError && /period must be an integer of at least 2, got 1/.test(e.message),
  );
  assert.throws(() => multiplicativeDecomposition([1, 2, 3, 4, 5], 3), /needs at least two seasons \(6 values\) for period 3, got 5/);
});
