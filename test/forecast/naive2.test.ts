// M4's Naive2 against the fixture bench/r/naive2-fixtures.R writes with R's own acf, decompose and
// forecast::naive: the 15 series of the accuracy collection in full, cut at their three rolling
// origins and at 3m − 1 and 3m values (either side of M4's three-seasons rule). 84 cases.
//
// Tolerances: the seasonality statistic, on R's float64 values, 1e-9 relative (the same sums in
// another order); the forecasts, from the float32 series seqcast reads, 1e-6 relative (the inputs'
// float32 rounding, 6e-8, carried through the decomposition, and the float32 result).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { naive2Forecaster } from '../../src/forecast/naive2.js';
import { m4SeasonalFigure } from '../../src/forecast/stats/m4-seasonality.js';
import { seasonalityTest } from '../../src/forecast/stats/seasonality-test.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { OptionError } from '../../src/errors.js';

interface RCase {
  series: string;
  n: number;
  h: number;
  period: number;
  seasonalStatistic: number | null;
  seasonal: boolean;
  forecast: number[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/r/naive2.json', 'utf8')) as {
  series: Record<string, { period: number; values: number[] }>;
  cases: RCase[];
};

test('naive2Forecaster(period) gives M4 Naive2 as computed with R (84 cases, 1e-6 relative)', async () => {
  let seasonal = 0;
  for (const c of fixture.cases) {
    const train = Float32Array.from(fixture.series[c.series].values.slice(0, c.n));
    const f = naive2Forecaster(c.period);
    await f.fit(train);
    const at = `${c.series} n=${c.n}`;
    assert.equal(f.seasonalFigure !== null, c.seasonal, at);
    if (c.seasonalStatistic !== null) {
      // on R's float64 values: the statistic of a near-zero autocorrelation is sensitive to float32 rounding
      const stat = seasonalityTest(fixture.series[c.series].values.slice(0, c.n), c.period)!.statistic;
      assert.ok(Math.abs(stat - c.seasonalStatistic) <= 1e-9 * c.seasonalStatistic, `${at}: statistic ${stat} vs R ${c.seasonalStatistic}`);
    }
    if (c.seasonal) seasonal++;
    const got = f.forecast(train, c.h);
    for (let j = 0; j < c.h; j++) {
      assert.ok(Math.abs(got[j] - c.forecast[j]) <= 1e-6 * Math.abs(c.forecast[j]), `${at} step ${j}: ${got[j]} vs R ${c.forecast[j]}`);
    }
  }
  assert.ok(seasonal >= 40, `${seasonal} seasonal cases: the fixture must exercise the adjustment`);
});

test('naive2Forecaster(period).predictSliding is the one-step Naive2 from the values before each point', async () => {
  const values = Float32Array.from(fixture.series.AirPassengers.values);
  const train = values.subarray(0, 120);
  const f = naive2Forecaster(12);
  await f.fit(train);
  const s = f.seasonalFigure!;
  const sliding = f.predictSliding(values, 120);
  for (let t = 120; t < values.length; t++) {
    assert.equal(sliding[t - 120], Math.fround((values[t - 1] / s[(t - 1) % 12]) * s[t % 12]));
  }
  assert.equal(sliding[0], f.forecast(values.subarray(0, 120), 1)[0]);
});

test('m4SeasonalFigure(values, period) needs 3 seasons and a significant test; naive2 is naive without it', async () => {
  const wine = fixture.series.wineind.values; // seasonal from 36 values on (statistic 2.53 there)
  assert.equal(seasonalityTest(wine.slice(0, 35), 12)!.seasonal, true); // thetaf tests 2 seasons and 11 values ...
  assert.equal(m4SeasonalFigure(wine.slice(0, 35), 12), null); // ... M4 does not
  assert.equal(m4SeasonalFigure(wine.slice(0, 36), 12)?.length, 12);
  assert.equal(m4SeasonalFigure(wine, 1), null);
  const f = naive2Forecaster();
  await f.fit(Float32Array.of(1, 5, 2));
  assert.deepEqual(Array.from(f.forecast(Float32Array.of(1, 5, 2), 3)), [2, 2, 2]);
  assert.equal(f.name, 'naive2');
  assert.equal(naive2Forecaster(24).name, 'naive2 (24)');
});

test('naive2Forecaster refuses a bad period and use before fit; it is a spec kind', async () => {
  assert.throws(
    () => naive2Forecaster(0),
    (e: unknown) => e instanceof OptionError && /period must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(() => naive2Forecaster(2.5), OptionError);
  assert.throws(
    () => naive2Forecaster(12).forecast(Float32Array.of(1, 2), 2),
    /naive2 \(12\): forecast needs a fitted forecaster: call fit\(train\) first\./,
  );
  assert.equal(makeForecaster({ kind: 'naive2', period: 24 }).name, 'naive2 (24)');
  assert.equal(makeForecaster({ kind: 'naive2' }).name, 'naive2');
});
