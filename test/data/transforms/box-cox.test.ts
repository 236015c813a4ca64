// Box-Cox against R's forecast::BoxCox / InvBoxCox (8.20), on the fixture
// bench/r/transform-fixtures.R writes: AirPassengers, UKgas, co2, lynx, wineind and a 30-value cut
// of AirPassengers at their Guerrero lambda, and AirPassengers and lynx at lambda -1, -0.5, 0, 0.5,
// 1 and 2; inverses of the transformed data and of a grid of values past its range (as forecasts).
//
// Tolerances, and why:
//  - boxCoxValue (float64): 1e-13 relative to max(1, |z|) (largest seen 4.9e-15). We compute
//    (x^λ − 1)/λ as expm1(λ·ln x)/λ, which R does not, so a few ulps apart.
//  - invBoxCoxValue (float64): 1e-11 relative (largest seen 2.8e-12). 1 + λz cancels when x^λ is
//    small (λ = −1 and x = 6991 give 1.4e-4), which multiplies the rounding of z, in R's
//    computation as in ours, by up to ~1e4.
//  - The transform's float32 output: R's value rounded to float32, i.e. 2^-24 ≈ 6e-8 relative.
//  - The fitted lambda: guerrero.test.ts (1e-8); here it is checked at 1e-8 again through fit, and
//    within optimize()'s tolerance (1.22e-4) when the data is float32 (other data than R's).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boxCoxTransform, boxCoxValue, invBoxCoxValue } from '../../../src/data/transforms/box-cox.js';
import { InputError, OptionError, SeqcastError } from '../../../src/errors.js';

interface BoxCoxCase {
  series: string;
  n: number;
  lambda: number;
  fixed: boolean;
  transformed: number[];
  inverse: number[];
  zGrid: number[];
  zGridInverse: number[];
}
interface Fixture {
  forecast: string;
  series: Record<string, { period: number; values: number[] }>;
  boxCox: BoxCoxCase[];
}

const fixture: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/r/box-cox.json', import.meta.url), 'utf8'));
const valuesOf = (c: BoxCoxCase): number[] => fixture.series[c.series].values.slice(0, c.n);
const label = (c: BoxCoxCase): string => `${c.series}/${c.n} λ=${c.lambda}`;
const F32 = 2 ** -24;

describe("Box-Cox as R's BoxCox / InvBoxCox", () => {
  test('the fixture holds 18 cases: 6 at the Guerrero lambda, 12 at fixed lambdas from -1 to 2', () => {
    assert.equal(fixture.forecast, '8.20');
    assert.equal(fixture.boxCox.length, 18);
    assert.equal(fixture.boxCox.filter((c) => c.fixed).length, 12);
  });

  test('boxCoxValue(x, lambda) agrees with BoxCox to 1e-13', () => {
    for (const c of fixture.boxCox) {
      valuesOf(c).forEach((x, i) => {
        const r = c.transformed[i];
        assert.ok(
          Math.abs(boxCoxValue(x, c.lambda) - r) <= 1e-13 * Math.max(1, Math.abs(r)),
          `${label(c)} at ${i}: ${boxCoxValue(x, c.lambda)} vs R ${r}`,
        );
      });
    }
  });

  test('invBoxCoxValue(z, lambda) agrees with InvBoxCox to 1e-11, on the data and past its range', () => {
    for (const c of fixture.boxCox) {
      const pairs = [...c.transformed.map((z, i) => [z, c.inverse[i]]), ...c.zGrid.map((z, i) => [z, c.zGridInverse[i]])];
      for (const [z, r] of pairs) {
        assert.ok(
          Math.abs(invBoxCoxValue(z, c.lambda) - r) <= 1e-11 * Math.abs(r),
          `${label(c)} at z = ${z}: ${invBoxCoxValue(z, c.lambda)} vs R ${r}`,
        );
      }
    }
  });

  test("boxCoxTransform({ period }).fit(x) estimates R's lambda and transforms to float32 rounding of R's values", () => {
    for (const c of fixture.boxCox.filter((c) => !c.fixed)) {
      const x = valuesOf(c);
      const period = fixture.series[c.series].period;
      const { lambda } = boxCoxTransform({ period }).fit(x).toJSON() as { lambda: number };
      assert.ok(Math.abs(lambda - c.lambda) <= 1e-8, `${label(c)}: ${lambda}`);
      // float32 data is other data (co2's 315.42 is 315.4200134 in float32): the criterion moves
      // by ~1e-8 and lambda by up to 2.7e-5 on the collection, inside optimize()'s tolerance
      const { lambda: lambda32 } = boxCoxTransform({ period }).fit(Float32Array.from(x)).toJSON() as { lambda: number };
      assert.ok(Math.abs(lambda32 - c.lambda) <= 1.22e-4, `${label(c)} float32: ${lambda32}`);
      const z = boxCoxTransform({ lambda: c.lambda }).transform(x);
      z.forEach((v, i) => assert.ok(Math.abs(v - c.transformed[i]) <= F32 * Math.abs(c.transformed[i]), `${label(c)} at ${i}`));
    }
  });

  test('inverseForecast(history, z) gives InvBoxCox of forecasts past the data, to float32 rounding', () => {
    for (const c of fixture.boxCox) {
      const t = boxCoxTransform({ lambda: c.lambda });
      const back = t.inverseForecast(valuesOf(c), c.zGrid);
      back.forEach((v, i) =>
        assert.ok(
          Math.abs(v - c.zGridInverse[i]) <= F32 * Math.abs(c.zGridInverse[i]),
          `${label(c)} at ${i}: ${v} vs ${c.zGridInverse[i]}`,
        ),
      );
    }
  });
});

describe('boxCoxTransform(options)', () => {
  test('lambda 0 is the log, 1 a shift by -1, 0.5 is 2(√x − 1)', () => {
    assert.deepEqual(Array.from(boxCoxTransform({ lambda: 0 }).transform([1, Math.E])), [0, 1]);
    assert.deepEqual(Array.from(boxCoxTransform({ lambda: 1 }).transform([5, -2])), [4, -3]);
    assert.deepEqual(Array.from(boxCoxTransform({ lambda: 0.5 }).transform([4, 9])), [2, 4]);
  });

  test('lambda > 0 takes values <= 0 with the signed power, as R, and inverts them', () => {
    const t = boxCoxTransform({ lambda: 0.5 });
    const z = t.transform([-4, 0, 4]);
    assert.deepEqual(Array.from(z), [-6, -2, 2]); // (−2 − 1)/0.5, (0 − 1)/0.5, (2 − 1)/0.5
    assert.deepEqual(Array.from(t.inverseForecast([], z)), [-4, 0, 4]);
  });

  test('lambda <= 0 refuses values <= 0 with InputError, at fit and at transform', () => {
    for (const lambda of [0, -0.5]) {
      const t = boxCoxTransform({ lambda });
      assert.throws(
        () => t.fit([3, 0, 2]),
        (e: Error) => e instanceof InputError && /train\[1\] is 0, but it takes positive values only/.test(e.message),
      );
      assert.throws(
        () => t.transform([3, -1]),
        (e: Error) => e instanceof InputError && /values\[1\] is -1/.test(e.message),
      );
    }
  });

  test('lambda < 0: a forecast at or above −1/λ has no inverse and is refused, naming it', () => {
    const t = boxCoxTransform({ lambda: -0.5 }); // z < 2 for every x > 0
    assert.ok(Math.abs(t.inverseForecast([], [1.9])[0] - 400) < 1e-3); // (1 − 0.5·1.9)^(−2) = 400
    assert.throws(
      () => t.inverseForecast([], [1, 2.5]),
      (e: Error) => e instanceof InputError && /forecasts\[1\] is 2.5, at or above −1\/λ = 2 \(λ = -0.5\)/.test(e.message),
    );
  });

  test('estimating needs fit first; fit on values <= 0 is refused (Guerrero is for positive data)', () => {
    const t = boxCoxTransform({ period: 4 });
    assert.equal(t.fitted, false);
    assert.throws(
      () => t.transform([1]),
      (e: Error) => e instanceof SeqcastError && /transform needs a fitted transform: call fit\(train\) first/.test(e.message),
    );
    assert.throws(() => t.toJSON(), SeqcastError);
    assert.throws(
      () => t.fit([1, 2, 3, 4, 5, 6, 7, 8, -9]),
      (e: Error) => e instanceof InputError && /strictly positive/.test(e.message),
    );
  });

  test('a short training part (n <= 2·period) gets lambda 1, as R', () => {
    const t = boxCoxTransform({ period: 12 }).fit([5, 3, 8, 1, 9]);
    assert.deepEqual(t.toJSON(), { kind: 'box-cox', method: 'guerrero', lambda: 1, period: 12, lower: -1, upper: 2 });
  });

  test('refitting re-estimates lambda; a fixed lambda stays', () => {
    const air = fixture.series.AirPassengers.values;
    const t = boxCoxTransform({ period: 12 });
    const first = (t.fit(air.slice(0, 60)).toJSON() as { lambda: number }).lambda;
    const second = (t.fit(air).toJSON() as { lambda: number }).lambda;
    assert.notEqual(first, second);
    const fixed = boxCoxTransform({ lambda: 0.3 });
    assert.deepEqual(fixed.fit(air).toJSON(), { kind: 'box-cox', method: 'fixed', lambda: 0.3 });
    assert.equal(fixed.name, 'box-cox (0.3)');
    assert.equal(t.name, 'box-cox (guerrero, 12)');
  });

  test('bad options are refused with OptionError', () => {
    assert.throws(
      () => boxCoxTransform({ lambda: NaN }),
      (e: Error) => e instanceof OptionError && /lambda must be a finite number/.test(e.message),
    );
    assert.throws(
      () => boxCoxTransform({ lambda: 0.5, period: 12 } as never),
      (e: Error) =>
        e instanceof OptionError && /got lambda and period: give a fixed lambda, or the options of its Guerrero estimate/.test(e.message),
    );
    assert.throws(() => boxCoxTransform({ period: 0 }), OptionError);
    assert.throws(() => boxCoxTransform({ lower: 1, upper: 1 }), OptionError);
  });

  test('a transformed value beyond float32 is refused instead of becoming Infinity', () => {
    assert.throws(
      () => boxCoxTransform({ lambda: 2 }).transform([1e20]),
      (e: Error) => e instanceof InputError && /beyond float32's range/.test(e.message),
    );
  });
});
