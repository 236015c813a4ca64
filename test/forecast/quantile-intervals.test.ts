import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervalQuantiles, quantileNetworkLevels } from '../../src/forecast/quantile-intervals.js';

test('quantileNetworkLevels names the central intervals whose two quantiles a network holds', () => {
  assert.deepEqual(quantileNetworkLevels([0.025, 0.1, 0.5, 0.9, 0.975]), [80, 95]);
  assert.deepEqual(quantileNetworkLevels([0.1, 0.5, 0.8]), [], 'no 0.9 for the 0.1: no 80 % interval');
  assert.deepEqual(quantileNetworkLevels([0.5]), []);
  for (const level of quantileNetworkLevels([0.05, 0.25, 0.5, 0.75, 0.95])) {
    const [lo, hi] = intervalQuantiles(level);
    assert.ok([0.05, 0.25].some((q) => Math.abs(q - lo) < 1e-12) && [0.75, 0.95].some((q) => Math.abs(q - hi) < 1e-12), `${level}`);
  }
});
