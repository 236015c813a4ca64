// conformalForecaster: split conformal intervals per step, checked by hand on a small case, by the
// coverage they give on a long series, and through a save and a load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calibrationStart,
  conformalForecaster,
  conformalForecasterFromFitted,
  conformalRank,
  resolveConformalOptions,
} from '../../src/forecast/conformal.js';
import { movingAverageForecaster, naiveForecaster } from '../../src/forecast/forecaster.js';
import { etsForecaster } from '../../src/forecast/stats/ets.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';
import { forecastWithIntervals } from '../../src/forecast/intervals.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../src/forecast/saved-forecaster.js';
import { InputError, ModelFileError, OptionError, TooShortToCalibrateError } from '../../src/errors.js';
import { noise, syntheticSeries } from '../../src/data/synthetic.js';

const noNetworks = () => {
  throw new Error('no networks here');
};

test('conformalRank(m, level) is ⌈(m + 1)·level/100⌉, exact at whole ranks', () => {
  assert.equal(conformalRank(30, 95), 30); // ⌈29.45⌉
  assert.equal(conformalRank(30, 80), 25); // ⌈24.8⌉
  assert.equal(conformalRank(19, 95), 19); // 20 · 0.95 = 19 exactly, not 20
  assert.equal(conformalRank(3, 50), 2);
  assert.equal(conformalRank(10, 95), 11); // beyond the 10 errors
  assert.equal(conformalRank(5, 1), 1);
});

test('calibrationStart(n, options, minHistory) keeps two seasons and up to `origins` origins', () => {
  assert.equal(calibrationStart(144, resolveConformalOptions({ horizon: 18, period: 12 }), 1), 97); // origins 97..126: 30
  assert.equal(calibrationStart(60, resolveConformalOptions({ horizon: 18, period: 12 }), 1), 24); // origins 24..42: 19
  assert.equal(calibrationStart(60, resolveConformalOptions({ horizon: 6 }), 25), 25); // the inner forecaster's own minimum
  assert.throws(
    () => calibrationStart(41, resolveConformalOptions({ horizon: 18, period: 12 }), 1),
    (e: unknown) =>
      e instanceof TooShortToCalibrateError &&
      e instanceof InputError &&
      /needs at least 42 training values \(24 to fit on/.test(e.message),
  );
});

test('conformalForecaster(naive, { horizon: 2 }) gives forecast ∓ the ranked errors of each step, worked by hand', async () => {
  // n = 12, h = 2: c = max(8, 12 − 2 − 30 + 1) = 8, origins 8, 9, 10 (M = 3)
  const train = Float32Array.of(0, 1, 2, 3, 4, 5, 6, 10, 13, 11, 17, 12);
  const f = conformalForecaster(naiveForecaster, { horizon: 2 });
  await f.fit(train);
  // step 1: |13 − 10|, |11 − 13|, |17 − 11| = 3, 2, 6; step 2: |11 − 10|, |17 − 13|, |12 − 11| = 1, 4, 1
  assert.deepEqual(f.calibration, {
    start: 8,
    errors: [
      [2, 3, 6],
      [1, 1, 4],
    ],
  });
  const out = f.forecastIntervals(train, 2, [50, 75]);
  assert.deepEqual(Array.from(out.mean), [12, 12]);
  // 50 %: rank ⌈4 · 0.5⌉ = 2 → 3 and 1; 75 %: rank 3 → 6 and 4
  assert.deepEqual(Array.from(out.intervals[0].lower), [9, 11]);
  assert.deepEqual(Array.from(out.intervals[0].upper), [15, 13]);
  assert.deepEqual(Array.from(out.intervals[1].lower), [6, 8]);
  assert.deepEqual(Array.from(out.intervals[1].upper), [18, 16]);
  assert.equal(out.notes, undefined);
  // one step only: the first step's band
  assert.deepEqual(Array.from(f.forecastIntervals(train, 1, [50]).intervals[0].upper), [15]);
});

test('conformalForecaster says when too few origins guarantee a level, and uses the largest error, not a narrower one', async () => {
  const train = Float32Array.of(0, 1, 2, 3, 4, 5, 6, 10, 13, 11, 17, 12);
  const f = conformalForecaster(naiveForecaster, { horizon: 2 });
  await f.fit(train);
  const out = forecastWithIntervals(f, train, 2, { level: [80, 95] }); // ranks 4 and 4 of 3 errors
  assert.deepEqual(Array.from(out.intervals[0].upper), [18, 16]);
  assert.deepEqual(Array.from(out.intervals[1].upper), [18, 16]);
  assert.equal(out.notes?.length, 2);
  assert.match(out.notes![0], /^80 % intervals: 3 calibration origins are too few to guarantee 80 % \(it needs 4\)/);
  assert.match(out.notes![1], /^95 % intervals: 3 calibration origins are too few to guarantee 95 % \(it needs 19\)/);
});

test('conformalForecaster refuses a horizon beyond its calibration, a bad level, forecasts before fit and bad options', async () => {
  const train = Float32Array.from({ length: 40 }, (_, t) => Math.sin(t) * 5 + t);
  const f = conformalForecaster(naiveForecaster, { horizon: 4 });
  assert.equal(f.name, 'conformal naive');
  assert.throws(
    () => f.forecastIntervals(train, 4, [80]),
    /conformal naive: forecastIntervals needs a fitted forecaster: call fit\(train\) first/,
  );
  await f.fit(train);
  assert.throws(
    () => f.forecastIntervals(train, 5, [80]),
    (e: unknown) => e instanceof OptionError && /calibrated for at most 4 steps, got a horizon of 5/.test(e.message),
  );
  assert.equal(f.forecast(train, 9).length, 9, 'point forecasts go as far as the inner forecaster does');
  for (const bad of [[0], [100], [-1], [Number.NaN], []]) assert.throws(() => f.forecastIntervals(train, 2, bad), OptionError);
  for (const bad of [{ horizon: 0 }, { horizon: 1.5 }, { horizon: 2000 }, { horizon: 3, origins: 0 }, { horizon: 3, period: 0 }])
    assert.throws(() => conformalForecaster(naiveForecaster, bad), OptionError, JSON.stringify(bad));
  assert.throws(
    () => forecastWithIntervals(naiveForecaster(), train, 3),
    /naive has no prediction intervals of its own: wrap it in a conformal forecaster/,
  );
});

test('conformalForecaster(moving average) covers its level of iid noise it never saw, on average over 8 seeds', async () => {
  // N(0, 1) noise (the course's noise(), numpy's generator), seeds 1..8: calibrated on 300 values
  // (200 origins), then scored on the one-step forecasts of the next 1,700. Exchangeable errors, so
  // the expected coverage is between L and L + 100/(M + 1) = L + 0.5; the mean over 8 × 1,700
  // forecasts has a standard error of about 1 point (the calibration quantile's own spread).
  // Measured: 80.6 % and 95.6 %.
  const mean = [0, 0];
  for (let seed = 1; seed <= 8; seed++) {
    const values = Float32Array.from(noise(new Float64Array(2000), 1, seed));
    const f = conformalForecaster(() => movingAverageForecaster(30), { horizon: 1, origins: 200 });
    await f.fit(values.subarray(0, 300));
    assert.equal(f.calibration!.errors[0].length, 200);
    const inside = [0, 0];
    for (let t = 300; t < 2000; t++) {
      const { intervals } = f.forecastIntervals(values.subarray(0, t), 1, [80, 95]);
      intervals.forEach((iv, l) => (inside[l] += iv.lower[0] <= values[t] && values[t] <= iv.upper[0] ? 1 : 0));
    }
    inside.forEach((c, l) => (mean[l] += (100 * c) / 1700 / 8));
  }
  assert.ok(mean[0] > 78 && mean[0] < 83, `80 %: covered ${mean[0]}`);
  assert.ok(mean[1] > 93.5 && mean[1] < 97.5, `95 %: covered ${mean[1]}`);
});

test('a conformal ETS forecaster saved and loaded gives the same forecasts and intervals', async () => {
  const { series } = syntheticSeries({ length: 120, period: 12, amplitude: 10, slope: 0.2, noiseLevel: 1, seed: 4 });
  const spec: ForecasterSpec = { kind: 'conformal', of: { kind: 'ets', period: 12 }, horizon: 12, period: 12 };
  const f = makeForecaster(spec);
  assert.equal(f.name, 'conformal ets (12)');
  await f.fit(series);
  const json = JSON.parse(JSON.stringify(savedForecasterToJSON(spec, f, noNetworks)));
  assert.equal(json.kind, 'conformal');
  assert.equal(json.calibration.errors.length, 12);
  assert.equal(json.calibration.errors[0].length, 30);
  const g = await savedForecasterFromJSON(json, noNetworks);
  const a = forecastWithIntervals(f, series, 12, { level: [80, 95] });
  const b = forecastWithIntervals(g, series, 12, { level: [80, 95] });
  assert.deepEqual(b, a);
  assert.ok(a.intervals[1].upper[11] - a.intervals[1].lower[11] > 0);
  assert.equal(g.describe?.(), f.describe?.());
  // a hand-edited calibration is refused as a whole
  const edited = structuredClone(json);
  edited.calibration.errors[3][0] = 1e9; // no longer ascending
  await assert.rejects(
    savedForecasterFromJSON(edited, noNetworks),
    (e: unknown) => e instanceof ModelFileError && /ascending/.test((e as Error).message),
  );
  const missing = structuredClone(json);
  delete missing.inner;
  await assert.rejects(savedForecasterFromJSON(missing, noNetworks), /forecaster\.inner must be the wrapped forecaster/);
});

test('conformalForecasterFromFitted checks the calibration against the options', () => {
  const inner = naiveForecaster();
  assert.throws(() => conformalForecasterFromFitted(inner, { horizon: 2 }, { start: 8, errors: [[1, 2]] }), /one list per step, 2/);
  assert.throws(
    () => conformalForecasterFromFitted(inner, { horizon: 1, origins: 1 }, { start: 8, errors: [[1, 2]] }),
    /from 1 to 1 errors/,
  );
  const f = conformalForecasterFromFitted(inner, { horizon: 1 }, { start: 8, errors: [[1, 2, 3]] });
  assert.deepEqual(Array.from(f.forecastIntervals(Float32Array.of(5), 1, [50]).intervals[0].lower), [3]);
});

test("makeForecaster({ kind: 'conformal' }) needs an 'of' that is not conformal itself", () => {
  assert.throws(
    () => makeForecaster({ kind: 'conformal', horizon: 3 } as unknown as ForecasterSpec),
    /needs the spec of the forecaster it wraps as 'of'/,
  );
  assert.throws(
    () =>
      makeForecaster({
        kind: 'conformal',
        horizon: 3,
        of: { kind: 'conformal', of: { kind: 'naive' }, horizon: 3 },
      } as unknown as ForecasterSpec),
    /'of' is already conformal/,
  );
});

test('conformalForecaster(ets).fit reports a calibration fit that fails as such', async () => {
  const f = conformalForecaster(() => etsForecaster({ model: 'MNN' }), { horizon: 2 });
  const train = Float32Array.from({ length: 20 }, (_, t) => (t < 8 ? -1 - t : t));
  await assert.rejects(
    f.fit(train),
    (e: unknown) => e instanceof InputError && /the calibration fit on the first 8 training values failed/.test((e as Error).message),
  );
});

test('a conformal forecaster forecasts what the wrapped one fitted alone on the same training part forecasts', async () => {
  const { series } = syntheticSeries({ length: 100, period: 12, amplitude: 10, slope: 0.2, noiseLevel: 1, seed: 5 });
  const alone = etsForecaster({ period: 12 });
  await alone.fit(series);
  const wrapped = conformalForecaster(() => etsForecaster({ period: 12 }), { horizon: 12, period: 12 });
  await wrapped.fit(series);
  assert.deepEqual(wrapped.forecast(series, 24), alone.forecast(series, 24));
  assert.deepEqual(wrapped.predictSliding(series, 50), alone.predictSliding(series, 50));
  assert.equal(wrapped.describe(), `${alone.describe()}, conformal intervals from 30 origins`);
});

test('a training part too short to calibrate on gets intervals from ETS’s forecast variance, says so, and keeps them through a save', async () => {
  // three years of a monthly series: 36 values, 18-step intervals need 24 + 18 to calibrate
  const train = Float32Array.from({ length: 36 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + 0.3 * t + noiseAt(t));
  const f = conformalForecaster(() => naiveForecaster(), { horizon: 18, period: 12 });
  await f.fit(train);
  const cal = f.calibration!;
  assert.ok(cal.fallback, 'a fallback calibration');
  assert.deepEqual(cal.errors, []);
  assert.equal(cal.start, 36);
  // the same ETS fitted here gives the standard deviations
  const ets = etsForecaster({ period: 12 });
  await ets.fit(train);
  assert.equal(cal.fallback.model, ets.describe());
  const variance = ets.forecastDistribution(train, 18).variance!;
  assert.deepEqual(cal.fallback.sd, Array.from(variance, Math.sqrt));
  const got = f.forecastIntervals(train, 18, [80, 95]);
  const mean = naiveForecaster().forecast(train, 18);
  assert.deepEqual(got.mean, mean);
  for (const [i, z] of [1.2815515655446004, 1.959963984540054].entries())
    for (let j = 0; j < 18; j++) {
      assert.equal(got.intervals[i].upper[j], Math.fround(mean[j] + z * cal.fallback.sd[j]));
      assert.equal(got.intervals[i].lower[j], Math.fround(mean[j] - z * cal.fallback.sd[j]));
    }
  assert.ok(got.intervals[1].upper[17] - got.intervals[1].lower[17] > got.intervals[1].upper[0] - got.intervals[1].lower[0], 'wider later');
  assert.match(got.notes!.join(' '), /ETS\(.*forecast variance \(36 training values are too few to calibrate conformal intervals\)/);
  assert.match(f.describe(), /intervals from ETS/);
  const again = conformalForecasterFromFitted(f.inner!, f.options, JSON.parse(JSON.stringify(cal)));
  assert.deepEqual(again.forecastIntervals(train, 18, [80, 95]), got);
  // a fallback that does not fit the options is refused
  assert.throws(
    () => conformalForecasterFromFitted(f.inner!, f.options, { ...cal, fallback: { model: 'x', sd: [1] } }),
    /fallback sd must hold/,
  );
  assert.throws(() => conformalForecasterFromFitted(f.inner!, f.options, { ...cal, errors: [[1]] }), /errors must be empty/);
});

test('a training part too short for ETS as well still fails with the calibration’s message', async () => {
  const f = conformalForecaster(() => naiveForecaster(), { horizon: 6, period: 1 });
  await assert.rejects(
    f.fit(Float32Array.of(1, 2, 3)),
    (e: unknown) =>
      e instanceof TooShortToCalibrateError &&
      /6-step intervals need at least 8 training values \(two seasons; 14 to calibrate them on, else they come from ETS's forecast variance\), got 3/.test(
        e.message,
      ),
  );
});

function noiseAt(t: number): number {
  return ((t * 7919) % 13) / 6.5 - 1;
}
