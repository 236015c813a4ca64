// boxCoxForecaster against R's forecast 8.20 `lambda` argument (fixture: bench/r/box-cox-forecast-fixtures.R):
// ets(x, lambda), auto.arima(x, lambda) and stlf(x, h, lambda) on AirPassengers, USAccDeaths, UKgas
// and M4 Hourly H1, with lambda 0 and "auto".
//
// Tolerances. The wrapper adds one step to seqcast's ets/arima/stlf (each equal to R's to 1e-6 on
// the same input, see their tests): the transformed training part is float32, as every forecaster's
// input is. R's fixture has both R's own answer (lambda = ...) and R's answer on that very float32
// input (`float32`: ets with additive.only, as lambda sets, on f32(BoxCox(f32(x), lambda))):
//  - given R's lambda, seqcast's forecasts and 80/95 % bounds are within 1e-6 (relative) of R's on
//    the same float32 input (largest seen 5e-7): the transform and back-transform add nothing;
//  - 'auto' estimates lambda within 1e-8 of R's (largest seen 2.3e-9, UKgas: Brent on the same
//    criterion, guerrero.ts), and R's "auto" is BoxCox.lambda(x, lower = -0.9), checked below;
//  - seqcast is within 1e-5 of R's own lambda = ... forecasts wherever R itself moves by less than
//    1e-5 when its input is rounded to float32 (largest seen 4e-6). Where R moves by more, a
//    likelihood optimum is sensitive to the input's last bits: USAccDeaths' ETS(A,A,A) on logs moves
//    by 8e-3 and H1's STL + ETS by 4e-2 (R picks ETS(M,Ad,N) on logs, ETS(A,Ad,N) on their float32
//    rounding); seqcast is then within 1e-6 of R on the float32 input, as above;
//  - end to end with 'auto', within 1e-3 of R on the float32 input: USAccDeaths' ETS(A,N,A) moves by
//    1.8e-4 with lambda's 1.6e-11 difference from R's (5e-7 given R's lambda).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boxCoxForecaster, boxCoxForecasterFromFitted, type BoxCoxForecaster } from '../../src/forecast/box-cox-forecaster.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';
import { naiveForecaster, type Forecaster, type IntervalForecast } from '../../src/forecast/forecaster.js';
import { etsForecaster } from '../../src/forecast/stats/ets.js';
import { boxCoxValue } from '../../src/data/transforms/box-cox.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../src/forecast/saved-forecaster.js';
import { InputError, ModelFileError, OptionError } from '../../src/errors.js';

interface RBounds {
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}
interface RFit extends RBounds {
  lambda: number;
  model: string;
  float32: RBounds & { model: string };
}
interface RCase {
  series: string;
  periods: number | number[];
  n: number;
  h: number;
  values: number[];
  guerrero: number;
  fits: Record<string, RFit>;
}
const fixture: { cases: RCase[] } = JSON.parse(readFileSync(new URL('../fixtures/r/box-cox-forecasts.json', import.meta.url), 'utf8'));

/** seqcast's spec for each of the fixture's R calls, with the lambda to use. */
function specFor(fit: string, c: RCase, lambda: number | 'auto'): ForecasterSpec {
  const periods = Array.isArray(c.periods) ? c.periods : [c.periods];
  const period = Math.max(...periods);
  const of = fit.startsWith('ets') // R's ets(x, lambda) chooses among additive forms only
    ? { kind: 'ets' as const, period, model: 'AZZ' }
    : fit.startsWith('arima')
      ? { kind: 'arima' as const, period }
      : { kind: 'stlf' as const, periods };
  return { kind: 'box-cox', lambda, of };
}

/**
 * The largest difference between our forecasts and bounds and R's, relative to R's and in units of
 * `tol` plus what the float32 forecasts of the inner forecaster carry: z rounded to float32 (2^-24
 * relative, 2^-23 here) moves x = InvBoxCox(z) by |dz| · x^(−λ) relative, since dx/x = dz/(1 + λz)
 * and 1 + λz = x^λ. For λ ≥ 0 that is at most ~1e-7 · |z|, for λ < 0 it grows with x: UKgas
 * (λ = −0.446, x up to 1,200, z ≈ 2.1) carries 3e-6. At most 1 passes.
 */
function worst(ours: IntervalForecast, r: RBounds, lambda: number, tol: number): number {
  const pairs: [ArrayLike<number>, number[]][] = [
    [ours.mean, r.mean],
    [ours.intervals[0].lower, r.lower80],
    [ours.intervals[0].upper, r.upper80],
    [ours.intervals[1].lower, r.lower95],
    [ours.intervals[1].upper, r.upper95],
  ];
  let out = 0;
  for (const [a, b] of pairs)
    for (let k = 0; k < b.length; k++) {
      const float32 = 2 ** -23 * Math.abs(boxCoxValue(b[k], lambda)) * Math.pow(b[k], -lambda);
      out = Math.max(out, Math.abs(a[k] - b[k]) / Math.abs(b[k]) / (tol + float32));
    }
  return out;
}

/** 'ETS(A,A,A)', 'ETS(A,Ad,N)', 'ARIMA(0,1,1)(0,1,1)[12]' ... out of R's or seqcast's description. */
const form = (s: string): string => s.replace(/^Box-Cox\(λ=[^)]*\) /, '').replace(/^STL(\([\d,]*\))? \+ +/, '');

async function fitted(spec: ForecasterSpec, values: Float32Array): Promise<BoxCoxForecaster> {
  const f = makeForecaster(spec) as BoxCoxForecaster;
  await f.fit(values);
  return f;
}

for (const c of fixture.cases) {
  for (const [name, r] of Object.entries(c.fits)) {
    const x = Float32Array.from(c.values);
    const auto = name.endsWith('Auto');
    test(`box-cox ${name} on ${c.series}: R's lambda and forecasts with lambda = ${auto ? '"auto"' : r.lambda}`, async () => {
      // the same float32 input as R's `float32` reference: R's lambda, fixed
      const given = await fitted(specFor(name, c, r.lambda), x);
      const same = given.forecastIntervals!(x, c.h, [80, 95]);
      assert.equal(form(given.describe!()), form(r.float32.model), 'the form R chose on the float32 input');
      const sameInput = worst(same, r.float32, r.lambda, 1e-6);
      assert.ok(sameInput <= 1, `vs R on the same float32 input: ${sameInput} × the tolerance`);
      assert.deepEqual(same.mean, given.forecast(x, c.h));
      // R's own answer, where R itself does not move with the input's float32 rounding
      if (sensitivity(r) < 1e-5) {
        assert.equal(form(given.describe!()), form(r.model), "R's form");
        const own = worst(same, r, r.lambda, 1e-5);
        assert.ok(own <= 1, `vs R's forecast(..., lambda): ${own} × the tolerance`);
      }
      if (!auto) return;
      // R's "auto" is Guerrero's estimate on [-0.9, 2] with the series' frequency as block length
      assert.equal(r.lambda, c.guerrero, 'R: lambda = "auto" is BoxCox.lambda(x, lower = -0.9)');
      const f = await fitted(specFor(name, c, 'auto'), x);
      assert.ok(Math.abs(f.lambda! - r.lambda) < 1e-8, `lambda ${f.lambda} vs R ${r.lambda}`);
      assert.match(f.describe!(), new RegExp(`^Box-Cox\\(λ=${Number(f.lambda!.toPrecision(4))}\\) `));
      const ours = f.forecastIntervals!(x, c.h, [80, 95]);
      const endToEnd = worst(ours, r.float32, r.lambda, 1e-3);
      assert.ok(endToEnd <= 1, `end to end vs R on the float32 input: ${endToEnd} × the tolerance`);
    });
  }
}

/** How far R's own forecasts and bounds move when its input is rounded to float32. */
function sensitivity(r: RFit): number {
  let worst = 0;
  for (const key of ['mean', 'lower80', 'upper80', 'lower95', 'upper95'] as const)
    r[key].forEach((v, k) => (worst = Math.max(worst, Math.abs(v - r.float32[key][k]) / Math.abs(v))));
  return worst;
}

const air = Float32Array.from(fixture.cases[0].values);

test('boxCoxForecaster(inner, { lambda: 0 }) forecasts the exp of the inner forecaster on logs (the median, biasadj = FALSE)', async () => {
  const f = boxCoxForecaster(etsForecaster({ period: 12, model: 'AZZ' }), { lambda: 0 });
  await f.fit(air);
  const onLogs = etsForecaster({ period: 12, model: 'AZZ' });
  const logs = Float32Array.from(air, Math.log);
  await onLogs.fit(logs);
  assert.deepEqual(f.forecast(air, 12), Float32Array.from(onLogs.forecast(logs, 12), Math.exp));
  assert.deepEqual(f.predictSliding(air, 100), Float32Array.from(onLogs.predictSliding(logs, 100), Math.exp));
  assert.equal(f.name, 'ets (AZZ, 12) on logs');
  assert.equal(f.describe!(), 'Box-Cox(λ=0) ETS(A,A,A)');
  assert.equal(f.analyticalIntervals, "ETS analytical (as R's forecast.ets), on Box-Cox values, back-transformed");
});

test("boxCoxForecaster(inner, { lambda: 'auto' }): the name says auto, fixedForm() holds the fitted lambda as a number", async () => {
  const f = makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'ets', period: 12 } }) as BoxCoxForecaster;
  assert.equal(f.name, 'ets (12) on Box-Cox (λ auto)');
  assert.equal(f.lambda, null);
  assert.equal(f.describe!(), 'Box-Cox(λ=auto) ETS (not fitted)');
  assert.equal(f.fixedForm!(), null);
  assert.throws(() => f.forecast(air, 3), /ets \(12\) on Box-Cox \(λ auto\): forecast needs a fitted forecaster: call fit\(train\) first/);
  await f.fit(air);
  const form = f.fixedForm!();
  assert.deepEqual(form, { kind: 'box-cox', lambda: f.lambda, of: f.inner.fixedForm!() as object });
  assert.equal(typeof f.lambda, 'number');
  assert.equal(makeForecaster({ kind: 'stlf', periods: [24, 168] }).name, 'stlf (24, 168)');
  assert.equal(
    makeForecaster({ kind: 'box-cox', lambda: 'auto', of: { kind: 'stlf', periods: [24, 168] } }).name,
    'stlf (24, 168) on Box-Cox (λ auto)',
  );
  assert.equal(makeForecaster({ kind: 'box-cox', lambda: 0.5, of: { kind: 'naive' } }).name, 'naive on Box-Cox (λ 0.5)');
});

test('boxCoxForecaster passes through only the optional members its inner forecaster has', async () => {
  const f = boxCoxForecaster(naiveForecaster(), { lambda: 0.5 });
  for (const member of ['forecastIntervals', 'analyticalIntervals', 'fixedForm', 'describe']) assert.ok(!(member in f), member);
  await f.fit(air);
  // 432 through float32 z = (√432 − 1) / 0.5 and back: within an ulp of 432 (3e-5)
  for (const v of f.forecast(air, 2)) assert.ok(Math.abs(v - 432) <= 3.1e-5, `${v}`);
});

/** An inner forecaster on transformed values that records its fit and forecasts given z. */
function fakeInner(z: number, upper: number): Forecaster & { fits: number } {
  return {
    name: 'fake',
    minHistory: 1,
    fits: 0,
    async fit() {
      this.fits++;
    },
    predictSliding: (series, from) => series.slice(from - 1, series.length - 1),
    forecast: (_history, h) => new Float32Array(h).fill(z),
    forecastIntervals: (_history, h, levels) => ({
      mean: new Float32Array(h).fill(z),
      intervals: levels.map((level) => ({ level, lower: new Float32Array(h).fill(z - 1), upper: new Float32Array(h).fill(upper) })),
    }),
  };
}

test('boxCoxForecaster refuses values ≤ 0 with lambda ≤ 0 in fit, before the inner forecaster fits', async () => {
  const inner = fakeInner(0, 1);
  const f = boxCoxForecaster(inner, { lambda: 0 });
  await assert.rejects(f.fit(Float32Array.of(3, 2, 1, 0, 5)), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(
      e.message,
      /^fake on logs: train\[3\] is 0, .*Box-Cox with λ = 0 \(the log\) needs strictly positive values: use a lambda > 0 \(e\.g\. 0\.5\), or the forecaster without Box-Cox\.$/,
    );
    return true;
  });
  const negative = boxCoxForecaster(inner, { lambda: -0.5 });
  await assert.rejects(negative.fit(Float32Array.of(3, -2, 1)), /train\[1\] is -2, .*λ = -0\.5 needs strictly positive values/);
  const auto = boxCoxForecaster(inner, { lambda: 'auto', period: 1 });
  await assert.rejects(
    auto.fit(Float32Array.of(3, 2, 1, -1, 5)),
    /train\[3\] is -1, .*lambda 'auto' \(Guerrero's estimate\) needs strictly positive values/,
  );
  assert.equal(inner.fits, 0, 'the inner forecaster never fitted');
  await boxCoxForecaster(inner, { lambda: 0.5 }).fit(Float32Array.of(3, 0, -1)); // λ > 0 takes them, as R's signed power
  assert.equal(inner.fits, 1);
  await f.fit(Float32Array.of(3, 2, 1));
  assert.throws(() => f.forecast(Float32Array.of(3, 0, 1), 2), /fake on logs: history\[1\] is 0/);
  assert.throws(() => f.predictSliding(Float32Array.of(3, 2, 1, -4), 2), /fake on logs: series\[3\] is -4/);
});

test('boxCoxForecaster: a point forecast past the transform range is an error, a bound past it is unbounded with a note', async () => {
  // λ = -1: z = 1 − 1/x < 1 for every x > 0, so z ≥ 1 has no value
  const f = boxCoxForecaster(fakeInner(0.5, 1.5), { lambda: -1 });
  await f.fit(Float32Array.of(2, 3));
  const { mean, intervals, notes } = f.forecastIntervals!(Float32Array.of(2, 3), 2, [80]);
  assert.deepEqual(mean, Float32Array.of(2, 2)); // 1 / (1 − 0.5)
  assert.deepEqual(intervals[0].lower, Float32Array.of(2 / 3, 2 / 3).map(Math.fround)); // 1 / (1 + 0.5)
  assert.deepEqual(intervals[0].upper, Float32Array.of(Infinity, Infinity));
  assert.match(notes![0], /^2 interval bound\(s\) lie past the Box-Cox range \(λ = -1\) and are unbounded/);
  const past = boxCoxForecaster(fakeInner(1.5, 2), { lambda: -1 });
  await past.fit(Float32Array.of(2, 3));
  assert.throws(
    () => past.forecast(Float32Array.of(2, 3), 1),
    (e: unknown) =>
      e instanceof InputError && /forecast\[0\] is 1\.5 on the Box-Cox scale, where the inverse \(λ = -1\) is undefined/.test(e.message),
  );
});

test('box-cox specs: a bad lambda or a missing of is one OptionError', () => {
  const bad = (spec: unknown, message: RegExp): void =>
    assert.throws(
      () => makeForecaster(spec as ForecasterSpec),
      (e: unknown) => e instanceof OptionError && message.test(e.message),
    );
  const of = { kind: 'naive' };
  bad({ kind: 'box-cox', lambda: 3, of }, /^box-cox lambda must be 'auto' or a number from -1 to 2, got 3: e\.g\. 0 \(the log\)/);
  bad({ kind: 'box-cox', lambda: -1.5, of }, /got -1\.5/);
  bad({ kind: 'box-cox', lambda: NaN, of }, /got null/);
  bad({ kind: 'box-cox', lambda: '0', of }, /got "0"/);
  bad({ kind: 'box-cox', of }, /got undefined/);
  bad({ kind: 'box-cox', lambda: 0 }, /needs the spec of the forecaster it wraps as 'of'/);
  assert.throws(() => boxCoxForecaster(naiveForecaster(), { lambda: 2.5 }), OptionError);
  assert.throws(() => boxCoxForecaster(naiveForecaster(), { lambda: 'auto', period: 0 }), /period must be a positive integer, got 0/);
  assert.throws(() => makeForecaster({ kind: 'box-cox', lambda: 0, of: { kind: 'stlf', periods: [0] } }), /stlf: periods must be integers/);
});

test('a saved box-cox forecaster loads and forecasts exactly as the original; a corrupt lambda is refused', async () => {
  const spec: ForecasterSpec = { kind: 'box-cox', lambda: 'auto', of: { kind: 'arima', period: 12 } };
  const f = await fitted(spec, air);
  const noNetworks = (): never => {
    throw new Error('no networks');
  };
  const json = JSON.parse(JSON.stringify(savedForecasterToJSON(spec, f, noNetworks)));
  assert.equal(json.kind, 'box-cox');
  assert.equal(json.lambda, f.lambda);
  assert.equal(json.inner.kind, 'arima');
  const loaded = await savedForecasterFromJSON(json, noNetworks);
  assert.deepEqual(loaded.forecast(air, 24), f.forecast(air, 24));
  assert.deepEqual(loaded.forecastIntervals!(air, 24, [80, 95]), f.forecastIntervals!(air, 24, [80, 95]));
  assert.deepEqual(loaded.predictSliding(air, 130), f.predictSliding(air, 130));
  assert.equal(loaded.describe!(), f.describe!());
  for (const lambda of ['0', 7, null, undefined])
    await assert.rejects(
      savedForecasterFromJSON({ ...json, lambda }, noNetworks),
      (e: unknown) =>
        e instanceof ModelFileError &&
        /^Not a saved seqcast forecaster: forecaster\.lambda must be the Box-Cox lambda it was fitted with, a number from -1 to 2, got/.test(
          e.message,
        ),
    );
  await assert.rejects(
    savedForecasterFromJSON({ ...json, inner: 3 }, noNetworks),
    /forecaster\.inner must be the wrapped forecaster, fitted/,
  );
  await assert.rejects(savedForecasterFromJSON({ ...json, inner: { kind: 'ets' } }, noNetworks), /forecaster\.inner\.fitted must be/);
  assert.throws(() => boxCoxForecasterFromFitted(naiveForecaster(), 9), OptionError);
  await assert.rejects(async () => savedForecasterToJSON(spec, makeForecaster(spec), noNetworks), /save needs a fitted Box-Cox forecaster/);
});
