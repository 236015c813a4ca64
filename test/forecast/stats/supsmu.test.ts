// The super smoother: R's supsmu(seq_len(n), y) is compared on Nile and BJsales through mstl's
// non-seasonal path (test/forecast/stats/mstl.test.ts); here, properties any running-line smoother
// must have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { superSmoother } from '../../../src/forecast/stats/supsmu.js';

test('superSmoother(y) gives back a straight line', () => {
  const y = Float64Array.from({ length: 50 }, (_, i) => 3 - 0.5 * i);
  const s = superSmoother(y);
  for (let i = 0; i < y.length; i++) assert.ok(Math.abs(s[i] - y[i]) < 1e-9);
});

test('superSmoother(y) of a constant is the constant, and smooths noise towards the mean', () => {
  assert.ok(superSmoother(new Float64Array(20).fill(7)).every((v) => Math.abs(v - 7) < 1e-12));
  const y = Float64Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const s = superSmoother(y);
  assert.ok(s.every((v) => Math.abs(v) < 0.2));
});
