// stlfForecaster against forecast 8.20's stlf(y, h) (method "ets") on the fixture
// bench/r/stlf-fixtures.R writes (stlf.json): AirPassengers (in full and cut at 126), co2, nottem, USAccDeaths
// (period 12), UKgas (4), and M4 Hourly H1 and H170 as msts(y, c(24, 168)), h 48.
//
// Tolerance 1e-6 relative on the point forecasts and the 80 % and 95 % bounds: the decomposition
// agrees with R's to ~1e-15 (mstl.test.ts), the ETS fit of the adjusted series stops within ~3e-6
// of R's parameters (R's Nelder-Mead against ours), and the forecaster takes and gives float32
// (6e-8 relative). Largest seen: 3.0e-7 (H170's 80 % lower bound).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stlDecomposeForForecast, stlfForecaster, stlLabel } from '../../../src/forecast/stats/stlf.js';
import { makeForecaster } from '../../../src/forecast/forecaster-spec.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../../src/forecast/saved-forecaster.js';
import { etsForecaster } from '../../../src/forecast/stats/ets.js';
import { etsFilter } from '../../../src/forecast/stats/ets-model.js';
import { ModelFileError, OptionError } from '../../../src/errors.js';
import { assertLikeR, periodsOf, stlfCases } from './stlf-fixture.js';

const cases = stlfCases('stlf.json');

describe('stlfForecaster({ periods }) against R', () => {
  for (const c of cases) {
    test(`${c.series}/${c.n} periods ${periodsOf(c).join(', ')}: ${c.method}`, async () => {
      const y = Float32Array.from(c.values);
      const f = stlfForecaster({ periods: periodsOf(c) });
      await f.fit(y);
      const intervals = f.forecastIntervals(y, c.h, [80, 95]);
      assertLikeR(c, f.describe(), intervals);
      const { mean } = intervals;
      assert.deepEqual(f.forecast(y, c.h), mean);
    });
  }
});

const air = cases.find((c) => c.series === 'AirPassengers' && c.n === 144)!;
const series = Float32Array.from(air.values);

describe('stlfForecaster({ periods })', () => {
  test('predictSliding holds the decomposition of series[0..from) fixed and continues its seasons', async () => {
    const f = stlfForecaster({ periods: [12] });
    await f.fit(series.subarray(0, 120));
    const out = f.predictSliding(series, 120);
    assert.equal(out.length, 24);
    // the first one is the one-step forecast from series[0..120)
    assert.ok(Math.abs(out[0] - f.forecast(series.subarray(0, 120), 1)[0]) < 1e-3);
    // every one: the ETS filter's one-step forecast of the adjusted values (the decomposition of
    // series[0..120), then series minus the seasonal forecast known at 120) plus that forecast
    const known = stlDecomposeForForecast(series.subarray(0, 120), [12], 24);
    assert.ok(
      known.seasonalForecast.every((s, k) => k < 12 || s === known.seasonalForecast[k - 12]),
      'the last period repeats',
    );
    const adjusted = Float64Array.from(series, (v, t) => (t < 120 ? known.adjusted[t] : v - known.seasonalForecast[t - 120]));
    const m = f.model!;
    const oneStep = new Float64Array(series.length);
    etsFilter(adjusted, series.length, m.form, m.period, m.params, m.initialState, { fitted: oneStep });
    out.forEach((v, k) => assert.ok(Math.abs(v - (oneStep[120 + k] + known.seasonalForecast[k])) < 1e-4 * v, `step ${k}`));
  });

  test('with no period that fits, it is ETS(ZZN) on the series itself', async () => {
    const short = series.subarray(0, 20);
    const f = stlfForecaster({ periods: [12] });
    await f.fit(short);
    const ets = etsForecaster({ model: 'ZZN' });
    await ets.fit(short);
    assert.equal(f.describe(), `STL + ${ets.describe()}`);
    assert.deepEqual(f.forecast(short, 6), ets.forecast(short, 6));
    assert.deepEqual(f.predictSliding(short, 5), ets.predictSliding(short, 5));
    assert.equal(stlfForecaster({ periods: [] }).name, 'stlf');
  });

  test('toJSON round-trips through stlfForecaster, makeForecaster and the saved-forecaster format', async () => {
    const f = makeForecaster({ kind: 'stlf', periods: [12] });
    assert.equal(f.name, 'stlf (12)');
    await f.fit(series);
    const noNetworks = (): never => {
      throw new Error('no networks');
    };
    const json = JSON.parse(JSON.stringify(savedForecasterToJSON({ kind: 'stlf', periods: [12] }, f, noNetworks)));
    assert.equal(json.kind, 'stlf');
    const g = await savedForecasterFromJSON(json, noNetworks);
    assert.deepEqual(g.forecast(series, 24), f.forecast(series, 24));
    assert.deepEqual(g.predictSliding(series, 100), f.predictSliding(series, 100));
    assert.deepEqual(g.forecastIntervals!(series, 24, [80, 95]), f.forecastIntervals!(series, 24, [80, 95]));
    await assert.rejects(savedForecasterFromJSON({ kind: 'stlf', periods: [12], fitted: null }, noNetworks), ModelFileError);
    await assert.rejects(savedForecasterFromJSON({ ...json, periods: [0] }, noNetworks), ModelFileError);
  });

  test('describe names the seasonal periods alone, fitted or restored (stlLabel, which stl-arima shares)', async () => {
    assert.equal(stlLabel([1, 24, 168]), 'STL(24,168)');
    assert.equal(stlLabel([1]), 'STL');
    assert.equal(stlLabel([]), 'STL');
    const f = stlfForecaster({ periods: [1, 12] });
    await f.fit(series);
    const restored = stlfForecaster({ periods: [1, 12], fitted: f.toJSON().fitted });
    assert.match(f.describe(), /^STL\(12\) \+ ETS\(/);
    assert.equal(restored.describe(), f.describe());
  });

  test('throws on bad periods, before fit, and on a seasonal fitted model', async () => {
    assert.throws(() => stlfForecaster({ periods: [0] }), OptionError);
    assert.throws(() => stlfForecaster({ periods: [12.5] }), OptionError);
    assert.throws(() => stlfForecaster({ periods: 12 as unknown as number[] }), /periods must be a list/);
    assert.throws(() => stlfForecaster({ periods: [2, 3, 4, 5, 6, 7, 8] }), /at most 6 seasonal periods/);
    const f = stlfForecaster({ periods: [12] });
    assert.throws(() => f.forecast(series, 3), /needs a fitted model: call fit\(train\) first/);
    assert.equal(f.describe(), 'STL + ETS (not fitted)');
    const seasonal = etsForecaster({ period: 12, model: 'AAA' });
    await seasonal.fit(series);
    assert.throws(() => stlfForecaster({ periods: [12], fitted: seasonal.toJSON().fitted }), /must be a non-seasonal ETS model/);
  });
});
