// M4's three measures (Makridakis et al. 2020; the organisers' code), computed by hand on small
// cases and checked against seqcast's smape, mase and msis, which bench:m4 scores with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mase, smape } from '../../src/metrics/errors.js';
import { msis } from '../../src/metrics/interval-scores.js';

const close = (got: number, want: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: ${got} vs ${want}`);

test("smape is M4's sMAPE: 200/h Σ |y − ŷ| / (|y| + |ŷ|)", () => {
  // terms: 2·10/210, 2·50/450, 2·0/200, 2·30/70
  close(smape([100, 200, 100, 20], [110, 50 + 200, 100, 50]), (200 / 4) * (10 / 210 + 50 / 450 + 0 + 30 / 70), 'sMAPE');
  close(smape([100, 200, 100, 20], [110, 250, 100, 50]), 29.365079365079364, 'sMAPE, the number');
});

test("mase with M4's in-sample seasonal naive scale: m = 24 (hourly), m = 1 (weekly)", () => {
  // an hourly-like training part of 2 days: each value the hour's index, plus 3 on the second day, so every |y[t] − y[t−24]| = 3
  const train = Array.from({ length: 48 }, (_, t) => (t % 24) + (t >= 24 ? 3 : 0));
  close(mase([30, 31], [29, 33], train, { period: 24 }), 1.5 / 3, 'MASE m = 24');
  // m = 1: |y[t] − y[t−1]| is 1 within a day, 20 at the day's wrap (23 → 0 + 3), over 47 differences
  close(mase([30, 31], [29, 33], train, { period: 1 }), 1.5 / ((46 * 1 + 20) / 47), 'MASE m = 1');
});

test("msis is M4's MSIS at 95 %: width + 40 × each miss, over h, over MASE's scale", () => {
  const train = [10, 12, 11, 15]; // naive scale (2 + 1 + 4) / 3 = 7/3
  // y = 5 below [6, 9] by 1; y = 8 inside [6, 9]; y = 12 above [7, 10] by 2
  const want = (3 + 40 * 1 + 3 + (3 + 40 * 2)) / 3 / (7 / 3);
  close(msis([5, 8, 12], [6, 6, 7], [9, 9, 10], train, { level: 95 }), want, 'MSIS');
});
