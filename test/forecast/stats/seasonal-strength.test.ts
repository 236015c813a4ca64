// The seasonal strength and nsdiffs against forecast 8.20's seas.heuristic and nsdiffs on the
// fixture bench/r/stl-fixtures.R writes: the 12 seasonal series of the accuracy collection in full
// and cut at their three rolling origins, 10 M4 Hourly series at periods 24 and 168, series of
// exactly two periods and of one, a constant and a nearly constant one (72 cases).
//
// The strength is a ratio of variances of the MSTL components (equal to R's to ~1e-15), so it is
// compared to 1e-12 absolute; nsdiffs exactly. Not the nearly constant series' strength: its
// components are rounding noise of the order of 1e-15 · 42.5, R's and ours differ in the 6th digit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nsdiffs, seasonalStrength } from '../../../src/forecast/stats/seasonal-strength.js';
import { InputError, OptionError } from '../../../src/errors.js';
import { fixtureValues, stlFixture } from './stl-fixture.js';

const valuesOf = (name: string, n: number): number[] =>
  name === 'constant'
    ? new Array(n).fill(42.5)
    : name === 'nearlyConstant'
      ? [42.5 + 1e-9, ...new Array(n - 1).fill(42.5)]
      : fixtureValues(name, n);

describe('nsdiffs(values, period) and seasonalStrength(values, period) against R', () => {
  for (const c of stlFixture.nsdiffs) {
    test(`${c.series}/${c.n} period ${c.period}: D = ${c.D}`, () => {
      const y = valuesOf(c.series, c.n);
      assert.equal(nsdiffs(y, c.period), c.D);
      // the nearly constant series' components are rounding noise (1e-9 on 42.5): only D is compared
      if (c.strength !== null && c.series !== 'nearlyConstant') {
        const [strength] = seasonalStrength(y, c.period);
        assert.ok(Math.abs(strength - c.strength) < 1e-12, `${strength} vs ${c.strength}`);
      }
    });
  }
  test('the fixture exercises both answers', () => {
    assert.ok(stlFixture.nsdiffs.some((c) => c.D === 0 && c.strength !== null && c.series !== 'constant'));
    assert.ok(stlFixture.nsdiffs.some((c) => c.D === 1));
  });
});

describe('seasonalStrength(values, periods)', () => {
  test('an array of periods is an msts: one strength per period kept', () => {
    const y = fixtureValues('H1');
    const s = seasonalStrength(y, [24, 168, 500]);
    assert.equal(s.length, 2);
    assert.ok(s.every((v) => v >= 0 && v <= 1));
  });
  test('throws on a period below 2 and on a series of at most two periods', () => {
    assert.throws(() => seasonalStrength([1, 2, 3, 4, 5], 1), OptionError);
    assert.throws(() => seasonalStrength(fixtureValues('AirPassengers', 24), 12), /more than two periods/);
  });
});

describe('nsdiffs(values, period)', () => {
  test('throws on period 1 (R: "Non seasonal data") unless the series is constant, and on NaN', () => {
    assert.throws(() => nsdiffs(fixtureValues('Nile'), 1), OptionError);
    assert.equal(nsdiffs([3, 3, 3, 3], 1), 0);
    assert.throws(() => nsdiffs([1, NaN, 3], 12), InputError);
  });
});
