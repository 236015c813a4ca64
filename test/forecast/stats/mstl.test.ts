// MSTL against forecast 8.20's mstl on the fixture bench/r/stl-fixtures.R writes: a ts (one
// period, one pass) for AirPassengers and UKgas, an msts with one period (two passes), msts
// c(24, 168) on M4 Hourly H1, H2 (700 values) and H170 (960), nottem with c(12, 120) (120 is
// dropped) and the non-seasonal Nile and BJsales (supsmu trend).
//
// Tolerances, relative to the series' largest |value|: 1e-12 with a season (STL, the same
// arithmetic as R's Fortran; largest seen 2.1e-15); 1e-9 for supsmu's trend (largest seen
// 2.3e-10 on Nile: the running line's means and sums are updated point by point over ~700 steps
// in a slightly different order from R's Fortran).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mstl } from '../../../src/forecast/stats/mstl.js';
import { InputError, OptionError } from '../../../src/errors.js';
import { asArray, fixtureValues, maxRelativeDiff, stlFixture } from './stl-fixture.js';

describe('mstl(values, periods, options) against R', () => {
  for (const c of stlFixture.mstl) {
    const periods = asArray(c.periods);
    test(`${c.series} ${c.msts ? 'msts' : 'ts'}(${periods.join(', ')})`, () => {
      const y = fixtureValues(c.series);
      const fit = mstl(y, periods, { iterate: c.iterate });
      const kept = asArray(c.keptPeriods);
      assert.deepEqual(fit.periods, kept);
      const tolerance = kept.length === 0 ? 1e-9 : 1e-12;
      assert.ok(maxRelativeDiff(fit.trend, c.trend, y) < tolerance, `trend ${maxRelativeDiff(fit.trend, c.trend, y)}`);
      assert.ok(maxRelativeDiff(fit.remainder, c.remainder, y) < tolerance, 'remainder');
      assert.equal(fit.seasonals.length, kept.length);
      fit.seasonals.forEach((s, i) => assert.ok(maxRelativeDiff(s, c.seasonals[i], y) < tolerance, `seasonal ${kept[i]}`));
    });
  }
});

describe('mstl(values, periods, options)', () => {
  const y = fixtureValues('H1');
  test('sorts the periods, drops those of at least half the series, and the parts add up', () => {
    const fit = mstl(y, [168, 24, 400]);
    assert.deepEqual(fit.periods, [24, 168]);
    for (let t = 0; t < y.length; t++) {
      const sum = fit.trend[t] + fit.seasonals[0][t] + fit.seasonals[1][t] + fit.remainder[t];
      assert.ok(Math.abs(sum - y[t]) < 1e-9);
    }
  });
  test('throws on bad periods, iterate, too many periods for the windows, short or non-finite input', () => {
    assert.throws(() => mstl(y, [0]), OptionError);
    assert.throws(() => mstl(y, [24.5]), OptionError);
    assert.throws(() => mstl(y, [24], { iterate: 0 }), OptionError);
    assert.throws(() => mstl(y, [2, 3, 4, 5, 6, 7, 8]), /7 periods but 6 seasonal windows/);
    assert.throws(() => mstl([1, 2], [1]), InputError);
    assert.throws(() => mstl([1, 2, Infinity, 4], []), InputError);
  });
});
