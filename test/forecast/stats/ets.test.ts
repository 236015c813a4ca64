// etsForecaster: the Forecaster around fitEts (fit, one-step and recursive forecasts, names, JSON
// round trips, errors). Its numbers are proven against R in ets-fit.test.ts; the contract in
// test/forecast/forecasters.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etsForecaster } from '../../../src/forecast/stats/ets.js';
import { etsModelFromJSON, etsModelToJSON } from '../../../src/forecast/stats/ets-json.js';
import { etsFilter } from '../../../src/forecast/stats/ets-model.js';
import { makeForecaster } from '../../../src/forecast/forecaster-spec.js';
import { ModelFileError, OptionError } from '../../../src/errors.js';
import { loadEtsFixture } from './ets-fixture.js';

const air = loadEtsFixture().series.find((s) => s.name === 'AirPassengers')!;
const series = Float32Array.from(air.values); // whole numbers: exact in float32

test("etsForecaster({ period: 12 }).fit(AirPassengers) chooses ETS(M,Ad,M) and forecasts R's numbers", async () => {
  const f = etsForecaster({ period: 12 });
  assert.equal(f.name, 'ets (12)');
  assert.equal(f.describe(), 'ETS (not fitted)');
  assert.equal(f.model, null);
  await f.fit(series);
  assert.equal(f.describe(), 'ETS(M,Ad,M)');
  // R's forecast(fit, 24)$mean, which for a multiplicative season is not the point forecast
  // (0.41 % above it at step 24 here): float32 output, so 1e-6 relative
  const forecast = f.forecast(series, 24);
  air.auto.mean.forEach((v, k) => assert.ok(Math.abs(forecast[k] - v) <= 1e-6 * v, `step ${k + 1}: ${forecast[k]} vs R ${v}`));
  assert.ok(Math.abs(forecast[23] - air.auto.point[23]) > 1e-3 * air.auto.point[23], 'the mean is not the point forecast');
  assert.ok(Math.abs(f.model!.sigma2 - air.auto.sigma2) < 1e-6 * air.auto.sigma2);
});

test("etsForecaster.forecastDistribution(AirPassengers, 24) gives forecast()'s means and R's 80 % and 95 % intervals", async () => {
  const f = etsForecaster({ period: 12 });
  assert.throws(() => f.forecastDistribution(series, 3), /ets \(12\): forecastDistribution needs a fitted model/);
  await f.fit(series);
  const { mean, variance } = f.forecastDistribution(series, 24);
  assert.deepEqual(Float32Array.from(mean), f.forecast(series, 24));
  const { z, lower, upper } = air.auto.intervals!;
  z.forEach((zl, l) => {
    for (let k = 0; k < 24; k++) {
      const half = zl * Math.sqrt(variance![k]);
      assert.ok(Math.abs(mean[k] - half - lower[l][k]) <= 1e-6 * upper[l][k], `level ${air.auto.intervals!.level[l]} step ${k + 1} lower`);
      assert.ok(Math.abs(mean[k] + half - upper[l][k]) <= 1e-6 * upper[l][k], `level ${air.auto.intervals!.level[l]} step ${k + 1} upper`);
    }
  });
  assert.throws(() => f.forecastDistribution(series, 0), /forecast horizon must be a positive integer/);
});

test('etsForecaster.predictSliding(series, from) is the fitted model filtered over the series: no refit, no look-ahead', async () => {
  const f = etsForecaster({ period: 12, model: 'MAM' });
  await f.fit(series.subarray(0, 120));
  const oneStep = f.predictSliding(series, 120);
  assert.equal(oneStep.length, 24);
  const m = f.model!;
  const fitted = new Float64Array(series.length);
  etsFilter(series, series.length, m.form, m.period, m.params, m.initialState, { fitted });
  oneStep.forEach((v, k) => assert.equal(v, Math.fround(fitted[120 + k])));
  // forecast(history, 1) from the first 130 values gives the one-step forecast of value 130
  assert.ok(Math.abs(f.forecast(series.subarray(0, 130), 1)[0] - oneStep[10]) < 1e-3);
});

test('etsForecaster names say what differs from the default', () => {
  assert.equal(etsForecaster().name, 'ets');
  assert.equal(etsForecaster({ model: 'AAdN' }).name, 'ets (AAdN)');
  assert.equal(etsForecaster({ model: 'MAM', period: 4 }).name, 'ets (MAM, 4)');
  assert.equal(etsForecaster({ damped: true }).name, 'ets (damped)');
});

test('etsForecaster.toJSON() restores a fitted forecaster: etsForecaster(json) and makeForecaster(json) forecast the same without fit', async () => {
  const f = etsForecaster({ period: 12, model: 'ZZZ' });
  await f.fit(series.subarray(0, 132));
  const json = JSON.parse(JSON.stringify(f.toJSON()));
  assert.equal(json.kind, 'ets');
  assert.equal(json.fitted.method, f.describe());
  assert.equal(typeof json.fitted.sigma2, 'number');
  for (const g of [etsForecaster(json), makeForecaster(json)]) {
    assert.deepEqual(g.forecast(series, 12), f.forecast(series, 12));
    assert.deepEqual(g.predictSliding(series, 132), f.predictSliding(series, 132));
  }
  // and a model's JSON survives a round trip field for field
  const model = etsModelFromJSON(json.fitted);
  assert.deepEqual(etsModelToJSON(model), json.fitted);
});

test('etsModelFromJSON refuses a foreign, edited or inconsistent model with a ModelFileError', () => {
  const good = {
    format: 'seqcast-ets',
    version: 1,
    method: 'ETS(A,N,N)',
    form: { error: 'A', trend: 'N', damped: false, season: 'N' },
    period: 1,
    params: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
    initialState: [10],
    finalState: [11],
    n: 20,
    nParams: 2,
    sigma2: 1,
    loglik: -10,
    aic: 26,
    aicc: 26.7,
    bic: 28,
    estimation: 'likelihood',
  };
  assert.equal(etsModelFromJSON(good).params.alpha, 0.5);
  const broken: [string, unknown, RegExp][] = [
    ['not an object', 42, /expected a JSON object/],
    ['another format', { ...good, format: 'keras' }, /format is "keras"/],
    ['a newer version', { ...good, version: 2 }, /version 2 is not supported/],
    ['a multiplicative trend', { ...good, form: { ...good.form, trend: 'M' } }, /form.trend must be/],
    ['a season without a period', { ...good, form: { ...good.form, season: 'A' } }, /period 1 does not fit season "A"/],
    ['too many states', { ...good, initialState: [10, 1] }, /initialState has 2 values but ETS\(A,N,N\) with period 1 has 1 states/],
    ['a NaN parameter', { ...good, params: { ...good.params, alpha: null } }, /params.alpha must be a finite number/],
    ['a negative variance', { ...good, sigma2: -1 }, /sigma2 must be >= 0/],
  ];
  for (const [what, json, message] of broken)
    assert.throws(
      () => etsModelFromJSON(json),
      (e: Error) => e instanceof ModelFileError && message.test(e.message),
      what,
    );
});

test('etsForecaster checks its options at once, and forecasting before fit says what to do', () => {
  assert.throws(
    () => etsForecaster({ model: 'ANA' }),
    (e: Error) => e instanceof OptionError && /has a season but period is 1/.test(e.message),
  );
  assert.throws(() => etsForecaster({ period: 1.5 }), /period must be a positive integer/);
  assert.throws(() => makeForecaster({ kind: 'ets', model: 'MMM' }), /multiplicative trends are not supported/);
  const f = etsForecaster();
  assert.throws(() => f.forecast(series, 3), /ets: forecast needs a fitted model: call fit\(train\) first/);
  assert.throws(() => f.predictSliding(series, 10), /predictSliding needs a fitted model/);
  const fitted = etsForecaster({ period: 12 });
  return fitted.fit(series).then(() => {
    assert.throws(
      () => etsForecaster({ period: 4, fitted: fitted.toJSON().fitted }),
      /the fitted model has a season of 12 but period is 4/,
    );
  });
});

test('etsForecaster on data with values <= 0 chooses among additive models only', async () => {
  const shifted = Float32Array.from(series, (v) => v - 300);
  const f = etsForecaster({ period: 12 });
  await f.fit(shifted);
  assert.equal(f.model!.form.error, 'A');
  assert.notEqual(f.model!.form.season, 'M');
  await assert.rejects(etsForecaster({ model: 'MNN' }).fit(shifted), /needs positive data/);
});
