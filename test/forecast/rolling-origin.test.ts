import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { forecastFold, rollingOriginPlan, scoreFold } from '../../src/forecast/rolling-origin.js';
import { naiveForecaster, seasonalNaiveForecaster, type Forecaster } from '../../src/forecast/forecaster.js';
import { thetaForecaster } from '../../src/forecast/stats/theta.js';
import { InputError, OptionError } from '../../src/errors.js';

/** R's scores of rolling-origin forecasts (bench/r/accuracy-scoring-fixtures.R). */
interface ScoringFixture {
  series: Record<
    string,
    {
      period: number;
      horizon: number;
      values: number[];
      folds: { index: number; origin: number; end: number; methods: Record<string, { forecast: number[]; mase: number; smape: number }> }[];
    }
  >;
}
const fixture: ScoringFixture = JSON.parse(readFileSync(new URL('../fixtures/r/accuracy-scoring.json', import.meta.url), 'utf8'));

test('rollingOriginPlan(n, { horizon, period }) puts 3 folds of h values back to back at the end: origins n − k·h, k = 3..1', () => {
  const plan = rollingOriginPlan(144, { horizon: 18, period: 12 });
  assert.deepEqual(plan.folds, [
    { index: 0, origin: 90, end: 108 },
    { index: 1, origin: 108, end: 126 },
    { index: 2, origin: 126, end: 144 },
  ]);
  assert.equal(plan.requested, 3);
  assert.equal(plan.minTrain, 24);
  assert.equal(plan.note, undefined);
  assert.deepEqual(
    rollingOriginPlan(100, { horizon: 6, folds: 1 }).folds,
    [{ index: 0, origin: 94, end: 100 }],
    'one fold: the last h values',
  );
});

test('rollingOriginPlan(n, options) leaves out the folds that would train on fewer than 2 seasons, and says so', () => {
  const plan = rollingOriginPlan(72, { horizon: 18, period: 12 });
  assert.deepEqual(
    plan.folds.map((f) => [f.index, f.origin, f.end]),
    [
      [1, 36, 54],
      [2, 54, 72],
    ],
    'fold 0 (origin 18) is left out; the others keep their numbers',
  );
  assert.equal(plan.note, '2 of 3 folds: fold 0 (origin 18) would train on 18 values, fewer than 2 seasons (24)');
  // exactly two seasons is enough: origins 6, 24, 42 keep 24 and 42
  assert.deepEqual(
    rollingOriginPlan(60, { horizon: 18, period: 12 }).folds.map((f) => f.origin),
    [24, 42],
  );
  assert.deepEqual(
    rollingOriginPlan(60, { horizon: 18, period: 12, minSeasons: 1 }).folds.map((f) => f.origin),
    [24, 42],
    'origin 6 is still short of one season of 12',
  );
  assert.deepEqual(
    rollingOriginPlan(60, { horizon: 18, period: 3, minSeasons: 1 }).folds.map((f) => f.origin),
    [6, 24, 42],
  );
});

test('rollingOriginPlan gives the folds R was scored on in the fixture', () => {
  for (const [name, s] of Object.entries(fixture.series)) {
    const plan = rollingOriginPlan(s.values.length, { horizon: s.horizon, period: s.period });
    assert.deepEqual(
      plan.folds,
      s.folds.map(({ index, origin, end }) => ({ index, origin, end })),
      name,
    );
  }
});

test('rollingOriginPlan(n, options) throws InputError when not one fold fits, OptionError on bad options', () => {
  assert.throws(
    () => rollingOriginPlan(30, { horizon: 18, period: 12 }),
    (e: Error) =>
      e instanceof InputError &&
      /A series of 30 values is too short for one fold of 18 values: the training part would hold 12 values, and it needs at least 24 \(2 seasons of 12\)/.test(
        e.message,
      ),
  );
  assert.throws(() => rollingOriginPlan(10, { horizon: 12 }), /would hold 0 values, and it needs at least 2/);
  assert.throws(
    () => rollingOriginPlan(100, { horizon: 0 }),
    (e: Error) => e instanceof OptionError && /horizon must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(() => rollingOriginPlan(100, { horizon: 6, folds: 1.5 }), /folds must be a positive integer, got 1.5/);
  assert.throws(() => rollingOriginPlan(100, { horizon: 6, period: 0 }), /period must be a positive integer, got 0/);
  assert.throws(() => rollingOriginPlan(-1, { horizon: 6 }), /series length as a non-negative integer, got -1/);
});

test("scoreFold(series, fold, forecast, period) scales MASE by the training part's in-sample seasonal naive error; sMAPE as M4", () => {
  // train [1, 5, 2, 6, 3]: lag-2 differences 1, 1, 1 (scale 1); lag-1 differences 4, 3, 4, 3 (scale 3.5)
  const series = [1, 5, 2, 6, 3, 7, 4, 1000]; // what follows the fold does not count
  const fold = { index: 0, origin: 5, end: 7 };
  const { scores } = scoreFold(series, fold, [6, 6], 2);
  assert.equal(scores.mae, 1.5);
  assert.equal(scores.mase, 1.5);
  assert.ok(Math.abs(scores.smape - (200 / 2) * (1 / 13 + 2 / 10)) < 1e-12, String(scores.smape));
  assert.ok(Math.abs(scoreFold(series, fold, [6, 6]).scores.mase - 1.5 / 3.5) < 1e-15, 'period 1: the lag-1 naive scale');
});

test("scoreFold gives R's MASE (forecast::accuracy) and M4 sMAPE of R's own forecasts on every fixture fold", () => {
  let checked = 0;
  for (const [name, s] of Object.entries(fixture.series)) {
    for (const fold of s.folds) {
      for (const [method, r] of Object.entries(fold.methods)) {
        const { scores } = scoreFold(s.values, fold, r.forecast, s.period);
        const where = `${name} fold ${fold.index} ${method}`;
        assert.ok(Math.abs(scores.mase - r.mase) <= 1e-12 * Math.max(1, r.mase), `${where}: MASE ${scores.mase} vs R ${r.mase}`);
        assert.ok(Math.abs(scores.smape - r.smape) <= 1e-12 * Math.max(1, r.smape), `${where}: sMAPE ${scores.smape} vs ${r.smape}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 3 * (3 + 3 + 3 + 2));
});

test('scoreFold throws InputError when the forecast does not cover the fold or the fold lies outside the series', () => {
  assert.throws(
    () => scoreFold([1, 2, 3, 4], { index: 0, origin: 2, end: 4 }, [1]),
    (e: Error) =>
      e instanceof InputError && /The forecast of fold 0 has 1 values, but the fold scores 2 \(series\[2, 4\)\)/.test(e.message),
  );
  assert.throws(
    () => scoreFold([1, 2, 3, 4], { index: 0, origin: 2, end: 5 }, [1, 2, 3]),
    /Fold 0 \[2, 5\) does not lie inside the series of 4 values/,
  );
  assert.throws(() => scoreFold([1, 2, 3, 4], { index: 1, origin: 0, end: 2 }, [1, 2]), /Fold 1 \[0, 2\) does not lie inside/);
});

test('forecastFold(forecaster, series, fold) fits on the values before the origin and forecasts the h values at once', async () => {
  const series = Float32Array.of(1, 2, 3, 4, 5, 6);
  const seen: number[][] = [];
  const naive = naiveForecaster();
  const spy: Forecaster = {
    ...naive,
    async fit(train) {
      seen.push([...train]);
    },
    forecast(history, horizon) {
      seen.push([...history]);
      return naive.forecast(history, horizon);
    },
  };
  const r = await forecastFold(spy, series, { index: 0, origin: 4, end: 6 });
  assert.deepEqual(seen, [
    [1, 2, 3, 4],
    [1, 2, 3, 4],
  ]);
  assert.deepEqual([...r.forecast], [4, 4], 'multi-step from the origin, not one-step sliding forecasts (4, 5)');
  assert.equal(r.scores.mae, 1.5);
  assert.equal(r.scores.mase, 1.5, 'scaled by the lag-1 naive error of [1, 2, 3, 4]');
  assert.ok(r.seconds >= 0);
  assert.deepEqual(r.fold, { index: 0, origin: 4, end: 6 });
});

test("forecastFold with seqcast's thetaForecaster matches R's thetaf scores on the fixture folds", async () => {
  for (const name of ['AirPassengers', 'UKgas', 'Nile']) {
    const s = fixture.series[name];
    for (const fold of s.folds) {
      const r = await forecastFold(thetaForecaster({ period: s.period }), Float32Array.from(s.values), fold, { period: s.period });
      const want = fold.methods.thetaf;
      // float32 series and two optimisers' alpha: the scores agree to a few parts in 10^4
      assert.ok(Math.abs(r.scores.mase - want.mase) < 1e-3 * want.mase, `${name} fold ${fold.index}: ${r.scores.mase} vs R ${want.mase}`);
    }
  }
});

test('forecastFold passes on what the forecaster throws (a training part too short for it)', async () => {
  await assert.rejects(
    forecastFold(
      seasonalNaiveForecaster(12),
      Float32Array.from({ length: 20 }, (_, i) => i),
      { index: 0, origin: 8, end: 20 },
    ),
    /fit needs at least 12 training values, got 8/,
  );
});
