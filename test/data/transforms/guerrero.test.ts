// Guerrero's Box-Cox lambda against R's forecast::BoxCox.lambda(x, "guerrero", lower = -1, upper = 2)
// (8.20), on the fixture bench/r/transform-fixtures.R writes: the 15 series of the accuracy
// collection in full and cut at their three rolling origins, short series and a constant one.
//
// Tolerances, and why:
//  - The criterion (forecast:::guer.cv at 6 lambdas) is the same arithmetic in another order: 1e-12
//    relative (largest seen 4.6e-15).
//  - lambda: our minimiser is Brent's method with optimize()'s stopping rule and tolerance, so it
//    visits the same points as R's and stops at the same one. The criterion differs from R's by
//    rounding only, so lambda agrees to rounding amplified by the last parabolic step: 1e-8
//    absolute (largest seen 2.0e-10, nottem cut at 186), 10,000 times tighter than optimize's own
//    tolerance (1.2e-4), which a different optimiser could only have matched to ~1e-4.
//  - Degenerate cases (the criterion undefined at every lambda) are pinned to our documented 1,
//    where R's optimize drifts to the upper bound (1.9999).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { guerreroCriterion, guerreroLambda, guerreroOptions } from '../../../src/data/transforms/guerrero.js';
import { InputError, OptionError } from '../../../src/errors.js';

interface LambdaCase {
  series: string;
  n: number;
  period: number;
  short: boolean;
  degenerate: boolean;
  lambda: number;
  criterion: (number | null)[] | null;
}
interface Fixture {
  forecast: string;
  tolerance: number;
  grid: number[];
  series: Record<string, { period: number; values: number[] }>;
  lambdas: LambdaCase[];
}

const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/r/box-cox.json', import.meta.url), 'utf8'));
const valuesOf = (c: LambdaCase): number[] => fixture.series[c.series].values.slice(0, c.n);
const label = (c: LambdaCase): string => `${c.series}/${c.n}`;

describe("guerreroLambda(values, { period }) gives R's BoxCox.lambda(x, 'guerrero')", () => {
  test('the fixture is R forecast 8.20 on 68 cases, 60 of them the collection and its cuts', () => {
    assert.equal(fixture.forecast, '8.20');
    assert.equal(fixture.lambdas.length, 68);
    assert.equal(new Set(fixture.lambdas.map((c) => c.series)).size, 16);
    assert.equal(fixture.tolerance, Math.pow(2 ** -52, 0.25)); // optimize()'s default, ours too
  });

  test('the criterion at lambda -1, -0.5, 0, 0.3, 1, 2 agrees to 1e-12 relative, NaN where R has NA', () => {
    let compared = 0;
    for (const c of fixture.lambdas) {
      if (!c.criterion) continue;
      c.criterion.forEach((r, i) => {
        const ours = guerreroCriterion(valuesOf(c), fixture.grid[i], c.period);
        if (r === null) assert.ok(Number.isNaN(ours), `${label(c)} at ${fixture.grid[i]}: ${ours}, R NA`);
        else assert.ok(Math.abs(ours - r) <= 1e-12 * Math.abs(r), `${label(c)} at ${fixture.grid[i]}: ${ours} vs R ${r}`);
        compared++;
      });
    }
    assert.equal(compared, 6 * 65); // every case but the 3 short ones
  });

  test('lambda agrees to 1e-8 on every case where the criterion is defined (60 estimated, 3 short)', () => {
    let estimated = 0;
    let largest = 0;
    for (const c of fixture.lambdas.filter((c) => !c.degenerate)) {
      const ours = guerreroLambda(valuesOf(c), { period: c.period });
      largest = Math.max(largest, Math.abs(ours - c.lambda));
      assert.ok(Math.abs(ours - c.lambda) <= 1e-8, `${label(c)}: ${ours} vs R ${c.lambda}`);
      if (c.short) assert.equal(ours, 1, label(c));
      else estimated++;
    }
    assert.equal(estimated, 63);
    assert.ok(largest > 0); // a real comparison, not a copy
  });

  test('lambdas span the bounds: R and we reach within 1e-4 of both -1 and 2 on some cases', () => {
    const ours = fixture.lambdas.filter((c) => !c.degenerate).map((c) => guerreroLambda(valuesOf(c), { period: c.period }));
    assert.ok(Math.min(...ours) < -0.9999);
    assert.ok(Math.max(...ours) > 1.9999);
  });

  test('where the criterion is undefined at every lambda (one block; every block constant) lambda is 1, where R drifts to 2', () => {
    const degenerate = fixture.lambdas.filter((c) => c.degenerate);
    assert.deepEqual(degenerate.map(label), ['lynx/3', 'constant/40']);
    for (const c of degenerate) {
      assert.ok(c.lambda > 1.999, `R ${c.lambda}`);
      assert.equal(guerreroLambda(valuesOf(c), { period: c.period }), 1, label(c));
    }
  });
});

describe('guerreroLambda(values, options) checks its input', () => {
  test('n <= 2 * period gives 1 without looking at the values (as R), even values <= 0', () => {
    assert.equal(guerreroLambda([-1, 0, 5], { period: 4 }), 1);
    assert.equal(guerreroLambda([], { period: 1 }), 1);
  });

  test('a value <= 0 in a longer series is refused with InputError', () => {
    assert.throws(
      () => guerreroLambda([1, 2, 0, 4, 5, 6]),
      (e: Error) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /values\[2\] is 0, but Guerrero's method is for strictly positive data: shift the series above 0/);
        return true;
      },
    );
  });

  test('NaN is refused with InputError naming the index', () => {
    assert.throws(
      () => guerreroLambda([1, NaN, 3]),
      (e: Error) => e instanceof InputError && /values\[1\] is NaN/.test(e.message),
    );
  });

  test('bad options are refused with OptionError', () => {
    assert.throws(
      () => guerreroLambda([1, 2, 3], { period: 1.5 }),
      (e: Error) => e instanceof OptionError && /period must be a positive integer/.test(e.message),
    );
    assert.throws(
      () => guerreroLambda([1, 2, 3], { lower: 2, upper: 1 }),
      (e: Error) => e instanceof OptionError && /lower < upper/.test(e.message),
    );
    assert.deepEqual(guerreroOptions({ period: 12 }), { period: 12, lower: -1, upper: 2 });
  });

  test('narrower bounds keep lambda inside them (AirPassengers: -0.29 unbounded, 0 with lower 0)', () => {
    const air = fixture.series.AirPassengers.values;
    const lambda = guerreroLambda(air, { period: 12, lower: 0, upper: 1 });
    assert.ok(lambda >= 0 && lambda < 1e-3, `${lambda}`);
  });

  test('blocks are taken from the end: values before the last floor(n / p) * p do not matter', () => {
    const air = fixture.series.AirPassengers.values;
    const cut = air.slice(5); // 139 values: 11 blocks of 12 from the end, the first 7 left out
    const changed = [1, 1, 1, 1, 1, 1, 1, ...cut.slice(7)];
    assert.equal(guerreroLambda(changed, { period: 12 }), guerreroLambda(cut, { period: 12 }));
  });
});
