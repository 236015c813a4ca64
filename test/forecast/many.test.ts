import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtestMany, forecastMany } from '../../src/forecast/many.js';
import { backtest } from '../../src/forecast/backtest.js';
import { makeForecaster, type ForecasterSpec } from '../../src/forecast/forecaster-spec.js';
import { forecastWithIntervals } from '../../src/forecast/intervals.js';
import type { SeriesOutcome } from '../../src/forecast/series-chunk.js';
import { createPool } from '../../src/parallel/pool.js';
import { poolRunner, threadRunner } from '../../src/parallel/task-runner.js';
import { OptionError } from '../../src/errors.js';

/** Seasonal monthly-like series of different lengths, levels and noise (a fixed recipe, no randomness). */
function makeSeries(count: number): { values: Float32Array }[] {
  return Array.from({ length: count }, (_, s) => {
    const n = 40 + ((s * 17) % 60);
    return {
      values: Float32Array.from(
        { length: n },
        (_, i) => 50 + s + 0.3 * i + 8 * Math.sin((2 * Math.PI * (i + s)) / 12) + (((i * 7919 + s * 104729) % 13) - 6) / 2,
      ),
    };
  });
}

async function collect(run: (onSeries: (o: SeriesOutcome) => void) => Promise<unknown>): Promise<SeriesOutcome[]> {
  const out: SeriesOutcome[] = [];
  await run((o) => void out.push(o));
  return out;
}

test('forecastMany(series, ets) equals one forecastWithIntervals per series, in the series order', async () => {
  const series = makeSeries(6);
  const spec: ForecasterSpec = { kind: 'ets', period: 12 };
  const got = await collect((onSeries) =>
    forecastMany(series, spec, { runner: threadRunner(), horizon: 12, levels: [80, 95], period: 12, chunkSize: 4, onSeries }),
  );
  assert.deepEqual(
    got.map((o) => o.index),
    [0, 1, 2, 3, 4, 5],
  );
  for (const [i, { values }] of series.entries()) {
    const f = makeForecaster(spec);
    await f.fit(values);
    const one = forecastWithIntervals(f, values, 12, { level: [80, 95] });
    assert.deepEqual(got[i].forecast!.mean, one.mean);
    assert.deepEqual(
      got[i].forecast!.lower,
      one.intervals.map((x) => x.lower),
    );
    assert.deepEqual(
      got[i].forecast!.upper,
      one.intervals.map((x) => x.upper),
    );
  }
});

test('forecastMany(series, seasonal naive) with conformal intervals equals the conformal forecaster run once per series', async () => {
  const series = makeSeries(3);
  const got = await collect((onSeries) =>
    forecastMany(
      series,
      { kind: 'seasonal-naive', period: 12 },
      { runner: threadRunner(), horizon: 6, levels: [90], period: 12, onSeries },
    ),
  );
  for (const [i, { values }] of series.entries()) {
    const f = makeForecaster({ kind: 'conformal', of: { kind: 'seasonal-naive', period: 12 }, horizon: 6, period: 12 });
    await f.fit(values);
    const one = forecastWithIntervals(f, values, 6, { level: [90] });
    assert.deepEqual(got[i].forecast!.mean, one.mean);
    assert.deepEqual(got[i].forecast!.lower[0], one.intervals[0].lower);
  }
});

test('backtestMany equals backtest() per series, and sums up mean and median MASE and wins', async () => {
  const series = makeSeries(5);
  const specs: ForecasterSpec[] = [{ kind: 'theta', period: 12 }, { kind: 'naive' }, { kind: 'seasonal-naive', period: 12 }];
  const got: SeriesOutcome[] = [];
  const { summary, done, skipped } = await backtestMany(series, specs, {
    runner: threadRunner(),
    horizon: 6,
    folds: 2,
    period: 12,
    chunkSize: 2,
    onSeries: (o) => void got.push(o),
  });
  assert.equal(done, 5);
  assert.deepEqual(skipped, []);
  const perSeries: number[][] = [];
  for (const [i, { values }] of series.entries()) {
    const one = await backtest(values, () => specs.map(makeForecaster), { folds: 2, horizon: 6, period: 12 });
    assert.deepEqual(
      got[i].backtest!.mean,
      one.mean.map((m) => m.scores),
    );
    assert.deepEqual(
      got[i].backtest!.perFold[0].map((f) => f.origin),
      one.folds.map((f) => f.fold.origin),
    );
    perSeries.push(one.mean.map((m) => m.scores.mase));
  }
  const theta = summary!.forecasters[0];
  assert.equal(theta.name, 'theta (12)');
  assert.equal(theta.series, 5);
  assert.ok(Math.abs(theta.meanMase - perSeries.reduce((a, r) => a + r[0], 0) / 5) < 1e-12);
  const sorted = perSeries.map((r) => r[0]).sort((a, b) => a - b);
  assert.equal(theta.medianMase, sorted[2]);
  assert.equal(
    summary!.forecasters.reduce((a, f) => a + f.wins, 0),
    5,
  );
});

test('a series too short is reported with its reason and skipped; the others are done', async () => {
  const series = [...makeSeries(2), { values: Float32Array.of(1, 2, 3) }, ...makeSeries(1)];
  const got = await collect((onSeries) =>
    backtestMany(series, [{ kind: 'naive' }, { kind: 'seasonal-naive', period: 12 }], {
      runner: threadRunner(),
      horizon: 6,
      period: 12,
      onSeries,
    }),
  );
  assert.equal(got.length, 4);
  assert.equal(got[2].index, 2);
  assert.match(got[2].skipped!, /The series has 3 values: one fold of 6 leaves 0 to train on, and the forecasters need 24/);
  assert.ok(got[3].backtest);
  const short = await collect((onSeries) =>
    forecastMany(
      [{ values: Float32Array.of(1, 2, 3, 4) }],
      { kind: 'naive' },
      { runner: threadRunner(), horizon: 6, levels: [80], onSeries },
    ),
  );
  // too short for intervals (fewer than two seasons, 8 values at least): the point forecast alone, with a note
  assert.deepEqual(short[0].forecast!.mean, Float32Array.of(4, 4, 4, 4, 4, 4));
  assert.deepEqual(short[0].forecast!.levels, []);
  assert.match(short[0].forecast!.notes[0], /^no intervals: 6-step intervals need at least 8 values \(two seasons\), the series has 4$/);
  const none = await collect((onSeries) =>
    forecastMany([{ values: new Float32Array(0) }], { kind: 'naive' }, { runner: threadRunner(), horizon: 6, onSeries }),
  );
  assert.match(none[0].skipped!, /The series has 0 values and naive needs at least 2 to fit on/);
});

test('the pool on 2 workers gives the thread runner’s outcomes, series by series', async () => {
  const series = makeSeries(9);
  const specs: ForecasterSpec[] = [{ kind: 'ets', period: 12 }, { kind: 'naive' }];
  const options = { horizon: 6, folds: 2, period: 12, levels: [80, 95], chunkSize: 2 };
  const thread = await collect((onSeries) => backtestMany(series, specs, { ...options, runner: threadRunner(), onSeries }));
  const runner = poolRunner(createPool({ workers: 2 }));
  try {
    const pooled = await collect((onSeries) => backtestMany(series, specs, { ...options, runner, onSeries }));
    assert.deepEqual(pooled, thread);
    // every series has two seasons before its first origin (n − 12 ≥ 28), so intervals: conformal
    // where 24 + 6 values fit there, else from ETS's forecast variance (the 40-value series)
    for (const o of thread) assert.equal(o.backtest!.perFold[0][0].coverage!.length, 2);
    assert.equal(series[0].values.length, 40);
  } finally {
    await runner.close();
  }
});

test('forecastMany refuses a bad spec, horizon or chunk size before any job', async () => {
  const runner = threadRunner();
  await assert.rejects(
    forecastMany([], { kind: 'nope' } as unknown as ForecasterSpec, { runner, horizon: 6 }),
    /Unknown forecaster kind 'nope'/,
  );
  await assert.rejects(forecastMany([], { kind: 'naive' }, { runner, horizon: 0 }), OptionError);
  await assert.rejects(forecastMany([], { kind: 'naive' }, { runner, horizon: 6, chunkSize: 0 }), /chunkSize must be a positive integer/);
});
