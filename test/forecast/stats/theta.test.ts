// The Theta method against R's forecast::thetaf (8.20), on the fixture bench/r/theta-fixtures.R
// writes: the 15 series of the accuracy collection, each in full and cut at its three rolling
// origins, plus short series (R's Holt-Winters path, n <= 6) and a constant one. 72 cases.
//
// Tolerances, and why:
//  - The steps without an optimiser (the seasonality statistic, the seasonal figure, the drift) and
//    the model itself (our sum of squares at R's own alpha and l0 gives R's mse) agree to 1e-12
//    relative: the same arithmetic in a different order.
//  - alpha and l0 come from two different optimisers. R's Nelder-Mead stops when the objective
//    changes by less than 1.5e-8 relative; near the optimum SSE(alpha) is flat, so alpha can stop
//    ~1e-4 away. Ours solves l0 exactly and searches alpha to ~1e-9, and its SSE is never above R's
//    (checked on every case). The forecasts then agree to 1e-4 relative (largest seen: 2.4e-5).
//  - On 3 cases R's Nelder-Mead stops well short of the optimum (its SSE is more than 1e-5 above
//    ours): nottem cut at 222 (R alpha 0.028, ours 1e-4, SSE 6.5e-4 lower), UKDriverDeaths cut at
//    174 (2.5e-5 lower) and lynx cut at 108 (R alpha 0.991, ours 0.9999, 0.74 % lower). There the
//    forecasts differ by up to 1.7e-2 relative; the test pins that list and bounds them by 2e-2.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fitTheta, thetaForecast, thetaForecaster, thetaForecasterFromJSON, trendSlope } from '../../../src/forecast/stats/theta.js';
import { sesSse } from '../../../src/forecast/stats/ses.js';
import { ModelFileError, OptionError } from '../../../src/errors.js';
import { makeForecaster } from '../../../src/forecast/forecaster-spec.js';

interface RCase {
  series: string;
  n: number;
  h: number;
  period: number;
  seasonalStatistic: number | null;
  seasonal: boolean;
  figure: number[] | null;
  alpha: number;
  sesAlpha: number;
  l0: number;
  mse: number;
  drift: number;
  sigma2: number;
  forecast: number[];
}
interface RFixture {
  forecast: string;
  qnorm95: number;
  series: Record<string, { period: number; horizon: number; values: number[] }>;
  cases: RCase[];
}

const fixture: RFixture = JSON.parse(readFileSync(new URL('../../fixtures/r/theta.json', import.meta.url), 'utf8'));
const valuesOf = (c: RCase): number[] => fixture.series[c.series].values.slice(0, c.n);
const label = (c: RCase): string => `${c.series}/${c.n}`;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const adjusted = (values: number[], figure: ArrayLike<number> | null, m: number): number[] =>
  values.map((v, t) => (figure ? v / figure[t % m] : v));
/** R's sum of squares over ours, minus 1: how far R's Nelder-Mead stopped from our optimum. */
const sseGap = (c: RCase): number => {
  const ours = fitTheta(valuesOf(c), c.period);
  const x = adjusted(valuesOf(c), ours.seasonalFigure, c.period);
  return sesSse(x, c.sesAlpha, c.l0) / sesSse(x, ours.alpha, ours.level0) - 1;
};
const R_STOPPED_SHORT = ['nottem/222', 'UKDriverDeaths/174', 'lynx/108'];

describe("fitTheta(values, period) takes the steps R's thetaf takes", () => {
  test('the fixture is R forecast 8.20 on 72 cases', () => {
    assert.equal(fixture.forecast, '8.20');
    assert.equal(fixture.cases.length, 72);
    assert.equal(new Set(fixture.cases.map((c) => c.series)).size, 16); // the 15 series and a constant one
  });

  test('the seasonality test: the same statistic (1e-12) and the same decision on every case', () => {
    let seasonal = 0;
    for (const c of fixture.cases) {
      const s = fitTheta(valuesOf(c), c.period);
      if (c.seasonalStatistic === null) assert.equal(s.seasonalStatistic, null, label(c));
      else
        assert.ok(
          rel(s.seasonalStatistic!, c.seasonalStatistic) < 1e-12,
          `${label(c)}: ${s.seasonalStatistic} vs R ${c.seasonalStatistic}`,
        );
      assert.equal(s.seasonalFigure !== null, c.seasonal, label(c));
      seasonal += c.seasonal ? 1 : 0;
    }
    assert.equal(seasonal, 44, 'both decisions are exercised (44 seasonal, 28 not)');
  });

  test('the multiplicative seasonal figure equals decompose()$figure to 1e-12', () => {
    for (const c of fixture.cases.filter((c) => c.seasonal)) {
      const figure = fitTheta(valuesOf(c), c.period).seasonalFigure!;
      assert.equal(figure.length, c.period);
      figure.forEach((f, j) => assert.ok(rel(f, c.figure![j]) < 1e-12, `${label(c)} figure[${j}]: ${f} vs R ${c.figure![j]}`));
    }
  });

  test("the drift equals half lsfit()'s slope to 1e-12 of the series' scale", () => {
    for (const c of fixture.cases) {
      const values = valuesOf(c);
      const scale = Math.abs(c.drift) + values.reduce((a, v) => a + Math.abs(v), 0) / values.length / values.length;
      const d = fitTheta(values, c.period).drift;
      assert.ok(Math.abs(d - c.drift) <= 1e-12 * scale, `${label(c)}: ${d} vs R ${c.drift}`);
    }
  });

  test("the smoothing model is R's: our sum of squares at R's alpha and l0 gives R's mse (1e-12)", () => {
    for (const c of fixture.cases) {
      const x = adjusted(valuesOf(c), c.figure, c.period);
      const mse = sesSse(x, c.sesAlpha, c.l0) / c.n;
      assert.ok(c.mse === 0 ? mse === 0 : rel(mse, c.mse) < 1e-12, `${label(c)}: ${mse} vs R ${c.mse}`);
    }
  });

  test("our alpha and l0 fit at least as well as R's on every case (sum of squares never above R's)", () => {
    for (const c of fixture.cases) {
      const gap = c.mse === 0 ? 0 : sseGap(c);
      assert.ok(gap > -1e-12, `${label(c)}: our SSE is ${-gap} above R's`);
    }
    const short = fixture.cases.filter((c) => c.mse > 0 && sseGap(c) > 1e-5).map(label);
    assert.deepEqual(short, R_STOPPED_SHORT, "the cases where R's Nelder-Mead stops short of the optimum");
  });

  // l0 is not compared: its weight in the errors decays as (1 - alpha)^t, so where alpha is near 1
  // (lynx, austres) or the later errors are large (gas) both optimisers leave it loosely set
  // (R's differs from ours by up to 7 % at the same sum of squares to 3e-6); the sums of squares
  // above and the forecasts below are what it changes.
  test("alpha (1e-3) and sigma2 (1e-5) are close to R's where R reached the optimum", () => {
    for (const c of fixture.cases.filter((c) => !R_STOPPED_SHORT.includes(label(c)))) {
      const s = fitTheta(valuesOf(c), c.period);
      assert.ok(Math.abs(Math.max(1e-10, s.alpha) - c.alpha) < 1e-3, `${label(c)} alpha ${s.alpha} vs R ${c.alpha}`);
      assert.ok(c.sigma2 === 0 ? s.sigma2 === 0 : rel(s.sigma2, c.sigma2) < 1e-5, `${label(c)} sigma2 ${s.sigma2} vs R ${c.sigma2}`);
    }
  });
});

describe('thetaForecast(fitTheta(x, m), x, h) is thetaf(x, h)$mean', () => {
  test('to 1e-4 relative where R reached the optimum, 2e-2 where its Nelder-Mead stopped short', () => {
    let worst = 0;
    for (const c of fixture.cases) {
      const values = valuesOf(c);
      const fc = thetaForecast(fitTheta(values, c.period), values, c.h);
      assert.equal(fc.length, c.h);
      const err = Math.max(...c.forecast.map((v, j) => rel(fc[j], v)));
      const tol = R_STOPPED_SHORT.includes(label(c)) ? 2e-2 : 1e-4;
      assert.ok(err < tol, `${label(c)}: forecasts differ by ${err} relative (tolerance ${tol})`);
      if (tol === 1e-4) worst = Math.max(worst, err);
    }
    assert.ok(worst > 0, 'the comparison compares');
  });

  test('the Forecaster on Float32 values gives the same forecasts (1e-4) on the full series', async () => {
    for (const c of fixture.cases.filter((c) => c.n === fixture.series[c.series].values.length)) {
      const f = thetaForecaster({ period: c.period });
      const x = Float32Array.from(valuesOf(c));
      await f.fit(x);
      const fc = f.forecast(x, c.h);
      const tol = R_STOPPED_SHORT.includes(label(c)) ? 2e-2 : 1e-4;
      c.forecast.forEach((v, j) => assert.ok(rel(fc[j], v) < tol, `${label(c)} step ${j + 1}: ${fc[j]} vs R ${v}`));
    }
  });
});

describe('thetaForecaster(options)', () => {
  const air = Float32Array.from(fixture.series.AirPassengers.values);
  const train = air.subarray(0, 120);

  test('predictSliding(series, from)[k] is forecast(series[0..from+k], 1)[0]', async () => {
    const f = thetaForecaster({ period: 12 });
    await f.fit(train);
    const sliding = f.predictSliding(air, 100);
    assert.equal(sliding.length, air.length - 100);
    for (const k of [0, 7, 20, 43]) {
      const one = f.forecast(air.subarray(0, 100 + k), 1)[0];
      assert.ok(Math.abs(sliding[k] - one) <= 1e-6 * Math.abs(one), `k ${k}: ${sliding[k]} vs ${one}`);
    }
  });

  test('forecast(train, h) of a seasonal fit repeats the seasonal shape on a drifting level', async () => {
    const f = thetaForecaster({ period: 12 });
    await f.fit(air);
    const fc = f.forecast(air, 24);
    const s = f.state!;
    // the same month a year apart: the factor is the same, the level moved by 12 drifts
    for (let j = 0; j < 12; j++) {
      const factor = s.seasonalFigure![(air.length + j) % 12];
      assert.ok(Math.abs(fc[j + 12] - fc[j] - 12 * s.drift * factor) < 1e-3, `month ${j}`);
    }
  });

  test('name, toJSON() and thetaForecasterFromJSON(json) rebuild the same forecaster', async () => {
    const f = thetaForecaster({ period: 12 });
    assert.equal(f.name, 'theta (12)');
    assert.equal(thetaForecaster().name, 'theta');
    assert.equal(f.state, null);
    await f.fit(train);
    const json = JSON.parse(JSON.stringify(f.toJSON()));
    assert.equal(json.kind, 'theta');
    assert.equal(json.trainLength, 120);
    assert.equal(json.seasonalFigure.length, 12);
    const g = thetaForecasterFromJSON(json);
    assert.equal(g.name, f.name);
    assert.deepEqual(g.forecast(air, 18), f.forecast(air, 18));
    assert.deepEqual(g.predictSliding(air, 120), f.predictSliding(air, 120));
    json.alpha = 7; // toJSON() gave a copy: the forecaster is unchanged
    assert.deepEqual(thetaForecasterFromJSON(f.toJSON()).forecast(air, 3), f.forecast(air, 3));
  });

  test('thetaForecasterFromJSON(bad) throws ModelFileError naming the field', async () => {
    const f = thetaForecaster({ period: 12 });
    await f.fit(train);
    const good = f.toJSON();
    assert.throws(
      () => thetaForecasterFromJSON(null),
      (e) => e instanceof ModelFileError && /expected a JSON object/.test(e.message),
    );
    assert.throws(() => thetaForecasterFromJSON({ ...good, kind: 'ets' }), /kind is "ets", expected 'theta'/);
    assert.throws(() => thetaForecasterFromJSON({ ...good, alpha: 'x' }), /'alpha' is "x"/);
    assert.throws(() => thetaForecasterFromJSON({ ...good, alpha: 1.5 }), /'alpha' is 1.5/);
    assert.throws(() => thetaForecasterFromJSON({ ...good, seasonalFigure: [1, 2] }), /'seasonalFigure' must be null or 12 finite numbers/);
    assert.throws(() => thetaForecasterFromJSON({ ...good, level0: undefined }), /'level0' is undefined/);
  });

  test('a bad period throws OptionError; predicting before fit throws; fit needs 3 values', async () => {
    for (const period of [0, 1.5, -12, NaN]) {
      assert.throws(
        () => thetaForecaster({ period }),
        (e) => e instanceof OptionError && /period must be a positive integer/.test(e.message),
      );
    }
    const f = thetaForecaster();
    assert.throws(() => f.forecast(air, 3), /theta: forecast needs a fitted forecaster: call fit\(train\) first/);
    assert.throws(() => f.predictSliding(air, 10), /theta: predictSliding needs a fitted forecaster/);
    assert.throws(() => f.toJSON(), /toJSON needs a fitted forecaster/);
    await assert.rejects(f.fit(air.subarray(0, 2)), /theta: fit needs at least 3 training values, got 2/);
    await f.fit(air.subarray(0, 3));
    assert.ok(f.forecast(air.subarray(0, 3), 4).every(Number.isFinite));
  });

  test('a seasonal series whose moving average is 0 falls back to no adjustment (R would give NaN)', async () => {
    // +1, -1, ...: strongly seasonal at period 2, but its centred moving average is 0 everywhere
    const x = Float32Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 1 : -1));
    const s = fitTheta(x, 2);
    assert.ok(s.seasonalStatistic! > 1.645, 'the test says seasonal');
    assert.equal(s.seasonalFigure, null);
    const f = thetaForecaster({ period: 2 });
    await f.fit(x);
    assert.ok(f.forecast(x, 4).every(Number.isFinite));
  });

  test("makeForecaster({ kind: 'theta', period }) builds it, as a worker thread does", () => {
    assert.equal(makeForecaster({ kind: 'theta', period: 4 }).name, 'theta (4)');
    assert.equal(makeForecaster({ kind: 'theta' }).name, 'theta');
    assert.throws(() => makeForecaster({ kind: 'theta', period: 0 }), /period must be a positive integer, got 0/);
  });

  test('trendSlope(values) is the least-squares slope against 0..n-1', () => {
    assert.ok(Math.abs(trendSlope([1, 3, 2, 4]) - 0.8) < 1e-15);
    assert.equal(trendSlope(Array.from({ length: 50 }, (_, t) => 3 - 0.25 * t)), -0.25);
  });
});
