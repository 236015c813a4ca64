// stlArimaForecaster against forecast 8.20's stlf(y, h, method = "arima") on the fixture
// bench/r/stlf-fixtures.R writes (stl-arima.json): AirPassengers (in full and cut at 126), co2, nottem,
// USAccDeaths (period 12), UKgas (4), and M4 Hourly H1 and H170 as msts(y, c(24, 168)), h 48.
//
// Tolerance 1e-6 relative on the point forecasts and the 80 % and 95 % bounds, as stlf.test.ts:
// the decomposition agrees with R's to ~1e-15 (mstl.test.ts), auto.arima chooses R's model and its
// fit lands within ~1e-6 of R's coefficients (arima.test.ts), and the forecaster takes and gives
// float32 (6e-8 relative). Largest seen: 7.7e-8 (UKgas's 80 % lower bound).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stlArimaForecaster } from '../../../src/forecast/stats/stl-arima.js';
import { stlDecomposeForForecast } from '../../../src/forecast/stats/stlf.js';
import { arimaForecaster } from '../../../src/forecast/stats/arima.js';
import { arimaOneStep } from '../../../src/forecast/stats/arima-forecast.js';
import { makeForecaster } from '../../../src/forecast/forecaster-spec.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../../src/forecast/saved-forecaster.js';
import { ModelFileError, OptionError } from '../../../src/errors.js';
import { assertLikeR, periodsOf, stlfCases } from './stlf-fixture.js';

const cases = stlfCases('stl-arima.json');

describe('stlArimaForecaster({ periods }) against R', () => {
  for (const c of cases) {
    test(`${c.series}/${c.n} periods ${periodsOf(c).join(', ')}: ${c.method}`, async () => {
      const y = Float32Array.from(c.values);
      const f = stlArimaForecaster({ periods: periodsOf(c) });
      await f.fit(y);
      const intervals = f.forecastIntervals(y, c.h, [80, 95]);
      assertLikeR(c, f.describe(), intervals);
      const { mean } = intervals;
      assert.deepEqual(f.forecast(y, c.h), mean);
      // the coefficients R's auto.arima fitted (ar, ma, then drift), in R's order
      const coef = !c.coef || Array.isArray(c.coef) ? [] : Object.values(c.coef);
      assert.equal(f.model!.coef.length, coef.length);
      Array.from(f.model!.coef).forEach((v, i) =>
        assert.ok(Math.abs(v - coef[i]) < 1e-4 * Math.max(1, Math.abs(coef[i])), `coef ${i}: ${v} against ${coef[i]}`),
      );
      assert.ok(Math.abs(f.model!.sigma2 - c.sigma2) < 1e-4 * c.sigma2, 'sigma2');
    });
  }
});

const air = cases.find((c) => c.series === 'AirPassengers' && c.n === 144)!;
const series = Float32Array.from(air.values);

describe('stlArimaForecaster({ periods })', () => {
  test('predictSliding holds the decomposition of series[0..from) fixed and filters the adjusted values', async () => {
    const f = stlArimaForecaster({ periods: [12] });
    await f.fit(series.subarray(0, 120));
    const out = f.predictSliding(series, 120);
    assert.equal(out.length, 24);
    assert.ok(Math.abs(out[0] - f.forecast(series.subarray(0, 120), 1)[0]) < 1e-3, 'the first one is the one-step forecast');
    const known = stlDecomposeForForecast(series.subarray(0, 120), [12], 24);
    const adjusted = Float64Array.from(series, (v, t) => (t < 120 ? known.adjusted[t] : v - known.seasonalForecast[t - 120]));
    const oneStep = arimaOneStep(f.model!, adjusted);
    out.forEach((v, k) => assert.ok(Math.abs(v - (oneStep[120 + k] + known.seasonalForecast[k])) < 1e-4 * v, `step ${k}`));
  });

  test('with no period that fits, it is auto.arima on the series itself', async () => {
    for (const [values, periods] of [
      [series.subarray(0, 20), [12]],
      [series, []],
    ] as const) {
      const f = stlArimaForecaster({ periods: [...periods] });
      await f.fit(values);
      const arima = arimaForecaster({ period: 1 });
      await arima.fit(values);
      assert.equal(f.describe(), `STL + ${arima.describe()}`);
      assert.deepEqual(f.forecast(values, 6), arima.forecast(values, 6));
      assert.deepEqual(f.predictSliding(values, 5), arima.predictSliding(values, 5));
    }
    assert.equal(stlArimaForecaster({ periods: [] }).name, 'stl-arima');
  });

  test('toJSON round-trips through stlArimaForecaster, makeForecaster and the saved-forecaster format', async () => {
    const f = makeForecaster({ kind: 'stl-arima', periods: [12] });
    assert.equal(f.name, 'stl-arima (12)');
    await f.fit(series);
    const noNetworks = (): never => {
      throw new Error('no networks');
    };
    const json = JSON.parse(JSON.stringify(savedForecasterToJSON({ kind: 'stl-arima', periods: [12] }, f, noNetworks)));
    assert.equal(json.kind, 'stl-arima');
    const g = await savedForecasterFromJSON(json, noNetworks);
    assert.deepEqual(g.forecast(series, 24), f.forecast(series, 24));
    assert.deepEqual(g.predictSliding(series, 100), f.predictSliding(series, 100));
    assert.deepEqual(g.forecastIntervals!(series, 24, [80, 95]), f.forecastIntervals!(series, 24, [80, 95]));
    await assert.rejects(savedForecasterFromJSON({ kind: 'stl-arima', periods: [12], fitted: null }, noNetworks), ModelFileError);
    await assert.rejects(savedForecasterFromJSON({ ...json, periods: [0] }, noNetworks), ModelFileError);
    await assert.rejects(savedForecasterFromJSON({ ...json, fitted: { ...json.fitted, coef: 'x' } }, noNetworks), ModelFileError);
  });

  test('throws on bad periods, before fit, and on a seasonal fitted model', async () => {
    assert.throws(() => stlArimaForecaster({ periods: [0] }), OptionError);
    assert.throws(() => stlArimaForecaster({ periods: 12 as unknown as number[] }), /^OptionError|stl-arima: periods must be a list/);
    assert.throws(() => stlArimaForecaster({ periods: [2, 3, 4, 5, 6, 7, 8] }), /stl-arima: at most 6 seasonal periods/);
    const f = stlArimaForecaster({ periods: [12] });
    assert.throws(() => f.forecast(series, 3), /needs a fitted model: call fit\(train\) first/);
    assert.equal(f.describe(), 'STL + ARIMA (not fitted)');
    await assert.rejects(f.fit(series.subarray(0, 2)), /fit needs at least 3 training values, got 2/);
    const seasonal = arimaForecaster({ period: 12 });
    await seasonal.fit(series);
    assert.throws(() => stlArimaForecaster({ periods: [12], fitted: seasonal.toJSON().fitted }), /must be a non-seasonal ARIMA model/);
  });
});
