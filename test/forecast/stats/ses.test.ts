// fitSes against R's ses is checked through theta.test.ts (72 cases: our sum of squares is never
// above R's, alpha within 1e-3 where R's optimiser converged); here, the optimiser's own promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALPHA_BOUNDS, fitSes, sesLevel, sesSse } from '../../../src/forecast/stats/ses.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/r/theta.json', import.meta.url), 'utf8'));
const nile: number[] = fixture.series.Nile.values;
const bjsales: number[] = fixture.series.BJsales.values;

test('sesSse(values, alpha, level0) and sesLevel(values, alpha, level0, n) run the recursion', () => {
  assert.equal(sesSse([1, 2, 3], 1, 0), 3); // errors 1, 1, 1
  assert.equal(sesLevel([1, 2, 3], 0.5, 0), 2.125); // 0.5, 1.25, 2.125
  assert.equal(sesLevel([1, 2, 3], 0.5, 0, 1), 0.5);
});

test('fitSes(values) is a minimum: no nearby alpha or l0 fits better', () => {
  for (const values of [nile, nile.slice(0, 30), bjsales.slice(0, 50)]) {
    const fit = fitSes(values);
    const best = sesSse(values, fit.alpha, fit.level0);
    assert.equal(fit.sse, best);
    for (const da of [-1e-3, -1e-5, 1e-5, 1e-3]) {
      const a = fit.alpha + da;
      if (a < ALPHA_BOUNDS[0] || a > ALPHA_BOUNDS[1]) continue;
      assert.ok(sesSse(values, a, fit.level0) >= best, `alpha ${fit.alpha} + ${da}`);
    }
    for (const dl of [-1, -1e-3, 1e-3, 1]) assert.ok(sesSse(values, fit.alpha, fit.level0 + dl) >= best, `l0 ${fit.level0} + ${dl}`);
  }
});

test("fitSes(values) stops at R's bounds: alpha 0.9999 for a near random walk", () => {
  const fit = fitSes(bjsales); // R: ses(BJsales) alpha 0.9998999
  assert.equal(fit.alpha, 0.9999);
  assert.equal(fit.method, 'ets');
  assert.equal(fit.sigma2, fit.sse / (bjsales.length - 2));
});

test("fitSes(values) on 6 values or fewer is R's Holt-Winters fit: l0 = the first value, alpha in [0, 1], sigma2 = sse / n", () => {
  const six = fitSes(nile.slice(0, 6));
  assert.equal(six.method, 'holt-winters');
  assert.equal(six.level0, nile[0]);
  assert.equal(six.sigma2, six.sse / 6);
  assert.ok(six.alpha >= 0 && six.alpha < 1e-9, `alpha ${six.alpha} (R: 0)`);
  assert.equal(fitSes([1, 2, 3, 4]).alpha, 1); // a straight line: follow it fully
  assert.equal(fitSes(nile.slice(0, 7)).method, 'ets');
});

test("fitSes(constant) keeps R's starting alpha, as R's optimiser does when every alpha fits", () => {
  const fit = fitSes(new Array(30).fill(42.5));
  assert.equal(fit.alpha, 1e-4 + 0.2 * (0.9999 - 1e-4)); // 0.20006
  assert.equal(fit.level0, 42.5);
  assert.equal(fit.sse, 0);
  assert.equal(fitSes([3, 3, 3], 12).alpha, 0.2 / 12); // Holt-Winters: R's 0.2 / frequency
});
