// STL against R's stats::stl (R 4.2) on the fixture bench/r/stl-fixtures.R writes: co2, nottem,
// UKgas (period 4), AirPassengers and USAccDeaths with a periodic and numeric (odd and even)
// s.window, non-default t.window, s.degree and t.jump; M4 Hourly H1 (period 24) and H170 (168).
//
// Tolerance 1e-12 of the series' largest |value|: the loess fits, moving averages and jumps are
// the same arithmetic in the same order as the Fortran R calls, so only rounding differs (largest
// seen 3.7e-15). A relative error per value would not do: seasonal and remainder values cross 0.
//
// Robust fits (outer > 0) are not compared to R: R's Fortran takes the median |remainder| with a
// partial sort that does not always return the true middle order statistics (AirPassengers, the
// 7th robustness pass), which this implementation computes exactly; the fits agree until then.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stl } from '../../../src/forecast/stats/stl.js';
import { InputError, OptionError } from '../../../src/errors.js';
import { fixtureValues, maxRelativeDiff, stlFixture } from './stl-fixture.js';

const TOLERANCE = 1e-12;

describe('stl(values, period, options) against R', () => {
  for (const c of stlFixture.stl.filter((c) => !c.robust)) {
    test(`${c.series} period ${c.period} s.window ${c.sWindow}`, () => {
      const y = fixtureValues(c.series);
      const fit = stl(y, c.period, {
        sWindow: c.sWindow,
        tWindow: c['t.window'],
        sDegree: c['s.degree'] as 0 | 1 | undefined,
        tJump: c['t.jump'],
      });
      assert.deepEqual(fit.windows, c.windows);
      for (const part of ['seasonal', 'trend', 'remainder'] as const) {
        const d = maxRelativeDiff(fit[part], c[part], y);
        assert.ok(d < TOLERANCE, `${part}: ${d}`);
      }
      assert.ok(fit.weights.every((w) => w === 1));
    });
  }
  test('robust fits agree with R for the first passes (AirPassengers, outer 1)', () => {
    // R: stl(AirPassengers, 11, inner = 1, outer = 1)$weights[1:3] and its trend[1]
    const fit = stl(fixtureValues('AirPassengers'), 12, { sWindow: 11, inner: 1, outer: 1 });
    assert.ok(Math.abs(fit.weights[0] - 0.8675280194) < 1e-9);
    assert.ok(Math.abs(fit.weights[1] - 0.7171127222) < 1e-9);
    assert.ok(Math.abs(fit.trend[0] - 125.2235625049) < 1e-9);
  });
});

describe('stl(values, period, options)', () => {
  const y = fixtureValues('co2');
  test('components add up to the values', () => {
    const fit = stl(y, 12, { sWindow: 7, robust: true });
    for (let t = 0; t < y.length; t++) assert.ok(Math.abs(fit.seasonal[t] + fit.trend[t] + fit.remainder[t] - y[t]) < 1e-9);
    assert.ok(fit.weights.some((w) => w < 1));
  });
  test('periodic gives the same seasonal value at every cycle position', () => {
    const fit = stl(y, 12, { sWindow: 'periodic' });
    for (let t = 12; t < y.length; t++) assert.equal(fit.seasonal[t], fit.seasonal[t - 12]);
  });
  test('throws on a bad period, too short a series, non-finite values and bad options', () => {
    assert.throws(() => stl(y, 1, { sWindow: 7 }), OptionError);
    assert.throws(() => stl(y, 2.5, { sWindow: 7 }), OptionError);
    assert.throws(() => stl(y.slice(0, 24), 12, { sWindow: 7 }), /more than two periods/);
    assert.throws(() => stl([...y.slice(0, 40), NaN], 12, { sWindow: 7 }), InputError);
    assert.throws(() => stl(y, 12, { sWindow: 0 }), OptionError);
    assert.throws(() => stl(y, 12, { sWindow: 7, tDegree: 2 as 1 }), OptionError);
    assert.throws(() => stl(y, 12, { sWindow: 7, outer: -1 }), OptionError);
  });
});
